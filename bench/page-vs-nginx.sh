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

. bench/lib.sh
bench_setup

echo "bench: publishing the site (Release)"
dotnet publish src/SqmSite.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
cp -r uSync "$work/app/" 2>/dev/null || true

site_port=$(free_port)
# exec: $app_pid is then the site itself, so the clean-up stops it (not just a subshell).
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$site_port" SqmSite__PublicBaseUrl="http://127.0.0.1:$site_port" \
  ConnectionStrings__SqmSite="Data Source=$work/site.db" SqmSite__Install__AdminEmail=bench@example.org \
  SqmSite__Install__AdminPassword="Bench-$(date +%s)-Pw" Logging__LogLevel__Default=Warning \
  exec dotnet SqmSite.Web.dll >"$work/site.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$site_port$page" -o /dev/null && break; sleep 0.5; done

mkdir -p "$work/html$page"
curl -fs "http://127.0.0.1:$site_port$page" -o "$work/html$page/index.html"
bytes=$(stat -c %s "$work/html$page/index.html")

nginx_port=$(free_port)
start_nginx "$nginx_port"
compare "http://127.0.0.1:$site_port$page" "http://127.0.0.1:$nginx_port$page"

mkdir -p bench/results
{
  machine
  echo "page: $page ($bytes bytes)  wrk: 2 threads, $connections connections, ${seconds}s"
  echo "site (Kestrel, output cache): $site_rps req/s"
  echo "nginx (static file):          $nginx_rps req/s"
  echo "ratio site/nginx: $ratio (target >= 0.50)"
} | tee bench/results/page-vs-nginx.txt
at_least_half
