#!/usr/bin/env bash
# 200 concurrent nominees saving story drafts (issue 4), on SQLite and then on a throwaway PostgreSQL:
# no errors, no lost save; prints p50/p99 latency and throughput. Usage: bench/story-drafts.sh [nominees] [saves each] [pause ms]
# Each database runs twice: at the pause given (default 1,000 ms between a nominee's saves, twenty times the page's
# autosave pace) and back to back (pause 0, a stress figure).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh
nominees=${1:-200}
saves=${2:-10}
pause=${3:-1000}
dotnet build bench/StoryDrafts -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
{
  for p in "$pause" 0; do
    echo "== SQLite, pause $p ms"
    SQMSITE_TEST_POSTGRES= dotnet bench/StoryDrafts/bin/Release/net10.0/StoryDrafts.dll "$nominees" "$saves" "$p"
  done
  start_throwaway_postgres >/dev/null
  for p in "$pause" 0; do
    echo "== PostgreSQL, pause $p ms"
    dotnet bench/StoryDrafts/bin/Release/net10.0/StoryDrafts.dll "$nominees" "$saves" "$p"
  done
} 2>&1 | tee bench/results/story-drafts.txt
