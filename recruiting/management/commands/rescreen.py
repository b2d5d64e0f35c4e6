from django.core.management.base import BaseCommand, CommandError

from candidates.services import position_rescreen
from positions.models import Position
from recruiting import recompute


class Command(BaseCommand):
    help = (
        "Recompute 'meets requirements' for applications (one position or all). With --pending, drain "
        "every re-screening and re-scoring still marked as needed, as beat does each minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--position", help="Position id or web address (slug); all positions if omitted.")
        parser.add_argument("--pending", action="store_true", help="Only what is marked as needing it.")

    def handle(self, *args, position=None, pending=False, **options):
        if pending:
            before = recompute.pending_counts()
            done = recompute.recompute_pending()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pending before: {before['positions']} positions, {before['applications']} applications. "
                    f"Recomputed: {done['positions']} positions, {done['applications']} applications."
                )
            )
            return
        positions = Position.objects.order_by("pk")
        if position:
            positions = positions.filter(slug=position) | (
                Position.objects.filter(pk=position) if position.isdigit() else Position.objects.none()
            )
            if not positions.exists():
                raise CommandError(f"No position {position!r}.")
        changed = total = 0
        for position_id in positions.values_list("pk", flat=True):
            changed += position_rescreen(position_id=position_id)
            total += 1
        self.stdout.write(self.style.SUCCESS(f"Re-screened {total} positions; {changed} applications changed."))
