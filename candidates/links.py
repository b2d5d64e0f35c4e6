"""Signed action links in candidate e-mails are made when a message is sent, never stored.

A recorded e-mail (``CandidateEmail.body``) is read by HR and admins and goes into exports, and a
signed link opens the candidate's page or answers their offer: so the stored copy holds a visible
marker where each link goes, and candidates.emails.message_for replaces the markers with freshly
signed links only while building the message it sends (or shows in a preview).

The marker is one fixed English text in every e-mail language: it is read back when sending, so it
must not change with a translation; the brackets show a reader that something was left out on purpose.
An e-mail that lists several applications names the application in its marker. A marker typed into a
name or a template gets the link of that same e-mail's candidate at most (candidates.emails checks it),
so it reveals nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDER = "[link sent only to the candidate]"
_MARKER = re.compile(r"\[link sent only to the candidate(?:: application (?P<application>[0-9]{1,18}))?\]")


def marker(application_id: int | None = None) -> str:
    """What the stored copy shows where a link goes: PLACEHOLDER, or naming the application it opens."""
    if application_id is None:
        return PLACEHOLDER
    return f"[link sent only to the candidate: application {application_id}]"


def fill(body: str, link_for: Callable[[int | None], str | None]) -> str:
    """`body` with each marker replaced by ``link_for(application id or None)``; a marker it answers None for stays."""

    def replace(match: re.Match) -> str:
        application = match.group("application")
        link = link_for(int(application) if application else None)
        return match.group(0) if link is None else link

    return _MARKER.sub(replace, body)
