#!/usr/bin/env bash
# Runs every test of SqmSite on a fresh machine:
#  - installs what is missing (Debian's Chromium for the browser tests, PostgreSQL 15 if absent, poppler-utils and
#    zbar-tools to scan a certificate's QR code, s3rver from npm into tests/tools for the S3 media tests),
#  - starts a throwaway PostgreSQL cluster on loopback and removes it afterwards,
#  - runs the engine and package tests on SQLite and again on PostgreSQL, then the site and browser tests.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Name~Publish]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

. scripts/throwaway-postgres.sh

# --- what the tests need -------------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Chromium from Debian's packages"
  apt_install chromium
fi

if ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then
  echo "test.sh: installing poppler-utils and zbar-tools (the certificate's QR code is scanned)"
  apt_install poppler-utils zbar-tools
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test.sh: installing Node.js from Debian's packages"
  apt_install nodejs npm
fi
if [ ! -f tests/tools/node_modules/s3rver/bin/s3rver.js ]; then
  echo "test.sh: installing s3rver (an S3-compatible store on loopback) into tests/tools"
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
fi

# --- a throwaway PostgreSQL on loopback (removed when this script exits) -------------------------
start_throwaway_postgres
pg_conn=$SQMSITE_TEST_POSTGRES
unset SQMSITE_TEST_POSTGRES

# --- build once, then run each project ----------------------------------------------------------
started=$SECONDS
dotnet build SqmSite.sln -v quiet -nologo
echo "--- build: $((SECONDS - started)) s"

results=$(mktemp)
failed_runs=0
run() { # run LABEL PROJECT [env assignments...]
  local label=$1 project=$2 began=$SECONDS; shift 2
  echo "=== $label"
  # The minimal console logger prints each failure with its message and stack; keep the message and its first lines.
  if env "$@" dotnet test "$project" --no-build -nologo -v quiet --logger "console;verbosity=minimal" "${extra[@]}" 2>&1 | tee -a "$results" \
    | grep -E -A6 "^(Passed|Failed)!|^\s+Failed |Error Message" | grep -v -E "^\s*$|^--$" ; then :; fi
  [ "${PIPESTATUS[0]}" = 0 ] || failed_runs=$((failed_runs + 1))
  echo "--- $label: $((SECONDS - began)) s"
}
extra=("$@")
run "engine on SQLite"          tests/SqmSite.Cms.Tests    SQMSITE_TEST_POSTGRES=
run "engine on PostgreSQL"      tests/SqmSite.Cms.Tests    SQMSITE_TEST_POSTGRES="$pg_conn"
run "awards on SQLite"          tests/SqmSite.Awards.Tests SQMSITE_TEST_POSTGRES=
run "awards on PostgreSQL"      tests/SqmSite.Awards.Tests SQMSITE_TEST_POSTGRES="$pg_conn"
run "site in-process (SQLite)"  tests/SqmSite.Web.Tests    SQMSITE_TEST_POSTGRES=
run "site on PostgreSQL"        tests/SqmSite.Web.Tests    SQMSITE_TEST_POSTGRES="$pg_conn"
run "browser (Chromium)"        tests/SqmSite.E2E          SQMSITE_TEST_POSTGRES= SQMSITE_CHROMIUM=/usr/bin/chromium

# One closing line over all runs, in the form CI reads.
python3 - "$results" <<'PY'
import re, sys
p = f = s = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)", line)
    if m:
        f += int(m.group(2)); p += int(m.group(3)); s += int(m.group(4))
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
rm -f "$results"
echo "--- total: $SECONDS s"
if [ "$failed_runs" -ne 0 ]; then
  echo "test.sh: $failed_runs test run(s) failed"
  exit 1
fi
