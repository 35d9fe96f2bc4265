#!/usr/bin/env bash
# Issue 17: response time of the public verify page for a real certificate's number, a well-formed unknown one and a
# malformed one (alternating, medians, p95, and whether known and unknown differ measurably). SQLite, in-process.
# Usage: bench/verify-timing.sh [rounds=300] [warm-up rounds=100]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/VerifyTiming -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
# WebApplicationFactory finds the site's content root from this variable outside a test project.
ASPNETCORE_TEST_CONTENTROOT_SQMSITE_WEB="$PWD/src/SqmSite.Web" SQMSITE_TEST_POSTGRES= dotnet bench/VerifyTiming/bin/Release/net10.0/VerifyTiming.dll "${1:-300}" "${2:-100}" 2>&1 | tee bench/results/verify-timing.txt
