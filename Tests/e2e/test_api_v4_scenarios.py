"""The scenarios of Coalition v4's own tests/main_test.py, driven through /api/ with two of
our workers: affinities, priorities, dependencies, children finishing before their parent."""

from api_v4_support import add, get_job, ok
from test_worker_support import WorkerProcess, wait_until


def test_v4_main_scenarios(server, tmp_path):
    dep_job = add(server, command="echo dependencies", title="jobDependencies", state="PAUSED")
    parent = add(server, title="parent")
    children = [add(server, command="echo 'job-%d'" % i, title="job-%d" % i, parent=parent, state="PAUSED")
                for i in range(10)]
    first = add(server, command="sleep 1", title="First Job", affinity="linux", priority=129)
    second = add(server, command="sleep 1", title="Second Job", affinity="linux", priority=128)
    basic = add(server, command="sleep 1", title="Basic", priority=300)
    project = add(server, command="true", title="windows project", affinity="windows project", priority=127)

    # test_getJob
    d = get_job(server, dep_job)
    assert (d["id"], d["title"], d["command"], d["state"]) == (dep_job, "jobDependencies", "echo dependencies", "PAUSED")
    f = get_job(server, first)
    assert (f["title"], f["affinity"], f["priority"]) == ("First Job", "linux", 129)

    workers = [WorkerProcess(tmp_path / ("w%d" % i), url=server.url, name="worker-%d" % i) for i in range(2)]
    try:
        # test_getWorkers
        wait_until(lambda: len(ok(server, "GET", "/api/workers")) == 2, what="two workers")
        # test_editWorkers: v4 affinity lists are newline-separated
        names = sorted(w["name"] for w in ok(server, "GET", "/api/workers"))
        assert ok(server, "POST", "/api/workers", {names[0]: {"affinity": "windows\nlinux"},
                                                   names[1]: {"affinity": "windows project\nwin\ndos"}}) == 1
        # test_priorities: both linux jobs run on the one linux worker, higher priority first
        wait_until(lambda: all(get_job(server, j)["state"] == "FINISHED" for j in (first, second, basic, project)),
                   timeout=60, what="sleep jobs finished")
        f, s = get_job(server, first), get_job(server, second)
        assert f["worker"] == names[0] and s["worker"] == names[0]
        assert s["start_time"] >= f["start_time"]
        assert get_job(server, project)["worker"] == names[1]

        # test_setJobDependencies
        assert ok(server, "POST", "/api/jobs/%d/dependencies" % dep_job, children) == 1
        assert [j["id"] for j in ok(server, "GET", "/api/jobs/%d/dependencies" % dep_job)] == children
        assert ok(server, "POST", "/api/jobs", {str(dep_job): {"state": "WAITING"}}) == 1
        assert get_job(server, dep_job)["state"] == "PENDING"
        # test_states / test_children_finish_before_parent
        assert ok(server, "POST", "/api/jobs", {str(c): {"state": "WAITING"} for c in children}) == 1
        assert get_job(server, dep_job)["state"] != "PAUSED"
        wait_until(lambda: get_job(server, dep_job)["state"] == "FINISHED", timeout=60, what="dependent job")
        finished_children = [get_job(server, c) for c in children]
        assert all(c["state"] == "FINISHED" for c in finished_children)
        events = ok(server, "GET", "/api/events")
        dep_start = min(e["start"] for e in events if e["job_id"] == dep_job)
        assert all(dep_start >= c["start_time"] for c in finished_children)
        # test_no_job_error
        p = get_job(server, parent)
        assert (p["state"], p["working"], p["errors"], p["run_done"]) == ("FINISHED", 0, 0, 0)
    finally:
        for w in workers:
            w.stop()
