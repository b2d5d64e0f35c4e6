"""Periodic upkeep that reads across apps (the top layer may import every app)."""

from celery import shared_task


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1750)
def recompute_pending() -> dict:
    """Re-screen and re-score whatever is marked stale; idempotent, so a twin run does no harm."""
    from .recompute import recompute_pending as drain

    return drain()


@shared_task(time_limit=600, soft_time_limit=550)
def remove_orphan_resumes() -> int:
    """Résumé files that no application points at (left by a crash or a rollback)."""
    from candidates.files import remove_orphan_resumes as sweep

    return sweep()


@shared_task(time_limit=600, soft_time_limit=550)
def prune_sign_in_records() -> int:
    """Forget successful sign-ins (user, address, time) after SIGNIN_LOG_DAYS: kept only to know an
    account's usual addresses (recruiting/signin.py) and for an admin looking into a break-in."""
    from .signin import prune_sign_in_records as prune

    return prune()
