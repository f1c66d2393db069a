"""`coalition control` worker actions and activities."""
from test_control_support import Farm, fails, ok


def test_workers_table_and_json(server):
    farm = Farm(server)
    farm.pick("render02-1", load="[20, 40]", free=1000, total=4000)
    farm.pick("render01-1", load="[37]", free=6120, total=16027)
    data = ok(server.url, "workers", "--json").json()
    assert [w["Name"] for w in data] == ["render01-1", "render02-1"]
    w = data[1]
    assert (w["State"], w["Load"], w["FreeMemory"], w["TotalMemory"], w["Active"]) == \
        ("WAITING", [20, 40], 1000, 4000, True)
    assert w["IP"] == "127.0.0.1"
    lines = ok(server.url, "workers").out.splitlines()
    assert lines[0].split()[:4] == ["NAME", "IP", "STATE", "ACTIVE"]
    assert lines[1].split()[:4] == ["render01-1", "127.0.0.1", "WAITING", "yes"]
    assert "37%" in lines[1] and "6120/16027 MB" in lines[1]
    assert "30%" in lines[2] and "1000/4000 MB" in lines[2]


def test_worker_stop_start_affinity_clear(server):
    farm = Farm(server)
    job_id = farm.add(title="a", cmd="render")
    assert farm.pick("n1-1")[0] == job_id
    farm.pick("n2-1")
    r = ok(server.url, "worker-stop", "n1-1", "n2-1", "--json")
    assert r.json() == {"Action": "worker-stop", "Workers": ["n1-1", "n2-1"]}
    assert not farm.workers()["n1-1"]["Active"]
    assert farm.job(job_id)["State"] == "WAITING"      # its job went back to the queue
    assert farm.pick("n1-1")[0] == -1
    ok(server.url, "worker-start", "n1-1")
    assert farm.workers()["n1-1"]["Active"] and not farm.workers()["n2-1"]["Active"]
    ok(server.url, "worker-affinity", "n1-1", "linux,gpu")
    assert farm.workers()["n1-1"]["Affinity"] == "linux,gpu"
    ok(server.url, "worker-affinity", "n1-1", "")
    assert farm.workers()["n1-1"]["Affinity"] == ""
    ok(server.url, "worker-clear", "n2-1")
    assert list(farm.workers()) == ["n1-1"]


def test_worker_errors(server):
    farm = Farm(server)
    farm.pick("n1-1")
    assert "unknown worker 'ghost'" in fails(1, server.url, "worker-stop", "n1-1", "ghost").err
    assert farm.workers()["n1-1"]["Active"]
    fails(2, server.url, "worker-stop")
    fails(2, server.url, "worker-affinity", "n1-1")
    fails(1, server.url, "worker-affinity", "ghost", "x")
    fails(2, server.url, "workers", "extra")


def test_activities_with_filters(server):
    farm = Farm(server)
    a = farm.add(title="A", cmd="a")
    b = farm.add(title="B", cmd="b")
    assert farm.run("n1-1") == a
    assert farm.run("n2-1", code=1) == b
    data = ok(server.url, "activities", "--json").json()
    assert [(x["JobID"], x["Worker"], x["State"]) for x in data] == [(a, "n1-1", "FINISHED"), (b, "n2-1", "ERROR")]
    assert list(data[0]) == ["Start", "JobID", "JobTitle", "State", "Worker", "Duration", "ID"]
    assert [x["JobID"] for x in ok(server.url, "activities", "--job", b, "--json").json()] == [b]
    assert [x["Worker"] for x in ok(server.url, "activities", "--worker", "n1-1", "--json").json()] == ["n1-1"]
    assert len(ok(server.url, "activities", "--since", "3600", "--json").json()) == 2
    lines = ok(server.url, "activities").out.splitlines()
    assert lines[0].split() == ["ID", "START", "JOB", "TITLE", "STATE", "WORKER", "DURATION"]
    assert len(lines) == 3 and "n2-1" in lines[2] and "ERROR" in lines[2]
    fails(2, server.url, "activities", "--job", "x")
    fails(2, server.url, "activities", "--since", "-5")
