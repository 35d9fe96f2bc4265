#!/usr/bin/env bash
# Requests per second of a cached rendition (an 800-wide WebP of a 4000x3000 JPEG), served by the published site
# (Kestrel, Production, SQLite), against nginx serving the same bytes as a static file. Both run on this machine,
# on loopback, one after the other, with the same wrk settings. The target (issue 3): the site reaches at least
# half of nginx's figure. Usage: bench/rendition-vs-nginx.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-64}

. bench/lib.sh
bench_setup
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }

echo "bench: publishing the site (Release) and making a 4000x3000 sample photo"
dotnet publish src/SqmSite.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
cp -r uSync "$work/app/" 2>/dev/null || true
dotnet build bench/RenditionSpeed -c Release -nologo -v quiet >/dev/null
dotnet bench/RenditionSpeed/bin/Release/net10.0/RenditionSpeed.dll --write-sample "$work/photo.jpg" >/dev/null

site_port=$(free_port)
password="Bench-$(date +%s)-Pw"
# exec: $app_pid is then the site itself, so the clean-up stops it (not just a subshell).
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$site_port" SqmSite__PublicBaseUrl="http://127.0.0.1:$site_port" \
  ConnectionStrings__SqmSite="Data Source=$work/site.db" SqmSite__Media__Root="$work/media" \
  SqmSite__Install__AdminEmail=bench@example.org SqmSite__Install__AdminPassword="$password" \
  Logging__LogLevel__Default=Warning exec dotnet SqmSite.Web.dll >"$work/site.log" 2>&1) &
app_pid=$!
site="http://127.0.0.1:$site_port"
for _ in $(seq 1 60); do curl -fs "$site/" -o /dev/null && break; sleep 0.5; done

# Upload the photo as an editor would (sign in, antiforgery token, the upload API), then ask for the rendition once.
jar="$work/cookies"
login_token=$(curl -fs -c "$jar" -b "$jar" "$site/backoffice/login" | token)
curl -fs -o /dev/null -c "$jar" -b "$jar" "$site/backoffice/login" --data-urlencode "Email=bench@example.org" \
  --data-urlencode "Password=$password" --data-urlencode "__RequestVerificationToken=$login_token"
upload_token=$(curl -fs -c "$jar" -b "$jar" "$site/backoffice/media" | token)
key=$(curl -fs -c "$jar" -b "$jar" -H "RequestVerificationToken: $upload_token" -H "Accept: application/json" \
  -F "file=@$work/photo.jpg" -F "altText=A sample photo for the benchmark" "$site/api/backoffice/media" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
path="/media/$key/photo.webp?v=1&width=800&format=webp"
mkdir -p "$work/html"
curl -fs "$site$path" -o "$work/html/rendition.webp"
bytes=$(stat -c %s "$work/html/rendition.webp")

nginx_port=$(free_port)
start_nginx "$nginx_port"
compare "$site$path" "http://127.0.0.1:$nginx_port/rendition.webp"

mkdir -p bench/results
{
  machine
  echo "rendition: 800w WebP of a 4000x3000 JPEG ($bytes bytes)  wrk: 2 threads, $connections connections, ${seconds}s"
  echo "site (Kestrel, cached rendition): $site_rps req/s"
  echo "nginx (static file):              $nginx_rps req/s"
  echo "ratio site/nginx: $ratio (target >= 0.50)"
} | tee bench/results/rendition-vs-nginx.txt
at_least_half
