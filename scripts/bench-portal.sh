#!/usr/bin/env bash
# Benchmark of the public page cache: `wrk -t2 -c64 -d10s` against a cached document page of
# the demo, and in the same run against nginx serving the very same bytes as a static file.
# Prints both request rates and their ratio. Loopback only; every process it starts is
# stopped at the end. Usage: scripts/bench-portal.sh [PATH]   (default /documents/1)
set -euo pipefail
cd "$(dirname "$0")/.."

page="${1:-/documents/1}"
gk_port=18080
nginx_port=18081

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2"; }; }
need wrk wrk
need nginx nginx-light

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
cargo build --release -p gongkai --quiet
bin="$CARGO_TARGET_DIR/release/gongkai"

work=$(mktemp -d)
cleanup() {
  [ -n "${gk_pid:-}" ] && kill "$gk_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

GONGKAI_DATA_DIR="$work/data" GONGKAI_LOG=warn "$bin" serve --bind "127.0.0.1:$gk_port" >"$work/gongkai.log" 2>&1 &
gk_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$gk_port/healthz" >/dev/null 2>&1 && break; sleep 0.25; done

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$gk_port$page" -o "$work/www/page.html"   # also warms the cache
bytes=$(wc -c <"$work/www/page.html")

cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5

rate() { wrk -t2 -c64 -d10s "$1" | awk '/^Requests\/sec/ {print $2}'; }
echo "page: $page ($bytes bytes, identity encoding)"
gk=$(rate "http://127.0.0.1:$gk_port$page")
echo "gongkai (cached page): $gk requests/s"
ng=$(rate "http://127.0.0.1:$nginx_port/page.html")
echo "nginx (static file):   $ng requests/s"
awk -v a="$gk" -v b="$ng" 'BEGIN { printf "ratio gongkai/nginx:   %.2f\n", a / b }'
