#!/usr/bin/env bash
# The delivery API with 10,000 published winner stories. Publishes the site (Release), fills a fresh SQLite database with
# bench/StoryCorpus, starts the site in Production (start-up time = until the first 200) and measures with wrk:
#   1. uncached: a query (contentType + year + category filter, sort by name, a page of 20, year, category and skip random) and an item by id and
#      by path, each request different so the output cache never answers; p50/p95/p99 at 1 connection (the latency of one
#      request) and at 16 (under load). Target: p95 <= 10 ms warm.
#   2. cached: one query URL repeated (output cache hits) against nginx serving the same JSON as a static file, alternating
#      site and nginx runs; the ratio is the median of the rounds' ratios.
# Also the working set of the site after the runs. The answers are checked before and after the runs (totals by year against
# the corpus, paging, sort order, items by id and path), and any non-2xx answer or socket error fails the script.
# Usage: bench/delivery-speed.sh [stories=10000] [seconds=15] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
seconds=${2:-15}
rounds=${3:-3}
connections=64
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
python3 -c "import json; [print(y, n) for y, n in json.load(open('$work/corpus/corpus.json'))['years'].items()]" >"$work/years.txt"
year_2019=$(awk '$1 == 2019 {print $2}' "$work/years.txt")
# The typical list query filters by year and category: "year<TAB>category<TAB>stories" for each pair in the corpus.
awk -F'\t' '{n[$3 "\t" $4]++} END {for (k in n) print k "\t" n[k]}' "$work/corpus/stories.tsv" | sort >"$work/pairs.tsv"
pair_2019=$(awk -F'\t' '$1 == 2019 {print $2; exit}' "$work/pairs.tsv")
pair_2019_query=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$pair_2019")

site_port=$(free_port)
echo "bench: starting the site"
started=$(date +%s.%N)
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$site_port" SqmSite__PublicBaseUrl="http://127.0.0.1:$site_port" \
  ConnectionStrings__SqmSite="Data Source=$work/site.db" SqmSite__Install__AdminEmail=bench@example.org \
  SqmSite__Install__AdminPassword="Bench-$(date +%s)-Pw" Logging__LogLevel__Default=Warning \
  SqmSite__Delivery__RequestsPerMinute=1000000000 \
  exec dotnet SqmSite.Web.dll >"$work/site.log" 2>&1) &
app_pid=$!
site="http://127.0.0.1:$site_port"
first=""
for _ in $(seq 1 1800); do
  if curl -fs "$site$api/content?filter=contentType:winnerStory&take=1" -o /dev/null; then first=$(date +%s.%N); break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$first" ] || { echo "bench: the site did not answer"; tail -30 "$work/site.log"; exit 1; }
startup=$(python3 -c "print(f'{$first - $started:.1f}')")
rss_start=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$app_pid/status")
echo "bench: first 200 after $startup s (working set then $rss_start MiB)"

python3 bench/delivery-check.py "$site" "$work/corpus"
total_2019=$(curl -fs "$site$api/content?filter=contentType:winnerStory&filter=year:2019&sort=name:asc&take=10&skip=0" \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])")
[ "$total_2019" = "$year_2019" ] || { echo "bench: year 2019 has total $total_2019, the corpus made $year_2019"; exit 1; }

