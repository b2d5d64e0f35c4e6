from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def close_expired_positions() -> int:
    """Idempotent: closing an already-closed position changes nothing."""
    return services.positions_close_expired()
