#!/usr/bin/env bash
# Issue 11: automatic assignment and the leaderboard for 17 categories x 40 entries x 12 judges (N = 3), each timed over
# all 17 categories, alternating rounds, medians; exits non-zero when a median reaches a second or a plan is not met.
# Pure code, no database. Usage: bench/judging.sh [rounds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
echo "bench: building bench/Judging (Release)"
dotnet build bench/Judging -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
{
  machine
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet bench/Judging/bin/Release/net10.0/Judging.dll "${1:-15}"
} 2>&1 | tee bench/results/judging.txt
