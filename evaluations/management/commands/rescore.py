import time

from django.core.management.base import BaseCommand, CommandError

from evaluations import ranking
from positions.models import Position


class Command(BaseCommand):
    help = "Recompute stored ranking scores in batches; safe to run while the app serves."

    def add_arguments(self, parser):
        parser.add_argument("--position", help="Position id or web address (slug); all positions if omitted.")

    def handle(self, *args, position=None, **options):
        position_id = None
        if position:
            found = Position.objects.filter(slug=position).first() or (
                Position.objects.filter(pk=position).first() if position.isdigit() else None
            )
            if found is None:
                raise CommandError(f"No position {position!r}.")
            position_id = found.pk
        started = time.perf_counter()

        def progress(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        count = ranking.rescore(position_id=position_id, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Rescored {count} applications in {elapsed:.1f} s."))
