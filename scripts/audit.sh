#!/usr/bin/env bash
# Known vulnerabilities in the installed Python packages (pip-audit) and the npm assets (npm audit).
#
# Exit status: 1 when either tool reports a known vulnerability (whatever else it says) or fails in a
# way this script cannot explain. When an advisory service cannot be reached (for pip-audit: any
# package it "could not audit"), that part was not audited: the script says so loudly and exits 3,
# unless AUDIT_UNREACHABLE=warn (what .ci/run sets, because this workplace's network reaches neither
# PyPI's per-release JSON API nor OSV nor the npm audit endpoint), in which case it exits 0.
# recruiting/tests/test_audit_script.py runs it with fake tools; VENV_BIN says where pip-audit is.
set -u
cd "$(dirname "$0")/.."
VENV_BIN=${VENV_BIN:-.venv/bin}
found=0
failed=0
unreachable=0
output=$(mktemp -d)
trap 'rm -rf "$output"' EXIT

# pip-audit's verdict from its exit status ($1) and what it wrote ($2: stdout, $3: stderr). Not --strict:
# that stops at the first package it cannot audit, before it reports the vulnerabilities of the others.
pip_audit_verdict() {
  if grep -qE "^Found [1-9][0-9]* known vulnerabilit" "$2" "$3"; then
    echo found
  elif grep -qiE "could not be audited|could not connect|connection|resolve|timed out" "$2" "$3"; then
    echo unreachable
  elif [ "$1" -eq 0 ]; then
    echo clean
  else
    echo failed
  fi
}

# npm audit's verdict from its JSON report (the text says "1 high severity vulnerability" for one and
# "3 vulnerabilities (1 moderate, 2 high)" for more; the count in the JSON has one shape).
npm_audit_verdict() {
  node - "$1" "$2" "$3" <<'JS'
const fs = require("fs");
const [status, stdout, stderr] = process.argv.slice(2);
let report = null;
try {
  report = JSON.parse(fs.readFileSync(stdout, "utf8"));
} catch {}
const total = report?.metadata?.vulnerabilities?.total;
const said = JSON.stringify(report?.error ?? "") + (report?.message ?? "") + fs.readFileSync(stderr, "utf8");
if (total > 0) console.log("found");
else if (/audit endpoint returned an error|ENOTFOUND|ETIMEDOUT|ECONNREFUSED|ECONNRESET|EAI_AGAIN/.test(said)) console.log("unreachable");
else if (status === "0" && total === 0) console.log("clean");
else console.log("failed");
JS
}

# run_audit NAME VERDICT COMMAND...: run the tool, show what it said, and count its verdict.
run_audit() {
  local name=$1 verdict_of=$2 status verdict
  shift 2
  "$@" >"$output/stdout" 2>"$output/stderr"
  status=$?
  sed -s -e '$a\' "$output/stdout" "$output/stderr"  # each ends with a newline, even if the tool's did not
  verdict=$("$verdict_of" "$status" "$output/stdout" "$output/stderr")
  case $verdict in
    found) found=1 ;;
    clean) ;;
    unreachable)
      echo "$name: its advisory service did not answer (or not for every package): NOT EVERYTHING WAS AUDITED." >&2
      unreachable=1 ;;
    *)
      echo "$name: failed (exit status $status) without a verdict: see above." >&2
      failed=1 ;;
  esac
}

run_audit pip-audit pip_audit_verdict "$VENV_BIN/pip-audit" --progress-spinner off
run_audit "npm audit" npm_audit_verdict npm audit --json --audit-level=low

if [ $found -ne 0 ]; then
  echo "audit: known vulnerabilities found (above)." >&2
  exit 1
fi
if [ $failed -ne 0 ]; then
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
