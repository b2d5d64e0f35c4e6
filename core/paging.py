"""Pagination for staff lists that may hold 100,000 rows: the count stops at CAP, so a page costs the same
whatever the list's length, and the last reachable page is bounded (an offset of at most CAP rows)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    CAP = 5000

    def __init__(self, *args, cap: int | None = None, counted=None, **kwargs):
        """``cap``: a list's own, where fewer rows tell as much (the ranking's top). ``counted``: the same rows
        with fewer joins to count (a list of values joins whatever its columns come from)."""
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.CAP = cap
        self.counted = self.object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        """The rows, counted up to CAP + 1 (SELECT COUNT(*) FROM (… LIMIT CAP + 1)), in no order: any CAP + 1 rows
        tell as much as the first, without sorting them all. Only the columns that filter are read."""
        return self.counted.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        """More than CAP rows: the page says "more than CAP" and asks to filter."""
        return self.count > self.CAP
