#!/bin/bash
# Rebuilds the v2 import fixture (database version 5) by driving an original Coalition v2
# server over XML-RPC.
#
# Usage (as root, the original runs inside its own network namespace):
#   unshare -n Tests/Fixtures/v2/make-fixture.sh ORIGINAL_CHECKOUT OUT_DIR
# with ORIGINAL_CHECKOUT a checkout of the original's v2 branch, Python 2.7 as $PYTHON2
# and Twisted 20.3 on $PYTHONPATH. OUT_DIR receives master_db and the original's
# getjobs/getworkers answers (as JSON) after it restarted on that file.
set -euo pipefail
SRC=$1
OUT=$(realpath -m "$2")
PYTHON2=${PYTHON2:-/root/.pyenv/versions/2.7.18/bin/python}
ip link set lo up
WORK=$(mktemp -d)
cp -r "$SRC"/. "$WORK"/
rm -f "$WORK"/master_db*
mkdir -p "$OUT"

start_server() {
    (cd "$WORK" && exec "$PYTHON2" server.py >"$WORK/stdout.log" 2>&1) &
    SERVER=$!
    "$PYTHON2" - <<'PY'
import time, xmlrpclib
for _ in range(100):
    try:
        xmlrpclib.ServerProxy("http://127.0.0.1:19211/xmlrpc").getworkers()
        break
    except Exception:
        time.sleep(0.1)
PY
}

start_server
"$PYTHON2" - <<'PY'
import time, xmlrpclib
s = xmlrpclib.ServerProxy("http://127.0.0.1:19211/xmlrpc")
w = xmlrpclib.ServerProxy("http://127.0.0.1:19211/workers")
group = s.addjob(0, "Sequence", "", ".", 1000, 10, 0, "", "")
a = s.addjob(group, "shot a", "render a", "/tmp", 1000, 10, 0, "", "")
b = s.addjob(group, "shot b", "render b", ".", 900, 2, 60, "", str(a))
c = s.addjob(0, "Single", "echo single", ".", 2000, 10, 0, "", "")
print w.pickjob("n1", "[10]")     # Single (priority 2000)
print w.endjob("n1", c, 0)
print w.pickjob("n1", "[10]")     # shot a
print w.endjob("n1", a, 1)
print w.pickjob("n2", "[20]")     # shot a again (error, tries left)
s.pausejob(b)
time.sleep(7)                     # the original saves every 5 seconds
PY
kill "$SERVER"; wait "$SERVER" || true
cp "$WORK/master_db" "$OUT/master_db"
start_server
"$PYTHON2" - "$OUT" <<'PY'
import json, sys, xmlrpclib
s = xmlrpclib.ServerProxy("http://127.0.0.1:19211/xmlrpc")
for id in (0, 1):
    with open(sys.argv[1] + "/getjobs-%d.json" % id, "w") as f:
        json.dump(s.getjobs(id), f, indent=1, sort_keys=True)
with open(sys.argv[1] + "/getworkers.json", "w") as f:
    json.dump(s.getworkers(), f, indent=1, sort_keys=True)
PY
kill "$SERVER"; wait "$SERVER" || true
rm -rf "$WORK"
echo "fixture written to $OUT"
