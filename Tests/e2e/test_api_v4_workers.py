"""The v4 REST API's worker, event, affinity and job-action endpoints, with real workers."""

import os

from api_v4_support import add, get_job, ok, refused, snapshot
from test_worker_support import WorkerProcess, wait_until


def test_actions_workers_events_and_affinities(server, tmp_path):
    ok_job = add(server, title="ok", command="printf 'out-%d' 42")
    bad_job = add(server, title="bad", command="exit 3", retry=1)
    worker = WorkerProcess(tmp_path / "w", url=server.url, name="node")
    try:
        wait_until(lambda: get_job(server, ok_job)["state"] == "FINISHED", what="ok job finished")
        wait_until(lambda: get_job(server, bad_job)["state"] == "ERROR", what="bad job failed")
        assert "out-42" in ok(server, "GET", "/api/jobs/%d/log" % ok_job)
        assert get_job(server, ok_job)["run_done"] == 1

        workers = ok(server, "GET", "/api/workers")
        assert [w["name"] for w in workers] == ["node-1"]
        w = workers[0]
        assert w["ip"] == "127.0.0.1" and w["finished"] >= 1 and w["active"] == 1
        assert w["total_memory"] > 0 and w["cpu"].startswith("[")

        events = ok(server, "GET", "/api/events")
        assert {e["job_id"] for e in events} >= {ok_job, bad_job}
        assert all(e["worker"] == "node-1" for e in events)
        assert {e["job_id"] for e in ok(server, "GET", "/api/events", params={"job": ok_job})} == {ok_job}
        assert ok(server, "GET", "/api/events", params={"worker": "nobody"}) == []

        # reseterrorjobs reruns only the failed one; resetjobs reruns a finished one
        assert ok(server, "POST", "/api/reseterrorjobs", [bad_job, ok_job]) == 1
        wait_until(lambda: get_job(server, bad_job)["run_done"] >= 1 and get_job(server, bad_job)["state"] == "ERROR",
                   what="bad job failed again")
        assert ok(server, "POST", "/api/pausejobs", [ok_job]) == 1
        assert get_job(server, ok_job)["state"] == "PAUSED"
        assert ok(server, "POST", "/api/startjobs", [ok_job]) == 1
        assert ok(server, "POST", "/api/resetjobs", [ok_job]) == 1
        wait_until(lambda: get_job(server, ok_job)["state"] == "FINISHED", what="ok job finished again")

        # stop and start a worker
        assert ok(server, "POST", "/api/stopworkers", ["node-1"]) == 1
        assert ok(server, "GET", "/api/workers")[0]["active"] == 0
        held = add(server, title="held", command="true")
        assert get_job(server, held)["state"] == "WAITING"
        assert ok(server, "POST", "/api/startworkers", ["node-1"]) == 1
        wait_until(lambda: get_job(server, held)["state"] == "FINISHED", what="held job ran after start")

        # affinities: numbered words; a worker affinity edit, v4's newline lists included
        gated = add(server, title="gated", command="true", affinity="linux")
        table = ok(server, "GET", "/api/affinities")
        assert len(table) == 63 and table["1"] == "linux" and table["2"] == ""
        assert ok(server, "POST", "/api/workers", {"node-1": {"affinity": "linux\n#1"}}) == 1
        assert ok(server, "GET", "/api/workers")[0]["affinity"] == "linux,linux"
        wait_until(lambda: get_job(server, gated)["state"] == "FINISHED", what="gated job ran")

    finally:
        worker.stop()
    # the worker has stopped: nothing moves while the refusals are checked
    before = snapshot(server)
    refused(server, "POST", "/api/workers", {"node-1": {"affinity": "#9"}})
    refused(server, "POST", "/api/workers", {"node-1": {"ip": "1.2.3.4"}})
    refused(server, "POST", "/api/workers", {"ghost": {"affinity": "x"}}, status=404)
    refused(server, "POST", "/api/stopworkers", ["node-1", "ghost"], status=404)
    refused(server, "POST", "/api/startworkers", [1])
    refused(server, "DELETE", "/api/workers", ["ghost"], status=404)
    assert ok(server, "POST", "/api/affinities", {"1": "linux", "2": ""}) == 1
    refused(server, "POST", "/api/affinities", {"x": "y"})
    refused(server, "POST", "/api/affinities", {"1": 5})
    refused(server, "GET", "/api/events", params={"job": "abc"})
    assert snapshot(server) == before
    assert ok(server, "DELETE", "/api/workers", ["node-1"]) == 1
    assert ok(server, "GET", "/api/workers") == []
