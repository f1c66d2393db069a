#!/usr/bin/env bash
# HTTP benchmarks of the release server with wrk (keep-alive connections) on 127.0.0.1.
# Usage: Benchmarks/run-http.sh [seconds-per-run]   (needs `apt-get install wrk`)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
swift build -c release --product coalition >/dev/null
swift build -c release --product CoalitionBench >/dev/null
BIN="$PWD/.build/release/coalition"
BENCH="$PWD/.build/release/CoalitionBench"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_server() {  # dir port savetime [extra server options]
  mkdir -p "$1"
  printf '[server]\nsavetime=%s\nbackuptime=100000\ntimeout=600\n' "$3" > "$1/coalition.ini"
  (cd "$1" && exec "$BIN" server -p "$2" --host 127.0.0.1 --web-root "$PWD/public_html" ${4:-} >"$1/server.out" 2>&1) &
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$2/json/getworkers" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$1/server.out"; exit 1
}
stop_server() { kill "$(jobs -p | tail -1)" 2>/dev/null || true; wait 2>/dev/null || true; }
rate() { grep "Requests/sec" | awk '{print $2}'; }

echo "## addjob over keep-alive HTTP (wrk -t2 -c16 -d${DUR}s)"
start_server "$WORK/add" 19501 300
curl -s "http://127.0.0.1:19501/json/addjob?title=bench" >/dev/null
wrk -t2 -c16 -d"${DUR}s" -s Benchmarks/addjob.lua http://127.0.0.1:19501 | tee "$WORK/add.txt" | grep -E "Requests/sec|Latency|Non-2xx" || true
TOTAL=$(curl -s "http://127.0.0.1:19501/json/getjobs?id=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Jobs"][0][17])')
echo "jobs created: $TOTAL"
stop_server

echo; echo "## heartbeats from 1000 simulated workers (wrk -t2 -c32 -d${DUR}s)"
mkdir -p "$WORK/hb"
FIRST=$("$BENCH" makedb "$WORK/hb" 1000 1000)
start_server "$WORK/hb" 19502 300
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c32 -d"${DUR}s" -s Benchmarks/heartbeat.lua http://127.0.0.1:19502 | grep -E "Requests/sec|Latency|Non-2xx|error" || true
stop_server

echo; echo "## getjobs of a parent with 100k children (wrk -t1 -c2 -d${DUR}s)"
mkdir -p "$WORK/get"
"$BENCH" makedb "$WORK/get" 0 100000 >/dev/null
start_server "$WORK/get" 19503 300
LIVE=$(curl -s "http://127.0.0.1:19503/json/getjobs?id=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Jobs"][-1][0])')
curl -s -o "$WORK/get.json" -w "answer: %{size_download} bytes in %{time_total}s\n" "http://127.0.0.1:19503/json/getjobs?id=$LIVE"
BENCH_PATH="/json/getjobs?id=$LIVE" wrk -t1 -c2 -d"${DUR}s" --latency -s Benchmarks/get.lua http://127.0.0.1:19503 | grep -E "Requests/sec|50%|99%" || true
stop_server

echo; echo "## request latency with 1M jobs: without saves, then while snapshots run every second"
mkdir -p "$WORK/save"
FIRST=$("$BENCH" makedb "$WORK/save" 1000000 1000)
ls -l "$WORK/save/master_db" | awk '{print "master_db: " $5 " bytes"}'
cp "$WORK/save/master_db" "$WORK/master_db.1M"
start_server "$WORK/save" 19504 300
echo "-- savetime=300 (no save during the run)"
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/heartbeat.lua http://127.0.0.1:19504 | grep -E "Requests/sec|50%|99%|Non-2xx" || true
ps -o rss= -p "$(jobs -p | tail -1)" | awk '{printf "server RSS with 1M jobs: %d MB (%.0f B/job)\n", $1/1024, $1*1024/1001000}'
stop_server
cp "$WORK/master_db.1M" "$WORK/save/master_db"
start_server "$WORK/save" 19505 1 -v
echo "-- savetime=1 (a 1M-job snapshot written every second)"
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/heartbeat.lua http://127.0.0.1:19505 | grep -E "Requests/sec|50%|99%|Non-2xx" || true
grep -c " save jobs=" "$WORK/save/server.out" | awk '{print "snapshots written during the run: " $1}' || true
grep " save jobs=" "$WORK/save/server.out" | tail -1 | sed "s/.*save /last save: /" || true
stop_server
