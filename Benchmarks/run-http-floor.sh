#!/usr/bin/env bash
# Per-request cost against the machine's HTTP ceiling, in one run (issue "Per-request cost
# near the machine's HTTP ceiling"): nginx serving a 6 KB static file, a minimal
# Hummingbird server (HelloBench: the framework's floor), this server's heartbeats
# (journal=fsync and journal=off), its 6 KB static file, and pick latency on a 100x100
# tree; each rate at 1, 4 and 16 keep-alive connections (wrk -t1), with p50 latency and
# the server's CPU time per request (utime+stime from /proc, divided by requests).
#
# Usage: Benchmarks/run-http-floor.sh [seconds-per-run]
#   ORIGINAL=DIR TWISTED=DIR  also run the original Coalition v3 server.py (a checkout of
#                             its v3 branch; TWISTED a `pip install --target` of
#                             twisted==20.3.0 for Python 2.7). It binds 0.0.0.0, so it runs
#                             (with its wrk) in a network namespace of its own, after the
#                             rest. Loopback at one connection is slower in a fresh
#                             namespace (nginx too), so compare its c=4 and c=16 lines.
# Needs wrk and nginx (apt-get install wrk nginx-light), Python 2.7 for the original.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DUR="${1:-5}"
PY2="${PY2:-/root/.pyenv/versions/2.7.18/bin/python}"

if [ -z "${IN_NETNS:-}" ]; then
  swift build -c release --product coalition >/dev/null
  swift build -c release --product HelloBench >/dev/null
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx-light"; exit 1; }
BIN="$ROOT/.build/release/coalition"
HELLO="$ROOT/.build/release/HelloBench"
WORK="$(mktemp -d)"
SERVER_PID=""
trap 'stop; rm -rf "$WORK"' EXIT

stop() { [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }; SERVER_PID=""; }
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return; sleep 0.1; done; echo "no answer from $1"; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run NAME URL [wrk options...]: one line per connection count.
run() {
  local name="$1" url="$2"; shift 2
  for c in 1 4 16; do
    local before after out rate p50 requests
    before=$(cpu_ticks "$SERVER_PID")
    out=$(wrk -t1 -c"$c" -d"${DUR}s" --latency "$@" "$url")
    after=$(cpu_ticks "$SERVER_PID")
    rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    printf "%-28s c=%-3s %10s req/s  p50 %-9s CPU/request %6.1f us\n" "$name" "$c" "$rate" "$p50" \
      "$(echo "($after - $before) * 10000 / $requests" | bc -l)"
  done
}

start_ours() {  # dir port journal [web root]
  mkdir -p "$1"
  printf '[server]\nsavetime=300\nbackuptime=100000\ntimeout=600\njournal=%s\n' "$3" > "$1/coalition.ini"
  (cd "$1" && exec "$BIN" server -p "$2" --host 127.0.0.1 --web-root "${4:-$ROOT/public_html}" >"$1/server.out" 2>&1) &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$2/healthz"
}

original_part() {
  echo "== the original Coalition v3 server"
  start_original() {  # dir port
    rm -rf "$1"; mkdir -p "$1"
    cp -r "$ORIGINAL/." "$1/"
    printf '[server]\nport=%s\ntimeout=600\nsavetime=300\n' "$2" > "$1/coalition.ini"
    (cd "$1" && PYTHONPATH="$TWISTED" exec "$PY2" server.py >"$1/server.out" 2>&1) &  # port from coalition.ini (its -p makes a float)
    SERVER_PID=$!
    wait_http "http://127.0.0.1:$2/json/getworkers"
  }
  start_original "$WORK/orig-hb" 19806
  FIRST=$(python3 Benchmarks/farm_setup.py http://127.0.0.1:19806 heartbeats 1000)
  WORKERS=1000 FIRST_JOB=$FIRST run "original heartbeat" http://127.0.0.1:19806 -s Benchmarks/heartbeat.lua
  stop
  start_original "$WORK/orig-pick" 19807
  echo "original pickjob on a 100x100 tree, p50/p99 us: $(python3 Benchmarks/farm_setup.py http://127.0.0.1:19807 picks 100 100 2000)"
  stop
}

if [ -n "${IN_NETNS:-}" ]; then
  original_part
  exit 0
fi

STATIC="$WORK/static"
mkdir -p "$STATIC"
head -c 4608 /dev/urandom | base64 -w 76 | head -c 6144 > "$STATIC/static.txt"

echo "== nginx, 6 KB static file"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
master_process off;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server { listen 127.0.0.1:19801; root $STATIC; }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
SERVER_PID=$!
wait_http "http://127.0.0.1:19801/static.txt"
run "nginx static 6KB" "http://127.0.0.1:19801/static.txt"
stop

echo "== minimal Hummingbird server (HelloBench)"
"$HELLO" 19802 >/dev/null 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:19802/"
run "hello GET" "http://127.0.0.1:19802/workers/heartbeat"
stop

echo "== this server"
start_ours "$WORK/static-ours" 19803 fsync "$STATIC"
run "ours static 6KB" "http://127.0.0.1:19803/static.txt"
stop
for journal in fsync off; do
  start_ours "$WORK/hb-$journal" 19804 "$journal"
  FIRST=$(python3 Benchmarks/farm_setup.py http://127.0.0.1:19804 heartbeats 1000)
  WORKERS=1000 FIRST_JOB=$FIRST run "ours heartbeat journal=$journal" http://127.0.0.1:19804 -s Benchmarks/heartbeat.lua
  stop
done
for journal in fsync off; do
  start_ours "$WORK/pick-$journal" 19805 "$journal"
  echo "ours pickjob on a 100x100 tree, journal=$journal, p50/p99 us: $(python3 Benchmarks/farm_setup.py http://127.0.0.1:19805 picks 100 100 2000)"
  stop
done


if [ -n "${ORIGINAL:-}" ]; then
  unshare -n env IN_NETNS=1 ORIGINAL="$ORIGINAL" TWISTED="$TWISTED" bash -c "ip link set lo up && exec \"$0\" \"$DUR\""
fi
