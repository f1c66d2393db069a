#!/bin/bash
# Rebuilds the v3 import fixture by driving an original Coalition v3 server.
#
# Usage (as root, the original runs inside its own network namespace):
#   unshare -n Tests/Fixtures/v3/make-fixture.sh ORIGINAL_CHECKOUT OUT_DIR
# with ORIGINAL_CHECKOUT a checkout of the original's v3 branch, Python 2.7 as $PYTHON2
# and Twisted 20.3 on $PYTHONPATH. OUT_DIR receives master_db (as the original saved it)
# and the original's own JSON answers after it restarted on that file.
set -euo pipefail
SRC=$1
OUT=$2
PYTHON2=${PYTHON2:-/root/.pyenv/versions/2.7.18/bin/python}
ip link set lo up
WORK=$(mktemp -d)
cp -r "$SRC"/. "$WORK"/
rm -f "$WORK"/master_db*
# Save one second after a change instead of five minutes.
printf '[server]\nsavetime=1\nbackuptime=100000\n' > "$WORK/coalition.ini"
URL=http://127.0.0.1:19211

start_server() {
    (cd "$WORK" && exec "$PYTHON2" server.py >"$WORK/stdout.log" 2>&1) &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -sf "$URL/json/getworkers" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "original server did not start" >&2; cat "$WORK/stdout.log" >&2; exit 1
}
add() { curl -sf "$URL/json/addjob" "$@"; }
get() { curl -sf "$URL$1"; }
post() { curl -sf -o /dev/null "$URL$1" "${@:2}"; }
pick() { curl -sf "$URL/workers/pickjob" -d hostname="$1" -d load='[12.5, 3.0]' -d freeMemory=1000 -d totalMemory=4000; echo; }
heartbeat() { curl -sf "$URL/workers/heartbeat" -d hostname="$1" -d jobId="$2" --data-urlencode log="$(printf "$3" | base64 -w0)" -d load='[50.0]' -d freeMemory=900 -d totalMemory=4000; echo; }
endjob() { curl -sf "$URL/workers/endjob" -d hostname="$1" -d jobId="$2" -d errorCode="$3"; echo; }

start_server
add -d title=Shots -d affinity=linux                                   # 1
add -d parent=1 -d title='frame 1' -d cmd='render 1' -d dir=/shots      # 2
add -d parent=1 -d title='frame 2' -d cmd='render 2' -d retry=1         # 3
# The running job has no run-time limit, so the fixture does not expire.
add -d parent=1 -d title='frame 3' -d cmd='render 3'                    # 4
add -d parent=1 -d title='frame 4' -d cmd='render 4' -d timeout=3600    # 5
add -d title=Comp -d dependencies=1 -d priority=500                     # 6
add -d parent=6 -d title='comp a' -d cmd='comp a'                       # 7
add -d parent=6 -d title='comp b' -d cmd='comp b'                       # 8
add -d title='Paused group'                                             # 9
add -d parent=9 -d title='held' -d cmd='sleep 1' -d user=alice          # 10
add -d title="Caf$(printf '\xc3\xa9') 'quoted' \"both\"" -d cmd='echo "hi" \\ there' \
    --data-urlencode env='A=1\nB=two words' -d url=http://example.com/x -d user=bob \
    -d priority=2000 -d localprogress='PROGRESS:%percent' -d globalprogress='GLOBAL:%one' # 11
add -d title=Late -d cmd='render late' -d priority=10                   # 12
add -d parent=9 -d title='Sub group'                                    # 13
add -d parent=13 -d title='deep' -d cmd='deep' -d dependencies='2 3'    # 14
echo
post /json/pausejobs -d id=8
post /json/pausejobs -d id=9
pick w1                               # 11 (highest priority, no affinity needed)
heartbeat w1 11 'line\nPROGRESS:40%%\nGLOBAL:0.25\n'
endjob w1 11 0
heartbeat w2 -1 ''                    # makes w2 known, so it can get an affinity
post /json/updateworkers -d id=w1 -d id=w2 -d prop=Affinity -d value=linux,gpu
pick w1                               # 2
endjob w1 2 0
pick w1                               # 3
endjob w1 3 1
pick w2                               # 4
heartbeat w2 4 'PROGRESS:75%%\n'
pick w3                               # 12
endjob w3 12 0
post /json/stopworkers -d id=w3
post /json/movejobs -d id=12 -d dest=6
post /json/updatejobs -d id=7 -d prop=Dependencies -d value='2, 3'
post /json/updatejobs -d id=5 -d prop=URL -d value=http://example.com/5 -d prop=Priority -d value=1500
# Let the original save (first save 5 s after start, then one block per second).
for _ in $(seq 1 40); do
    sleep 1
    heartbeat w2 4 '' >/dev/null
    if [ -f "$WORK/master_db" ] && [ "$WORK/master_db" -nt "$WORK/coalition.ini" ] && [ ! -f "$WORK/master_db.part" ] \
       && [ $(( $(date +%s) - $(stat -c %Y "$WORK/master_db") )) -ge 3 ]; then break; fi
done
kill "$SERVER"; wait "$SERVER" || true
mkdir -p "$OUT"
cp "$WORK/master_db" "$OUT/master_db"

# The original restarted on the file it wrote: these are the answers to match.
start_server
NOW=$(date +%s.%N)
for id in 0 1 6 9 13; do get "/json/getjobs?id=$id" > "$OUT/getjobs-$id.json"; done
get /json/getworkers > "$OUT/getworkers.json"
get /json/getactivities > "$OUT/getactivities.json"
echo "$NOW" > "$OUT/captured-at.txt"
kill "$SERVER"; wait "$SERVER" || true
rm -rf "$WORK"
echo "fixture written to $OUT"
