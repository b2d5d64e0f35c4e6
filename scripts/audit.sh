#!/usr/bin/env bash
# Known vulnerabilities in the installed Python packages (pip-audit) and the npm assets (npm audit).
#
# Exit status: 1 when either tool reports a known vulnerability. When an advisory service cannot be
# reached, nothing was audited: the script says so loudly and exits 3, unless AUDIT_UNREACHABLE=warn
# (what .ci/run sets, because this workplace's network reaches neither PyPI's per-release JSON API nor
# OSV nor the npm audit endpoint), in which case it carries on and exits 0 for that tool.
set -u
cd "$(dirname "$0")/.."
VENV_BIN=${VENV_BIN:-.venv/bin}
unreachable=0
found=0

out=$("$VENV_BIN/pip-audit" --strict --progress-spinner off 2>&1); status=$?
echo "$out"
if [ $status -ne 0 ]; then
  if echo "$out" | grep -qiE "could not be audited|connection|resolve|timed out"; then
    echo "pip-audit: its vulnerability service did not answer: NOTHING WAS AUDITED." >&2
    unreachable=1
  else
    found=1
  fi
fi

out=$(npm audit --audit-level=low 2>&1); status=$?
echo "$out"
if [ $status -ne 0 ]; then
  if echo "$out" | grep -qiE "audit endpoint returned an error|ENOTFOUND|ETIMEDOUT|ECONNREFUSED"; then
    echo "npm audit: the registry's audit endpoint did not answer: NOTHING WAS AUDITED." >&2
    unreachable=1
  else
    found=1
  fi
fi

if [ $found -ne 0 ]; then
  echo "audit: known vulnerabilities found (above)." >&2
  exit 1
fi
if [ $unreachable -ne 0 ]; then
  if [ "${AUDIT_UNREACHABLE:-fail}" = "warn" ]; then
    echo "audit: WARNING: at least one advisory service was unreachable, so that part was not audited." >&2
    exit 0
  fi
  exit 3
fi
echo "audit: no known vulnerabilities."
