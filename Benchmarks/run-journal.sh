#!/usr/bin/env bash
# The journal's cost and behaviour, in one run: addjob at 16 keep-alive connections with
# journal = fsync, write and off (and, when OLD_BIN names a server binary from before
# the journal, that one too), heartbeats with 1 KiB of log from 1,000 simulated workers,
# fsyncs per second and operations per fsync under that load, journal growth at a steady
# load and right after a snapshot, and start-up time for 1M jobs plus 100k journal records.
# Usage: Benchmarks/run-journal.sh [seconds-per-run]   (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
swift build -c release --product coalition >/dev/null
swift build -c release --product CoalitionBench >/dev/null
BIN="$PWD/.build/release/coalition"
BENCH="$PWD/.build/release/CoalitionBench"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_server() {  # binary dir port journal [savetime]
  mkdir -p "$2"
  printf '[server]\nsavetime=%s\nsavedelay=0\nbackuptime=100000\ntimeout=600\njournal=%s\n' "${5:-300}" "$4" > "$2/coalition.ini"
  (cd "$2" && exec "$1" server -p "$3" --host 127.0.0.1 --web-root "$PWD/public_html" >"$2/server.out" 2>&1) &
  for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$3/json/getworkers" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$2/server.out"; exit 1
}
make_parent() { curl -sf "http://127.0.0.1:$1/json/addjob?title=bench" >/dev/null; }  # addjob.lua adds under it
stop_server() { kill "$(jobs -p | tail -1)" 2>/dev/null || true; wait 2>/dev/null || true; }
journal_line() { grep -E "journal:" "$1/server.out" | tail -1 || true; }

echo "## addjob over keep-alive HTTP (wrk -t2 -c16 -d${DUR}s)"
PORT=19601
for MODE in fsync write off; do
  start_server "$BIN" "$WORK/add-$MODE" $PORT $MODE
  make_parent $PORT
  printf -- "-- journal=%s: " $MODE
  wrk -t2 -c16 -d"${DUR}s" -s Benchmarks/addjob.lua http://127.0.0.1:$PORT | grep -E "Requests/sec" | awk '{print $2 " addjobs/s"}'
  curl -s "http://127.0.0.1:$PORT/json/getjobs?id=0" | python3 -c 'import json,sys; print("   jobs created:", json.load(sys.stdin)["Jobs"][0][17])'
  stop_server
  journal_line "$WORK/add-$MODE"
  PORT=$((PORT + 1))
done
if [ -n "${OLD_BIN:-}" ]; then
  start_server "$OLD_BIN" "$WORK/add-old" $PORT off
  make_parent $PORT
  printf -- "-- previous main (%s): " "$OLD_BIN"
  wrk -t2 -c16 -d"${DUR}s" -s Benchmarks/addjob.lua http://127.0.0.1:$PORT | grep -E "Requests/sec" | awk '{print $2 " addjobs/s"}'
  stop_server
  PORT=$((PORT + 1))
fi

echo; echo "## heartbeats with 1 KiB of log from 1,000 simulated workers (wrk -t2 -c32 -d${DUR}s)"
for MODE in fsync write off; do
  mkdir -p "$WORK/hb-$MODE"
  FIRST=$("$BENCH" makedb "$WORK/hb-$MODE" 1000 1000)
  start_server "$BIN" "$WORK/hb-$MODE" $PORT $MODE
  printf -- "-- journal=%s: " $MODE
  LOG_BYTES=1024 WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c32 -d"${DUR}s" -s Benchmarks/heartbeat.lua http://127.0.0.1:$PORT \
    | grep -E "Requests/sec" | awk '{print $2 " heartbeats/s"}'
  stop_server
  journal_line "$WORK/hb-$MODE"
  PORT=$((PORT + 1))
done

echo; echo "## journal growth at a steady load (4 connections of addjob for ${DUR}s), then after the shutdown snapshot"
start_server "$BIN" "$WORK/grow" $PORT fsync 300
make_parent $PORT
wrk -t1 -c4 -d"${DUR}s" -s Benchmarks/addjob.lua http://127.0.0.1:$PORT | grep -E "Requests/sec" | awk '{print "rate: " $2 " addjobs/s"}'
du -sb "$WORK/grow/journal" | awk -v d="$DUR" '{printf "journal at the end of the load: %d bytes (%.0f MB per hour at this rate, before snapshots cut it)\n", $1, $1 * 3600 / d / 1e6}'
stop_server
du -sb "$WORK/grow/journal" | awk '{printf "journal right after the snapshot: %d bytes\n", $1}'
PORT=$((PORT + 1))

echo; echo "## start-up: 1M jobs + 100k journal records"
mkdir -p "$WORK/start"
"$BENCH" makedb "$WORK/start" 1000000 0 >/dev/null
"$BENCH" makejournal "$WORK/start" 100000
ls -l "$WORK/start/master_db" | awk '{print "master_db: " $5 " bytes"}'
du -sb "$WORK/start/journal" | awk '{print "journal: " $1 " bytes"}'
for RUN in 1 2 3; do
  rm -rf "$WORK/start-$RUN"; cp -r "$WORK/start" "$WORK/start-$RUN"
  T0=$(date +%s.%N)
  start_server "$BIN" "$WORK/start-$RUN" $PORT fsync
  T1=$(date +%s.%N)
  grep -E "loaded" "$WORK/start-$RUN/server.out" | tail -1
  echo "ready after $(echo "$T1 - $T0" | bc) s"
  stop_server
done
