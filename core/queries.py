"""Small helpers for building queries."""

from __future__ import annotations

from django.db.models import ForeignObject, IntegerField, Lookup


@IntegerField.register_lookup
@ForeignObject.register_lookup
class AnyOf(Lookup):
    """``field__any_of=[ids]``: ``field = ANY(%s)`` with the whole list as one array parameter on PostgreSQL,
    ``IN (…)`` elsewhere. Django's ``__in`` converts each of thousands of ids one by one; this does not."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(v) for v in self.rhs]  # once, whatever iterable came

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]
        if not ids:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join('%s' for _ in ids)})", [*lhs_params, *ids]
