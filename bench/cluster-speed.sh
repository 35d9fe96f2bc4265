#!/usr/bin/env bash
# Two instances behind nginx on one PostgreSQL (deploy/local-cluster.sh), measured:
#   1. a cached page through the load balancer against nginx serving the same page as a static file, in alternating
#      pairs (site, nginx, site, nginx; 5 pairs of 10 s unless given): the median of the pairs' ratios;
#   2. the time from a publish on one instance to the new page on the other (bench/PublishLatency, 50 publishes):
#      median and p99.
# Usage: bench/cluster-speed.sh [pairs=5] [seconds=10] [publishes=50]
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_PAIRS=${1:-5} BENCH_SECONDS=${2:-10} BENCH_PUBLISHES=${3:-50}
command -v wrk >/dev/null || { . scripts/throwaway-postgres.sh; apt_install wrk; }
dotnet build bench/PublishLatency -c Release -nologo -v quiet >/dev/null
exec deploy/local-cluster.sh --run bench/cluster-measure.sh
