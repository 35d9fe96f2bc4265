#!/usr/bin/env bash
# Shared by the benchmark scripts (source it): the tools, a temp folder that is removed on exit with whatever was
# started in it, nginx serving a folder, and wrk runs. Everything listens on loopback only.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian's wrk and nginx-light if missing, makes $work and arranges the clean-up.
bench_setup() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
  fi
  work=$(mktemp -d /tmp/sqmsite-bench.XXXXXX)
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_nginx PORT: serves $work/html (worker_processes auto, sendfile, no access log).
start_nginx() {
  # Run as root, nginx's workers are "nobody": they must be able to enter $work (mktemp makes it 0700).
  chmod 755 "$work"
  cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { text/html html; image/webp webp; application/json json; }
  default_type text/html;
  server { listen 127.0.0.1:$1; root $work/html; index index.html; }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work"
}

# compare SITE_URL NGINX_URL: warms both up, measures both with the same wrk run; sets site_rps, nginx_rps, ratio.
compare() {
  echo "bench: warming up"
  wrk -t2 -c"$connections" -d3s "$1" >/dev/null
  wrk -t2 -c"$connections" -d3s "$2" >/dev/null
  site_rps=$(rps "$1")
  nginx_rps=$(rps "$2")
  ratio=$(python3 -c "print(f'{$site_rps/$nginx_rps:.2f}')")
}

rps() { wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" | tee -a "$work/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }

machine() { echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"; }

# at_least_half: exits non-zero when the site is below half of nginx's figure.
at_least_half() { python3 -c "import sys; sys.exit(0 if $site_rps >= 0.5 * $nginx_rps else 1)" || { echo "bench: below the target"; exit 1; }; }
