#!/usr/bin/env bash
# Run by bench/cluster-speed.sh inside deploy/local-cluster.sh --run: CLUSTER_* name the running cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
# A folder of its own for the static nginx (lib.sh's start_nginx writes its configuration and pid in $work).
work="$CLUSTER_WORK/static"
mkdir -p "$work"
chmod 755 "$work"
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true' EXIT
page=/categories/email-channel/
load() { cut -d' ' -f1-3 /proc/loadavg; }
loads="start $(load)"

# nginx serving the page as a static file (lib.sh's start_nginx serves $work/html).
mkdir -p "$work/html/static"
curl -fs "$CLUSTER_SITE$page" -o "$work/html/static/index.html"
bytes=$(stat -c %s "$work/html/static/index.html")
static_port=$(free_port)
start_nginx "$static_port"
static="http://127.0.0.1:$static_port/static/"
curl -fs "$static" -o /dev/null

run() { # run NAME URL
  wrk -t2 -c64 -d"${BENCH_SECONDS}s" -s bench/delivery-stats.lua "$2" >"$work/$1.out"
  grep '^bench-stats' "$work/$1.out" >"$work/$1.stats"
  grep -q ' non2xx=0 socket_errors=0 ' "$work/$1.stats" || { echo "bench: $1 had failed requests: $(cat "$work/$1.stats")"; exit 1; }
}
figure() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$work/$1.stats"; }
wrk -t2 -c64 -d3s "$CLUSTER_SITE$page" >/dev/null
wrk -t2 -c64 -d3s "$static" >/dev/null
ratios=()
for pair in $(seq 1 "$BENCH_PAIRS"); do
  run "site-$pair" "$CLUSTER_SITE$page"
  run "nginx-$pair" "$static"
  ratios+=("$(python3 -c "print(f'{$(figure "site-$pair" rps) / $(figure "nginx-$pair" rps):.2f}')")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio=$(median "${ratios[@]}")
loads="$loads; pages $(load)"

echo "bench: publishing on one instance and reading the other"
latency=$(dotnet bench/PublishLatency/bin/Release/net10.0/PublishLatency.dll "$CLUSTER_DB" "$CLUSTER_B" "$BENCH_PUBLISHES")
loads="$loads; end $(load)"
mkdir -p bench/results
{
  machine
  echo "load average (1/5/15 min): $loads"
  echo "two instances behind nginx (keepalive upstream) on one PostgreSQL 15; page $page ($bytes bytes), wrk -t2 -c64 ${BENCH_SECONDS}s per run"
  for p in $(seq 1 "$BENCH_PAIRS"); do
    echo "  pair $p: site through nginx $(figure "site-$p" rps) req/s, nginx static $(figure "nginx-$p" rps) req/s, ratio ${ratios[$((p-1))]}"
  done
  echo "  median ratio site/nginx: $ratio"
  echo "$latency (the publishing process writes as an instance would; the other instance is asked over HTTP, output cache included)"
} | tee bench/results/cluster-speed.txt
