#!/usr/bin/env bash
# Site search with 10,000 published winner stories (bench/StoryCorpus, about 4-6 KB of text each, 20 years, 17 categories).
#   1. A full rebuild from the command line (`-- search rebuild`): its time and the process's peak memory.
#   2. The site started on that index: the time to its first search answer (a cold start opens the index, no rebuild).
#   3. Searches through /api/delivery/v1/search (never output-cached: every request reaches the index), picked at random
#      from bench/search-queries.py's list (categories, practice words, 25% with a typo, some narrowed to a year, some
#      second pages): p50/p95/p99 at 1 connection and at 16. Target: p95 <= 20 ms warm at 1 connection.
#   4. A second rebuild from the command line while the site runs and searches: the site switches to the new index on its
#      next pass, and no search during or after the switch may find a different total.
# Usage: bench/search-speed.sh [stories=10000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
seconds=${2:-15}
api=/api/delivery/v1

. bench/lib.sh
bench_setup
load() { cut -d' ' -f1-3 /proc/loadavg; }
loads="start $(load)"

echo "bench: publishing the site (Release) and building bench/StoryCorpus"
dotnet publish src/SqmSite.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
cp -r uSync "$work/app/" 2>/dev/null || true
dotnet build bench/StoryCorpus -c Release -nologo -v quiet >/dev/null

echo "bench: generating $stories winner stories"
dotnet bench/StoryCorpus/bin/Release/net10.0/StoryCorpus.dll "Data Source=$work/site.db" "$stories" --usync "$PWD/uSync" --out "$work/corpus" \
  | tee "$work/corpus.txt"
python3 bench/search-queries.py "$work/corpus/stories.tsv" "$work/queries.txt" | tee "$work/queries-summary.txt"

settings=(ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__SqmSite="Data Source=$work/site.db" SqmSite__Install__AdminEmail=bench@example.org
  SqmSite__Install__AdminPassword="Bench-$(date +%s)-Pw" Logging__LogLevel__Default=Warning SqmSite__Delivery__RequestsPerMinute=1000000000
  SqmSite__Search__IndexRoot="$work/search" Logging__LogLevel__SqmSite.Cms.Search=Information)

echo "bench: rebuilding the index from the command line"
rebuild_out=$(cd "$work/app" && python3 - "${settings[@]}" <<'PY'
import os, resource, subprocess, sys, time
env = dict(os.environ)
for pair in sys.argv[1:]:
    k, v = pair.split("=", 1)
    env[k] = v
env["SqmSite__PublicBaseUrl"] = "http://127.0.0.1"
start = time.monotonic()
p = subprocess.run(["dotnet", "SqmSite.Web.dll", "search", "rebuild"], env=env, capture_output=True, text=True)
took = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
said = [l for l in p.stdout.splitlines() if l.startswith("Search index rebuil")]
print(said[-1] if said else p.stderr[-2000:])
print(f"process: {took:.1f} s in all (start-up, snapshot of the corpus, rebuild), peak working set {peak} MiB")
sys.exit(p.returncode)
PY
)
echo "$rebuild_out"
index_bytes=$(du -sb "$work/search" | cut -f1)

site_port=$(free_port)
echo "bench: starting the site on that index"
started=$(date +%s.%N)
(cd "$work/app" && exec env "${settings[@]}" ASPNETCORE_URLS="http://127.0.0.1:$site_port" SqmSite__PublicBaseUrl="http://127.0.0.1:$site_port" \
  dotnet SqmSite.Web.dll >"$work/site.log" 2>&1) &
app_pid=$!
site="http://127.0.0.1:$site_port"
first=""
for _ in $(seq 1 1800); do
  if curl -fs "$site$api/search?q=ivr" -o /dev/null; then first=$(date +%s.%N); break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$first" ] || { echo "bench: the site did not answer a search"; tail -30 "$work/site.log"; exit 1; }
