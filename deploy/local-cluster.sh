#!/usr/bin/env bash
# Two SqmSite instances on one throwaway PostgreSQL behind nginx, on this machine, for a try:
#   deploy/local-cluster.sh            start, print the addresses, and run until Ctrl+C (then stop and remove everything)
#   deploy/local-cluster.sh --check    start, check that both instances serve through nginx and follow each other, stop
#   deploy/local-cluster.sh --run CMD  start, run CMD with CLUSTER_SITE, CLUSTER_A, CLUSTER_B, CLUSTER_DB and CLUSTER_WORK set, stop
#                                      (bench/cluster-speed.sh measures the cluster this way)
# Installs Debian's nginx-light and PostgreSQL 15 if missing. Everything listens on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
check=${1:-}
run_command=${2:-}
. scripts/throwaway-postgres.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v nginx >/dev/null || apt_install nginx-light
work=$(mktemp -d /tmp/sqmsite-cluster.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  stop_throwaway_postgres
  rm -rf "$work"
}
start_throwaway_postgres
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "cluster: publishing the site (Release)"
dotnet publish src/SqmSite.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
cp -r uSync "$work/app/"
database="${SQMSITE_TEST_POSTGRES/Database=postgres/Database=sqmsite}"
"$PG_BIN/psql" -h 127.0.0.1 -p "$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$SQMSITE_TEST_POSTGRES")" -U postgres -d postgres -qc "CREATE DATABASE sqmsite" >/dev/null

nginx_port=$(free_port)
password="Cluster-$(date +%s)-Pw"
upstreams=""
ports=()
for name in a b; do
  port=$(free_port)
  ports+=("$port")
  upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=10s; "
  mkdir -p "$work/$name"
  # One database and one media folder for all (a shared disk on real servers); a search index of each one's own.
  (cd "$work/app" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
    SqmSite__PublicBaseUrl="http://127.0.0.1:$nginx_port" SqmSite__Database__Provider=PostgreSQL ConnectionStrings__SqmSite="$database" \
    SqmSite__Media__Root="$work/media" SqmSite__Media__CacheRoot="$work/$name/renditions" SqmSite__Search__IndexRoot="$work/$name/search" SqmSite__Instance__Name="instance-$name" \
    SqmSite__Install__AdminEmail=admin@example.org SqmSite__Install__AdminPassword="$password" \
    SqmSite__Email__Mode=PickupFolder SqmSite__Email__PickupFolder="$work/mail" Logging__LogLevel__Default=Warning \
    dotnet SqmSite.Web.dll >"$work/$name/site.log" 2>&1) &
  pids+=("$!")
  # The first instance migrates and seeds the empty database; the second starts once that is done.
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/health/ready" -o /dev/null && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/health/ready" -o /dev/null || { echo "cluster: instance $name did not start"; tail -30 "$work/$name/site.log"; exit 1; }
  echo "cluster: instance $name on 127.0.0.1:$port"
done

sed -e "s|@WORK@|$work|g" -e "s|@PORT@|$nginx_port|g" -e "s|@UPSTREAMS@|$upstreams|" deploy/nginx.conf.template >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
site="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 50); do curl -fs "$site/health/ready" -o /dev/null && break; sleep 0.1; done

if [ "$check" = "--run" ]; then
  CLUSTER_SITE="$site" CLUSTER_A="http://127.0.0.1:${ports[0]}" CLUSTER_B="http://127.0.0.1:${ports[1]}" CLUSTER_DB="$database" \
    CLUSTER_WORK="$work" "$run_command"
  exit $?
fi

if [ "$check" = "--check" ]; then
  python3 - "$site" "http://127.0.0.1:${ports[0]}" "http://127.0.0.1:${ports[1]}" "$password" <<'PY'
import http.cookiejar, re, sys, time, urllib.parse, urllib.request
site, a, b, password = sys.argv[1:]
# Every request through nginx answers, spread over both instances.
for _ in range(20):
    assert urllib.request.urlopen(site + "/").status == 200
# Sign in on A (through its own port), then use the session on B: the key ring is in the database.
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(a + "/backoffice/login").read().decode()
token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
opener.open(a + "/backoffice/login", urllib.parse.urlencode({"Email": "admin@example.org", "Password": password, "__RequestVerificationToken": token}).encode())
for cookie in list(jar):
    cookie.port = None
signed_in = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
request = urllib.request.Request(b + "/backoffice/instances", headers={"Cookie": cookies})
instances = urllib.request.urlopen(request).read().decode()
assert "Instances" in instances and "Sign in" not in instances[:3000], "the session made on A is not valid on B"
deadline = time.time() + 20
while time.time() < deadline and not ("instance-a" in instances and "instance-b" in instances):
    time.sleep(1)
    instances = urllib.request.urlopen(urllib.request.Request(b + "/backoffice/instances", headers={"Cookie": cookies})).read().decode()
assert "instance-a" in instances and "instance-b" in instances, "the instances page does not list both"
print("cluster check: 20 requests through nginx answered; a sign-in on A is valid on B; both instances are listed")
PY
  echo "cluster: check passed"
  exit 0
fi

cat <<TXT
cluster: ready
  site through nginx   $site   (backoffice: $site/backoffice, admin@example.org / $password)
  instance a           http://127.0.0.1:${ports[0]}
  instance b           http://127.0.0.1:${ports[1]}
  logs                 $work/a/site.log, $work/b/site.log
Ctrl+C stops everything and removes $work.
TXT
wait "${pids[0]}"
