#!/usr/bin/env bash
# 200 concurrent nominees saving story drafts (issue 4), on SQLite and then on a throwaway PostgreSQL:
# no errors, no lost save; prints p50/p99 latency and throughput. Usage: bench/story-drafts.sh [nominees] [saves each]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh
nominees=${1:-200}
saves=${2:-10}
dotnet build bench/StoryDrafts -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
{
  echo "== SQLite"
  SQMSITE_TEST_POSTGRES= dotnet bench/StoryDrafts/bin/Release/net10.0/StoryDrafts.dll "$nominees" "$saves"
  start_throwaway_postgres >/dev/null
  echo "== PostgreSQL"
  dotnet bench/StoryDrafts/bin/Release/net10.0/StoryDrafts.dll "$nominees" "$saves"
} 2>&1 | tee bench/results/story-drafts.txt
