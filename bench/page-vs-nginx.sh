#!/usr/bin/env bash
# Requests per second of a cached category page, served by the published site (Kestrel, Production,
# SQLite), against nginx serving the same HTML as a static file. Both run on this machine, on loopback,
# one after the other, with the same wrk settings. The target (issue 2): the site reaches at least half
# of nginx's figure. Usage: bench/page-vs-nginx.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-64}
page=/categories/email-channel/

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi

work=$(mktemp -d /tmp/sqmsite-bench.XXXXXX)
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "bench: publishing the site (Release)"
dotnet publish src/SqmSite.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
cp -r uSync "$work/app/" 2>/dev/null || true

site_port=$(free_port)
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$site_port" \
  ConnectionStrings__SqmSite="Data Source=$work/site.db" SqmSite__Install__AdminEmail=bench@example.org \
  SqmSite__Install__AdminPassword="Bench-$(date +%s)-Pw" Logging__LogLevel__Default=Warning \
  dotnet SqmSite.Web.dll >"$work/site.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$site_port$page" -o /dev/null && break; sleep 0.5; done

mkdir -p "$work/html$page"
curl -fs "http://127.0.0.1:$site_port$page" -o "$work/html$page/index.html"
bytes=$(stat -c %s "$work/html$page/index.html")

nginx_port=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  default_type text/html;
  server { listen 127.0.0.1:$nginx_port; root $work/html; index index.html; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"

rps() { wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" | tee -a "$work/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
echo "bench: warming up"
wrk -t2 -c"$connections" -d3s "http://127.0.0.1:$site_port$page" >/dev/null
wrk -t2 -c"$connections" -d3s "http://127.0.0.1:$nginx_port$page" >/dev/null
site_rps=$(rps "http://127.0.0.1:$site_port$page")
nginx_rps=$(rps "http://127.0.0.1:$nginx_port$page")
ratio=$(python3 -c "print(f'{$site_rps/$nginx_rps:.2f}')")

mkdir -p bench/results
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
  echo "page: $page ($bytes bytes)  wrk: 2 threads, $connections connections, ${seconds}s"
  echo "site (Kestrel, output cache): $site_rps req/s"
  echo "nginx (static file):          $nginx_rps req/s"
  echo "ratio site/nginx: $ratio (target >= 0.50)"
} | tee bench/results/page-vs-nginx.txt
python3 -c "import sys; sys.exit(0 if $site_rps >= 0.5 * $nginx_rps else 1)" || { echo "bench: below the target"; exit 1; }
