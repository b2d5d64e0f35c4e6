"""Why a stored score changed: old → new, with the causes read off the two explanations.

evaluations.ranking calls ``changes`` for every batch it stores, whatever asked for the rescore (a scorecard, an
edited requirement, a calibration shift, a reference, an assessment, a new résumé): so the history holds on every
path, and no caller has to say why. Each explanation line is reduced to the facts it rests on, tagged with the
kind of event that can change them; the causes are the kinds of the facts that differ. A change whose facts are all
equal (a new release scoring differently) is put down to the scoring rules.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.queries import copy_csv, id_array

from .models import ApplicationScore, ScoreChange


class Cause(models.TextChoices):
    SCORECARD = "scorecard", _("a scorecard was submitted or changed")
    CALIBRATION = "calibration", _("an interviewer's calibration shifted")
    POSITION = "position", _("the position's requirements, skills or weights were edited")
    APPLICATION = "application", _("the candidate's details or résumé changed")
    REFERENCE = "reference", _("a reference was answered or excluded")
    ASSESSMENT = "assessment", _("an assessment was completed or excluded")
    RULES = "rules", _("the scoring rules changed")


ORDER = list(Cause)
PARTS = ("skills", "background", "interpersonal")
_RATED = {"skill_rated", "competency_rated", "education_rated", "experience_rated"}
_SKILL_EVIDENCE = {"skill_declared", "skill_text", "skill_missing", "skill_missing_preferred"}


def _rated_facts(code: str, params: dict[str, Any]) -> list[tuple]:
    key = params.get("skill") or params.get("competency") or code
    # The mean as the interviewers gave it: the calibrated one moves with calibration, which has its own facts.
    return [(Cause.SCORECARD, code, key, params.get("count"), params.get("raw", params.get("rating")))]


def _background_facts(code: str, params: dict[str, Any]) -> list[tuple]:
    figure = params.get("level", params.get("years"))
    return [(Cause.APPLICATION, code, figure), (Cause.POSITION, code, params.get("minimum"), params.get("preferred"))]


def _facts(code: str, params: dict[str, Any]) -> list[tuple]:
    """The facts one explanation line rests on, each (cause, …)."""
    if code in _RATED:
        facts = _rated_facts(code, params)
        return [*facts, (Cause.POSITION, "skill", params["skill"])] if "skill" in params else facts
    if code in _SKILL_EVIDENCE:
        return [(Cause.APPLICATION, "skill", params["skill"], code), (Cause.POSITION, "skill", params["skill"])]
    if code in ("education", "experience"):
        return _background_facts(code, params)
    simple = {
        "part": lambda: (Cause.POSITION, "part", params["part"], params["weight"]),
        "source": lambda: (Cause.POSITION, "source", params["source"], params["weight"]),
        "background_no_requirement": lambda: (Cause.POSITION, code),
        "reference_rated": lambda: (Cause.REFERENCE, params["competency"], params["rating"], params["referees"]),
        "references_waiting": lambda: (Cause.REFERENCE, code, params["referees"]),
        "judgement": lambda: (Cause.ASSESSMENT, code, params["competency"], params["percent"]),
        "exercise": lambda: (Cause.ASSESSMENT, code, params["code"], params["percent"]),
    }
    if code in simple:
        return [simple[code]()]
    if code == "calibration" and params.get("offset"):
        # An interviewer below the threshold, or exactly at the average, moves no one: no fact.
        return [(Cause.CALIBRATION, params["interviewer"], params["offset"])]
    return []


def _fact_set(lines: Iterable) -> set[tuple]:
    facts: set[tuple] = set()
    for code, params in lines:
        facts.update(_facts(code, params))
    return facts


def _weighted(facts: set[tuple]) -> set[str]:
    return {fact[2] for fact in facts if fact[1] in ("part", "source")}


def _measured(facts: set[tuple]) -> set[str]:
    return {fact[1] for fact in facts if fact[0] == Cause.POSITION and fact[1] in ("education", "experience")}


def causes(old_lines: Iterable, new_lines: Iterable) -> list[str]:
    """The causes of the difference between two explanations, in Cause order; "rules" when the facts are equal."""
    return _causes(_fact_set(old_lines), _fact_set(new_lines))


def _causes(old: set[tuple], new: set[tuple]) -> list[str]:
    differing = old ^ new
    # A part or a source that is there on one side only came with its evidence: its weight is no edit. The
    # candidate's education and years are measured only against a requirement: one set or removed is the edit.
    both = _weighted(old) & _weighted(new)
    measured = _measured(old) & _measured(new)
    differing = {
        fact for fact in differing
        if (fact[1] not in ("part", "source") or fact[2] in both)
        and not (fact[0] == Cause.APPLICATION and fact[1] in ("education", "experience") and fact[1] not in measured)
    }
    # A skill that interviewers rated on one side: the rating explains the change, not the candidate's own words.
    rated = {fact[2] for fact in differing if fact[0] == Cause.SCORECARD and fact[1] == "skill_rated"}
    found = {
        fact[0] for fact in differing
        if not (fact[0] == Cause.APPLICATION and fact[1] == "skill" and fact[2] in rated)
    }
    return [cause.value for cause in ORDER if cause in found] or [Cause.RULES.value]


def _parts(row: Any) -> dict[str, float | None]:
    return {part: getattr(row, part) if not isinstance(row, dict) else row[part] for part in PARTS}


class Memo:
    """What one rescore keeps between its batches: the facts of each stored explanation, by fingerprint; those of
    each shared new explanation, by object (a rescore shares one object between the applicants scored alike; an
    applicant's own explanation is read once and not kept); and the causes of each pair. Each at most ``LIMIT``
    entries; kept objects stay alive, so an id is never mistaken for another's."""

    LIMIT = 10000

    def __init__(self) -> None:
        self.old: dict[str, set[tuple]] = {}
        self.new: dict[int, tuple[Any, set[tuple]]] = {}
        self.causes: dict[tuple[str, int], list[str]] = {}

    def new_facts(self, lines: Any) -> set[tuple]:
        kept = self.new.get(id(lines))
        if kept is None or kept[0] is not lines:
            if len(self.new) >= self.LIMIT:
                self.new.clear()
                self.causes.clear()
            kept = self.new[id(lines)] = (lines, _fact_set(lines))
        return kept[1]

    def pair(self, fingerprint: str, lines: Any, shared: bool = True) -> list[str]:
        if not shared:
            return _causes(self.old[fingerprint], _fact_set(lines))
        key = (fingerprint, id(lines))
        found = self.causes.get(key)
        if found is None:
            new = self.new_facts(lines)  # may clear the causes: so before storing into them
            found = self.causes[key] = _causes(self.old[fingerprint], new)
        return found


def _moved(rows: Sequence[Any], memo: Memo | None = None) -> list[tuple[Any, dict, list[str]]]:
    """(row, the stored figures, the causes) for each row whose figures differ from those stored (two queries, or
    one when every stored explanation is known). Stored explanations are compared by fingerprint, and each distinct
    one is read once: a full rescore moves many applicants the same way."""
    memo = memo or Memo()
    stored = {
        application_id: (figures, digest or f"application:{application_id}")  # a row from before digests: its own
        for application_id, *figures, digest in ApplicationScore.objects.filter(
            application_id__any_of=id_array(row.application_id for row in rows)
        ).values_list("application_id", "total", *PARTS, "digest")
    }
    moved = [
        (row, *found) for row in rows
        if (found := stored.get(row.application_id)) is not None
        and found[0] != [row.total, row.skills, row.background, row.interpersonal]
    ]
    if not moved:
        return []
    # One application per stored explanation not yet known is enough to read it.
    readers = {fingerprint: row.application_id for row, _figures, fingerprint in moved}
    unknown = [application_id for fingerprint, application_id in readers.items() if fingerprint not in memo.old]
    if len(memo.old) + len(unknown) > memo.LIMIT:
        memo.old.clear()
        memo.causes.clear()
        unknown = list(readers.values())
    for application_id, lines in ApplicationScore.objects.filter(application_id__any_of=unknown).values_list(
        "application_id", "lines"
    ) if unknown else ():
        memo.old[stored[application_id][1]] = _fact_set(lines or [])
    return [
        (row, dict(zip(("total", *PARTS), figures, strict=True)),
         memo.pair(fingerprint, row.lines, getattr(row, "shared", False)))
        for row, figures, fingerprint in moved
    ]


def changes(rows: Sequence[Any]) -> list[ScoreChange]:
    """ScoreChange rows for the scores about to be stored that differ from those stored.

    ``rows`` have an application_id, a total, the parts and lines (evaluations.ranking.Scored).
    """
    return [
        ScoreChange(application_id=row.application_id, total_before=before["total"], total_after=row.total,
                    parts_before=_parts(before), parts_after=_parts(row), causes=found)
        for row, before, found in _moved(rows)
    ]


def record(rows: Sequence[Any], memo: Memo | None = None) -> int:
    """Store the changes ``rows`` make to the stored scores; call before storing ``rows``. A rescore in batches
    passes one ``memo`` to them all.

    On PostgreSQL one COPY, as the scores themselves are written (a full rescore may change every row).
    """
    if connection.vendor != "postgresql":
        found = changes(rows)
        ScoreChange.objects.bulk_create(found)
        return len(found)
    count, text = pending(rows, memo)
    write(text)
    return count


def pending(rows: Sequence[Any], memo: Memo | None = None) -> tuple[int, str]:
    """PostgreSQL: how many of the stored scores ``rows`` change, and those changes as CSV for ``write``."""
    moved = _moved(rows, memo)
    now = timezone.now().isoformat()
    lines: dict[tuple, str] = {}  # applicants moved alike share their line after the id
    out = []
    for row, before, found in moved:
        key = (before["total"], *_parts(before).values(), row.total, *_parts(row).values(), *found)
        if key not in lines:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow((
                now, before["total"], row.total, json.dumps(_parts(before)), json.dumps(_parts(row)), json.dumps(found)
            ))
            lines[key] = buffer.getvalue()
        out.append(f"{row.application_id},{lines[key]}")
    return len(moved), "".join(out)


def write(text: str) -> None:
    """PostgreSQL: store changes as ``pending`` gave them (one COPY)."""
    if text:
        copy_csv(ScoreChange._meta.db_table,
                 ("application_id", "at", "total_before", "total_after", "parts_before", "parts_after", "causes"), text)


def labels(codes: Iterable[str]) -> list[str]:
    """The causes in the reader's language (an unknown code, from a later release, as the rules)."""
    known = {cause.value: cause.label for cause in Cause}
    return [str(known.get(code, Cause.RULES.label)) for code in codes]
