"""Job-board search that ignores accents and case: "contabilita" finds "Contabilità".

The columns are compared through ``UNACCENT()``: PostgreSQL's unaccent extension (migration 0008), and on
SQLite (the embedded default) a deterministic function of the same name registered on every connection
(``register_sqlite_unaccent``). The searched words are folded here the same way, so the two sides meet.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.backends.signals import connection_created

# Letters that carry no combining accent to strip, mapped as PostgreSQL's unaccent.rules maps them.
_NOT_DECOMPOSED = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
})
# Italian keyboards without accented capitals write "perche'" or "citta`" for "perché", "città":
# an apostrophe or a backquote is not part of a word to look for, and it separates an elided article
# ("dell'ufficio" looks for "dell" and "ufficio").
_WORD_SEPARATORS = re.compile(r"[\s'’`´]+")
MAX_WORDS = 5


def unaccent(text: str | None) -> str | None:
    """The text without accents, case kept: what PostgreSQL's unaccent() returns for Latin letters."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def search_words(query: str) -> list[str]:
    """The words to look for (at most five), without accents."""
    return [unaccent(word) for word in _WORD_SEPARATORS.split(query) if word][:MAX_WORDS]


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """On SQLite, UNACCENT() is ours: deterministic, so SQLite may use it in indexes and may cache it."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, unaccent, deterministic=True)


def connect() -> None:
    """Register UNACCENT() on every new SQLite connection, and on any already open."""
    from django.db import connections

    connection_created.connect(register_sqlite_unaccent, dispatch_uid="positions.search.unaccent")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            register_sqlite_unaccent(sender=type(connection), connection=connection)
