#!/usr/bin/env bash
# Operations benchmarks of the release server with wrk on 127.0.0.1:
#  1. heartbeat p50/p99 on a farm of 1M jobs, without and with /metrics scraped every second,
#     and the latency of each scrape and health check (also while 1M-job snapshots are written);
#  2. addjob throughput with the event log (one line per job) going to a file and to stderr,
#     and the journal's group commits during it (fsync time, operations per fsync).
# Usage: Benchmarks/run-ops.sh [seconds-per-run]   (needs wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
swift build -c release --product coalition --product CoalitionBench >/dev/null
BIN="$PWD/.build/release/coalition"
BENCH="$PWD/.build/release/CoalitionBench"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_server() {  # dir port savetime [extra server options]
  mkdir -p "$1"
  printf '[server]\nsavetime=%s\nsavedelay=0\nbackuptime=100000\ntimeout=600\n' "$3" > "$1/coalition.ini"
  (cd "$1" && exec "$BIN" server -p "$2" --host 127.0.0.1 --web-root "$PWD/public_html" ${4:-} >"$1/server.out" 2>&1) &
  for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/healthz")" = 200 ] && return; sleep 0.1
  done
  echo "server did not start"; cat "$1/server.out"; exit 1
}
stop_server() { kill "$(jobs -p | tail -1)" 2>/dev/null || true; wait 2>/dev/null || true; }
scrape_loop() {  # port path out: one request per second, its total time in ms per line
  while true; do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1$2" | awk '{print $1*1000}' >> "$3"; sleep 1
  done
}
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n "$1" | tail -1; }

mkdir -p "$WORK/m"
FIRST=$("$BENCH" makedb "$WORK/m" 1000000 1000)
cp "$WORK/m/master_db" "$WORK/master_db.1M"

echo "## heartbeats, 1M jobs, 1000 workers (wrk -t2 -c16 -d${DUR}s)"
start_server "$WORK/m" 19601 300
echo "-- no scrape"
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/heartbeat.lua http://127.0.0.1:19601 | grep -E "Requests/sec|50%|99%" || true
echo "-- /metrics scraped every second"
scrape_loop 19601 /metrics "$WORK/scrape.ms" & SCRAPER=$!
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/heartbeat.lua http://127.0.0.1:19601 | grep -E "Requests/sec|50%|99%" || true
kill $SCRAPER; wait $SCRAPER 2>/dev/null || true
echo "scrape time: median $(median "$WORK/scrape.ms") ms, max $(maxof "$WORK/scrape.ms") ms over $(wc -l < "$WORK/scrape.ms") scrapes"
stop_server

echo; echo "## /metrics and /healthz while a 1M-job snapshot is written every second"
cp "$WORK/master_db.1M" "$WORK/m/master_db"
start_server "$WORK/m" 19602 1
scrape_loop 19602 /metrics "$WORK/scrape2.ms" & S1=$!
scrape_loop 19602 /healthz "$WORK/health.ms" & S2=$!
WORKERS=1000 FIRST_JOB=$FIRST wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/heartbeat.lua http://127.0.0.1:19602 | grep -E "Requests/sec|50%|99%" || true
kill $S1 $S2; wait $S1 $S2 2>/dev/null || true
echo "scrape: median $(median "$WORK/scrape2.ms") ms, max $(maxof "$WORK/scrape2.ms") ms; healthz: median $(median "$WORK/health.ms") ms, max $(maxof "$WORK/health.ms") ms"
grep -c " save jobs=" "$WORK/m/server.out" | awk '{print "snapshots during the run: " $1}' || true
stop_server

echo; echo "## addjob with the event log (one job.added line per job) (wrk -t2 -c16 -d${DUR}s)"
echo "-- log to stderr only (redirected to a file)"
start_server "$WORK/a1" 19603 300
wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/addjob.lua http://127.0.0.1:19603 | grep -E "Requests/sec|50%|99%" || true
stop_server
echo "-- log to stderr and --log-file"
start_server "$WORK/a2" 19604 300 "--log-file $WORK/a2/events.log"
wrk -t2 -c16 -d"${DUR}s" --latency -s Benchmarks/addjob.lua http://127.0.0.1:19604 | grep -E "Requests/sec|50%|99%" || true
wc -l < "$WORK/a2/events.log" | awk '{print "event lines written: " $1}'
# The journal's group commits during that run (journal=fsync), from its own metrics.
curl -s "http://127.0.0.1:19604/metrics" | awk '
  /^coalition_journal_fsync_duration_seconds_sum/ {fs=$2} /^coalition_journal_fsync_duration_seconds_count/ {fc=$2}
  /^coalition_journal_operations_per_fsync_sum/ {os=$2} /^coalition_journal_operations_per_fsync_count/ {oc=$2}
  END { if (fc > 0 && oc > 0) printf "journal: %d group commits, mean %.3f ms per fsync, mean %.1f operations per fsync\n", fc, fs/fc*1000, os/oc }'
stop_server
