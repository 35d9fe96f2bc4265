#!/usr/bin/env bash
# Time to make an 800-wide WebP from a 4000x3000 JPEG with the site's own pipeline (policy and limits in force):
# median of N runs after 3 warm-up runs, plus two neighbours for context. Usage: bench/rendition-speed.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
echo "bench: building bench/RenditionSpeed (Release)"
dotnet build bench/RenditionSpeed -c Release -nologo -v quiet >/dev/null
mkdir -p bench/results
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
  dotnet bench/RenditionSpeed/bin/Release/net10.0/RenditionSpeed.dll "$runs"
} | tee bench/results/rendition-speed.txt