startup=$(python3 -c "print(f'{$first - $started:.1f}')")
grep -q "rebuild started" "$work/site.log" && { echo "bench: the site rebuilt the index instead of opening it"; exit 1; }
echo "bench: first search answered $startup s after start"
ivr_total=$(curl -fs "$site$api/search?q=ivr&take=0" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])")
[ "$ivr_total" -gt 0 ] || { echo "bench: 'ivr' found nothing"; exit 1; }

run() {
  local name=$1 c=$2
  local threads=$(( c < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$c" -d"${seconds}s" -s bench/search-speed.lua "$site/" -- "$work/queries.txt" >"$work/$name.out"
  grep '^bench-stats' "$work/$name.out" >"$work/$name.stats"
  grep -q ' non2xx=0 socket_errors=0 ' "$work/$name.stats" || { echo "bench: $name had failed requests: $(cat "$work/$name.stats")"; exit 1; }
}
figure() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$work/$1.stats"; }

echo "bench: searches"
wrk -t2 -c16 -d5s -s bench/search-speed.lua "$site/" -- "$work/queries.txt" >/dev/null # warm-up
loads="$loads; searches $(load)"
run c1 1
run c16 16

echo "bench: a rebuild from the command line while the site searches"
# The site switches to the new index on its next pass; meanwhile and after, every search for "ivr" must find all it found.
python3 - "$site" "$ivr_total" "$work" <<'PY' &
import json, sys, time, urllib.request
site, expected, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
deadline, asked, bad = time.monotonic() + 600, 0, []
while time.monotonic() < deadline:
    with urllib.request.urlopen(f"{site}/api/delivery/v1/search?q=ivr&take=1&n={asked}") as r:
        total = json.load(r)["total"]
    asked += 1
    if total != expected:
        bad.append(total)
    if "rebuilt by another process" in open(f"{work}/site.log", encoding="utf-8", errors="replace").read() and asked > 50:
        break
open(f"{work}/online.txt", "w").write(f"{asked} searches during and after the switch, {len(bad)} with another total {bad[:5]}\n")
PY
watcher=$!
(cd "$work/app" && env "${settings[@]}" SqmSite__PublicBaseUrl="http://127.0.0.1" dotnet SqmSite.Web.dll search rebuild >"$work/online-rebuild.txt" 2>&1)
wait "$watcher"
online=$(cat "$work/online.txt")
echo "bench: $online"
grep -q ", 0 with another total" "$work/online.txt" || { echo "bench: a search during the rebuild found a different total"; exit 1; }

rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$app_pid/status")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$app_pid/status")
loads="$loads; end $(load)"
line() { printf '%-28s p50 %6s ms  p95 %6s ms  p99 %6s ms  %7s req/s\n' "$1" "$(figure "$2" p50)" "$(figure "$2" p95)" "$(figure "$2" p99)" "$(figure "$2" rps)"; }
mkdir -p bench/results
{
  machine
  echo "load average (1/5/15 min): $loads"
  grep '^corpus: [0-9]' "$work/corpus.txt" || true
  cat "$work/queries-summary.txt"
  echo "rebuild from the command line: $rebuild_out" | tr '\n' ' '; echo
  echo "index on disk: $((index_bytes / 1024 / 1024)) MiB"
  echo "site start-up on the index: first search answered after $startup s; 'ivr' finds $ivr_total"
  echo "searches, ${seconds}s each, 0 non-2xx, 0 socket errors:"
  line "  1 connection" c1
  line "  16 connections" c16
  echo "rebuild from the command line while the site ran: $online"
  echo "site working set after the runs $rss MiB (peak $hwm MiB)"
  echo "target: search p95 <= 20 ms at 1 connection: $(figure c1 p95) ms"
} | tee bench/results/search-speed.txt
python3 -c "import sys; sys.exit(0 if $(figure c1 p95) <= 20 else 1)" || { echo "bench: search p95 is above 20 ms"; exit 1; }
