"""Pagination for staff lists that may hold 100,000 rows: the count stops at CAP, so a page costs the same
whatever the list's length, and the last reachable page is bounded (an offset of at most CAP rows)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    CAP = 5000

    @cached_property
    def count(self) -> int:
        """The rows, counted up to CAP + 1 (SELECT COUNT(*) FROM (… LIMIT CAP + 1))."""
        return self.object_list[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        """More than CAP rows: the page says "more than CAP" and asks to filter."""
        return self.count > self.CAP