# run NAME CONNECTIONS URL SCRIPT [script args...]: one wrk run, its bench-stats line kept as $work/NAME.stats; fails on errors.
run() {
  local name=$1 c=$2 url=$3 script=$4
  shift 4
  local threads=$(( c < 2 ? 1 : 2 ))
  if [ $# -gt 0 ]; then set -- -- "$@"; fi
  wrk -t"$threads" -c"$c" -d"${seconds}s" -s "$script" "$url" "$@" >"$work/$name.out"
  grep '^bench-stats' "$work/$name.out" >"$work/$name.stats"
  cat "$work/$name.out" >>"$work/wrk.txt"
  if ! grep -q ' non2xx=0 socket_errors=0 ' "$work/$name.stats"; then
    echo "bench: $name had failed requests: $(cat "$work/$name.stats")"
    exit 1
  fi
}
figure() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$work/$1.stats"; }

echo "bench: uncached (every request a different URL)"
uncached=bench/delivery-speed.lua
wrk -t2 -c16 -d5s -s "$uncached" "$site/" -- query "$work/pairs.tsv" >/dev/null # warm-up
wrk -t2 -c16 -d3s -s "$uncached" "$site/" -- id "$work/corpus/stories.tsv" >/dev/null
wrk -t2 -c16 -d3s -s "$uncached" "$site/" -- path "$work/corpus/stories.tsv" >/dev/null
loads="$loads; uncached $(load)"
for kind in query id path; do
  data="$work/corpus/stories.tsv"
  [ "$kind" = query ] && data="$work/pairs.tsv"
  run "$kind-c1" 1 "$site/" "$uncached" "$kind" "$data"
  run "$kind-c16" 16 "$site/" "$uncached" "$kind" "$data"
done

echo "bench: cached (the same URL again and again) against nginx"
cached_path="$api/content?filter=contentType:winnerStory&filter=year:2019&filter=category:$pair_2019_query&sort=name:asc&take=20&skip=0"
mkdir -p "$work/html"
curl -fs "$site$cached_path" -o "$work/html/cached.json"
bytes=$(stat -c %s "$work/html/cached.json")
# The second answer must come from the output cache, which says so with an Age header.
curl -fsD - -o /dev/null "$site$cached_path" | grep -qi '^age:' || { echo "bench: the repeated query was not answered from the output cache"; exit 1; }
nginx_port=$(free_port)
start_nginx "$nginx_port"
nginx_url="http://127.0.0.1:$nginx_port/cached.json"
cmp -s "$work/html/cached.json" <(curl -fs "$nginx_url") || { echo "bench: nginx does not serve the same JSON"; exit 1; }
wrk -t2 -c"$connections" -d3s "$site$cached_path" >/dev/null
wrk -t2 -c"$connections" -d3s "$nginx_url" >/dev/null
loads="$loads; cached $(load)"
ratios=()
for round in $(seq 1 "$rounds"); do
  run "site-$round" "$connections" "$site$cached_path" bench/delivery-stats.lua
  run "nginx-$round" "$connections" "$nginx_url" bench/delivery-stats.lua
  ratios+=("$(python3 -c "print(f'{$(figure "site-$round" rps) / $(figure "nginx-$round" rps):.2f}')")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio=$(median "${ratios[@]}")
site_rps=$(median $(for r in $(seq 1 "$rounds"); do figure "site-$r" rps; done))
nginx_rps=$(median $(for r in $(seq 1 "$rounds"); do figure "nginx-$r" rps; done))

python3 bench/delivery-check.py "$site" "$work/corpus"
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$app_pid/status")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$app_pid/status")
loads="$loads; end $(load)"
query_bytes=$(curl -fs "$site$api/content?filter=contentType:winnerStory&filter=year:2011&filter=category:$pair_2019_query&sort=name:asc&take=20&skip=0" | wc -c)
item_bytes=$(curl -fs "$site$api/content/item$(head -1 "$work/corpus/stories.tsv" | cut -f2)" | wc -c)

line() { printf '%-34s p50 %6s ms  p95 %6s ms  p99 %6s ms  %7s req/s\n' "$1" "$(figure "$2" p50)" "$(figure "$2" p95)" "$(figure "$2" p99)" "$(figure "$2" rps)"; }
mkdir -p bench/results
{
  machine
  echo "load average (1/5/15 min): $loads"
  grep '^corpus: [0-9]' "$work/corpus.txt"
  echo "year 2019: total $total_2019 = the corpus's $year_2019; answers checked before and after the runs; 0 non-2xx, 0 socket errors"
  echo "start-up with the corpus: first 200 after $startup s; working set then $rss_start MiB, after the runs $rss MiB (peak $hwm MiB)"
  echo "uncached, ${seconds}s each (query page $query_bytes bytes, item $item_bytes bytes):"
  line "  query, 1 connection" query-c1
  line "  query, 16 connections" query-c16
  line "  item by id, 1 connection" id-c1
  line "  item by id, 16 connections" id-c16
  line "  item by path, 1 connection" path-c1
  line "  item by path, 16 connections" path-c16
  echo "cached ($bytes bytes), wrk -t2 -c$connections ${seconds}s, $rounds rounds site/nginx alternating:"
  for r in $(seq 1 "$rounds"); do echo "  round $r: site $(figure "site-$r" rps) req/s, nginx $(figure "nginx-$r" rps) req/s, ratio ${ratios[$((r-1))]}"; done
  echo "  median: site $site_rps req/s, nginx $nginx_rps req/s, ratio site/nginx $ratio"
  p95=$(figure query-c1 p95)
  echo "target: uncached query p95 <= 10 ms at 1 connection: $p95 ms"
} | tee bench/results/delivery-speed.txt
python3 -c "import sys; sys.exit(0 if $(figure query-c1 p95) <= 10 else 1)" || { echo "bench: an uncached query's p95 is above 10 ms"; exit 1; }
