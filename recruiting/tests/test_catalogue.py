"""The Italian catalogue covers every translatable string in the code and templates."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import missing_service

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "core", "recruiting", "positions", "candidates", "evaluations", "templates", "locale"]


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header, plural forms joined."""
    entries = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text, current, parts = {}, None, []
        for line in lines:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                if current:
                    text[current] = "".join(parts)
                current, parts = match.group(1), [match.group(2)]
            elif line.startswith('"') and current:
                parts.append(line[1:-1])
        if current:
            text[current] = "".join(parts)
        if text.get("msgid"):
            translations = [v for k, v in text.items() if k.startswith("msgstr")]
            entries.append((text["msgid"], "" if not all(translations) else translations[0], fuzzy))
    return entries


def test_every_translatable_string_in_the_code_is_translated_in_the_italian_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        missing_service("GNU gettext (xgettext) is not installed: apt-get install gettext")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "it", "--no-location", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "recruiting.settings", "ENV_FILE": "/nonexistent"},
    )
    entries = _entries((tmp_path / "locale/it/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    missing = sorted(msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy)
    assert len(entries) > 500
    assert missing == []
