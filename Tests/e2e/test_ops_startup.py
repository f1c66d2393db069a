"""End to end: one listener from the first moment. While a large master_db loads, /healthz
answers 503 {"status":"loading"} and a v3 request waits for the load and is then answered
as usual; there is never a refused connection or a 503 for a v3 client."""
import json
import os
import shutil
import subprocess
import time

from conftest import REPO

PY2 = os.environ.get("COALITION_PY2", "/root/.pyenv/versions/2.7.18/bin/python")
GROUPS = 100


def test_loading_answers_health_503_and_holds_v3_requests(server_factory, tmp_path):
    assert os.path.exists(PY2), "Python 2.7 (to write a v3 master_db) is missing at %s" % PY2
    db = str(tmp_path / "v3_master_db")
    # 100 groups of 1,000 leaves: loading it takes far longer than one poll below.
    subprocess.check_call([PY2, os.path.join(REPO, "Benchmarks", "make_v3_master_db.py"), db, str(GROUPS), "1000", "10"])
    server = server_factory(start=False)
    shutil.move(db, server.path("master_db"))
    server.start(wait=False)

    deadline = time.monotonic() + 30
    while True:
        assert server.proc.poll() is None, server.output()
        try:
            health = server.get("/healthz", timeout=2)
            break
        except OSError:
            assert time.monotonic() < deadline, "the port was never bound:\n" + server.output()
            time.sleep(0.01)
    assert health.status == 503, health
    assert json.loads(health.text) == {"status": "loading"}

    # Asked during the load, answered once it is done: all the groups, no 503.
    answer = server.get("/json/getjobs", params={"id": 0}, timeout=120)
    assert answer.status == 200, answer
    assert len(json.loads(answer.text)["Jobs"]) == GROUPS
    ready = server.get("/healthz")
    assert ready.status == 200 and json.loads(ready.text)["jobs"] == GROUPS * 1001
