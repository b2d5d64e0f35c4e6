"""scripts/audit.sh's verdict from what pip-audit and npm audit say, run with fake tools on PATH.

The fake tools print what the real ones print (pip-audit 2.10, npm 11: the unreachable cases are
copied from this workplace, whose network reaches neither advisory service) and exit as they do.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.sh"

SKIP_TABLE = (
    "Name     Skip Reason\n"
    "-------- -----------------------------------------------------------------------\n"
    "aiosmtpd Dependency not found on PyPI and could not be audited: aiosmtpd (1.4.6)\n"
)
VULN_TABLE = (
    "Name   Version ID                  Fix Versions\n"
    "------ ------- ------------------- ------------\n"
    "django 5.2.1   GHSA-7xr5-9hcq-chf9 5.2.2\n"
)
# (stdout, stderr, exit status) of pip-audit --progress-spinner off
PIP_CLEAN = ("", "No known vulnerabilities found\n", 0)
PIP_FOUND = (VULN_TABLE, "Found 1 known vulnerability in 1 package\n", 1)
PIP_FOUND_AND_SKIPPED = (VULN_TABLE + "\n" + SKIP_TABLE, "Found 1 known vulnerability in 1 package\n", 1)
PIP_ALL_SKIPPED = (SKIP_TABLE, "No known vulnerabilities found\n", 0)  # this workplace: PyPI's JSON API answers 404
PIP_NO_CONNECTION = (
    "",
    "ERROR:pip_audit._cli:Could not connect to PyPI's vulnerability feed\n"
    "ERROR:pip_audit._cli:Tip: your network may be blocking this service. Try another service with `-s SERVICE`\n",
    1,
)
PIP_CRASH = ("", "Traceback (most recent call last):\n  ...\nKeyError: 'info'\n", 1)


def _npm_report(**counts) -> str:
    severities = {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 0, **counts}
    vulnerabilities = {
        f"package-{n}": {"name": f"package-{n}", "severity": "moderate", "isDirect": True, "via": [], "effects": [],
                         "range": "<1.0.1", "nodes": [f"node_modules/package-{n}"], "fixAvailable": True}
        for n in range(sum(severities.values()))
    }
    metadata = {"vulnerabilities": {**severities, "total": sum(severities.values())}, "dependencies": {"total": 4}}
    return json.dumps({"auditReportVersion": 2, "vulnerabilities": vulnerabilities, "metadata": metadata}, indent=2)


# (stdout, stderr, exit status) of npm audit --json --audit-level=low
NPM_CLEAN = (_npm_report(), "", 0)
NPM_ONE_FOUND = (_npm_report(high=1), "", 1)  # its text says "1 high severity vulnerability"
NPM_THREE_FOUND = (_npm_report(moderate=1, high=2), "", 1)
NPM_ENDPOINT_ERROR = (
    json.dumps({
        "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
        "method": "POST", "uri": "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
        "statusCode": 405, "body": "", "error": {"summary": "", "detail": ""},
    }),
    "npm warn audit 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk\n"
    "npm error audit endpoint returned an error\n",
    1,
)
NPM_OFFLINE = (
    json.dumps({"error": {"code": "ENOTFOUND", "summary": "request to https://registry.npmjs.org/-/npm/v1/security/"
                          "advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org", "detail": ""}}),
    "npm error code ENOTFOUND\n",
    1,
)
NPM_NO_LOCKFILE = (
    json.dumps({"error": {"code": "ENOLOCK", "summary": "This command requires an existing lockfile.", "detail": ""}}),
    "npm error code ENOLOCK\n",
    1,
)

WARN, FAIL = "warn", None
CASES = [
    # (case, pip-audit, npm audit, AUDIT_UNREACHABLE, exit status)
    ("both clean", PIP_CLEAN, NPM_CLEAN, FAIL, 0),
    ("pip found", PIP_FOUND, NPM_CLEAN, FAIL, 1),
    ("pip found while another package could not be audited", PIP_FOUND_AND_SKIPPED, NPM_CLEAN, WARN, 1),
    ("pip found and could not audit, npm unreachable", PIP_FOUND_AND_SKIPPED, NPM_ENDPOINT_ERROR, WARN, 1),
    ("pip found and could not audit, without warn", PIP_FOUND_AND_SKIPPED, NPM_CLEAN, FAIL, 1),
    ("both unreachable, warn", PIP_ALL_SKIPPED, NPM_ENDPOINT_ERROR, WARN, 0),
    ("both unreachable", PIP_ALL_SKIPPED, NPM_ENDPOINT_ERROR, FAIL, 3),
    ("pip could not audit though it exits 0", PIP_ALL_SKIPPED, NPM_CLEAN, FAIL, 3),
    ("pip cannot connect", PIP_NO_CONNECTION, NPM_CLEAN, FAIL, 3),
    ("pip cannot connect, warn", PIP_NO_CONNECTION, NPM_CLEAN, WARN, 0),
    ("pip crashes", PIP_CRASH, NPM_CLEAN, WARN, 1),
    ("npm found one", PIP_CLEAN, NPM_ONE_FOUND, FAIL, 1),
    ("npm found one while pip could not audit, warn", PIP_ALL_SKIPPED, NPM_ONE_FOUND, WARN, 1),
    ("npm found three", PIP_CLEAN, NPM_THREE_FOUND, WARN, 1),
    ("npm offline", PIP_CLEAN, NPM_OFFLINE, FAIL, 3),
    ("npm offline, warn", PIP_CLEAN, NPM_OFFLINE, WARN, 0),
    ("npm without a lockfile", PIP_CLEAN, NPM_NO_LOCKFILE, WARN, 1),
]


def _fake_tool(folder: Path, name: str, answer: tuple[str, str, int]) -> None:
    stdout, stderr, status = answer
    (folder / f"{name}.stdout").write_text(stdout)
    (folder / f"{name}.stderr").write_text(stderr)
    tool = folder / name
    tool.write_text(
        f'#!/bin/sh\necho "$@" > "{folder}/{name}.args"\ncat "{folder}/{name}.stdout"\n'
        f'cat "{folder}/{name}.stderr" >&2\nexit {status}\n'
    )
    tool.chmod(0o755)


def _run_audit(folder: Path, pip, npm, unreachable) -> subprocess.CompletedProcess:
    _fake_tool(folder, "pip-audit", pip)
    _fake_tool(folder, "npm", npm)
    env = {key: value for key, value in os.environ.items() if key != "AUDIT_UNREACHABLE"}
    env.update({"PATH": f"{folder}:{env['PATH']}", "VENV_BIN": str(folder)})
    if unreachable:
        env["AUDIT_UNREACHABLE"] = unreachable
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("case", "pip", "npm", "unreachable", "status"), CASES, ids=[c[0] for c in CASES])
def test_the_audit_exits_1_on_any_vulnerability_found_and_3_or_0_only_when_nothing_was_found(
    tmp_path, case, pip, npm, unreachable, status
):
    result = _run_audit(tmp_path, pip, npm, unreachable)
    assert result.returncode == status, result.stdout + result.stderr
    if case in ("pip crashes", "npm without a lockfile"):
        assert "failed (exit status 1) without a verdict: see above." in result.stderr
    elif status == 1:
        assert "audit: known vulnerabilities found (above)." in result.stderr


def test_the_audit_asks_npm_for_json_and_pip_audit_for_every_package(tmp_path):
    result = _run_audit(tmp_path, PIP_CLEAN, NPM_CLEAN, FAIL)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "audit: no known vulnerabilities.")
    assert (tmp_path / "npm.args").read_text() == "audit --json --audit-level=low\n"
    assert (tmp_path / "pip-audit.args").read_text() == "--progress-spinner off\n"  # not --strict: see audit.sh
