#!/usr/bin/env bash
# Issue 9, items 2 and 4: the cost of checking the session on every request (against the same site without the check,
# alternating rounds, median) and sign-in time for unknown addresses against a real account (ratio; exits non-zero
# outside 0.8-1.25). SQLite, in-process. Usage: bench/account-timing.sh [rounds=15] [requests per round=100]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/AccountTiming -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
# WebApplicationFactory finds the site's content root from this variable outside a test project.
ASPNETCORE_TEST_CONTENTROOT_SQMSITE_WEB="$PWD/src/SqmSite.Web" SQMSITE_TEST_POSTGRES= dotnet bench/AccountTiming/bin/Release/net10.0/AccountTiming.dll "${1:-15}" "${2:-100}" 2>&1 | tee bench/results/account-timing.txt
