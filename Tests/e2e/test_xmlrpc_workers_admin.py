"""XML-RPC worker administration and activities on POST /xmlrpc (reference 6.1)."""
import json

from test_xmlrpc_support import proxy


def json_workers(server):
    data = json.loads(server.get("/json/getworkers").text)
    return {w[0]: dict(zip(data["Vars"], w)) for w in data["Workers"]}


def test_worker_methods(server):
    s = proxy(server)
    w = proxy(server, "/workers")
    assert s.getworkers() == []
    for name in ("n1", "n2", "n3"):
        assert w.pickjob(name, [0.5, 0.25, 1.0]) == [-1, "", "", ""]
    workers = s.getworkers()
    assert [x["Name"] for x in workers] == ["n1", "n2", "n3"]
    n1 = workers[0]
    assert {"Name", "Affinity", "State", "PingTime", "Finished", "Error", "LastJob", "Load", "Active", "IP",
            "FreeMemory", "TotalMemory"} <= set(n1)
    assert (n1["State"], n1["Active"], n1["IP"], n1["Load"], n1["Finished"], n1["Error"], n1["LastJob"]) == \
        ("WAITING", True, "127.0.0.1", [0.5, 0.25, 1.0], 0, 0, -1)
    assert isinstance(n1["PingTime"], float)

    assert s.stopworker("n1") == 1
    assert json_workers(server)["n1"]["Active"] is False
    assert s.startworker("n1") == 1
    assert json_workers(server)["n1"]["Active"] is True
    assert s.stopworkers(["n1", "n2"]) == 1
    assert [json_workers(server)[n]["Active"] for n in ("n1", "n2", "n3")] == [False, False, True]
    assert s.startworkers(["n1", "n2"]) == 1
    assert all(x["Active"] for x in s.getworkers())

    assert s.updateworkers(["n1", "n3"], "Affinity", "gpu,linux") == 1
    assert s.updateworkers(["n2"], "Name", "ignored") == 1
    assert [x["Affinity"] for x in s.getworkers()] == ["gpu,linux", "", "gpu,linux"]

    assert s.removeworkers(["n2"]) == 1
    assert [x["Name"] for x in s.getworkers()] == ["n1", "n3"]
    assert s.stopworker("ghost") == 1 and s.startworker("ghost") == 1
    assert s.clearworkers() == 1
    assert s.getworkers() == []
    assert json_workers(server) == {}


def test_getactivities(server):
    s = proxy(server)
    w = proxy(server, "/workers")
    a = s.addjob(0, "a", "true", ".", 1000, 10, 0, "", [])
    b = s.addjob(0, "b", "true", ".", 1000, 10, 0, "", [])
    assert w.pickjob("n1", [0.0])[0] == a
    assert w.endjob("n1", a, 0) == 1
    assert w.pickjob("n2", [0.0])[0] == b
    everything = s.getactivities(-1, "", -1)
    assert [(x["JobID"], x["Worker"], x["State"], x["JobTitle"]) for x in everything] == \
        [(a, "n1", "FINISHED", "a"), (b, "n2", "WORKING", "b")]
    assert {"ID", "Start", "JobID", "JobTitle", "State", "Worker", "Duration"} <= set(everything[0])
    assert [x["JobID"] for x in s.getactivities(b, "", -1)] == [b]
    assert [x["JobID"] for x in s.getactivities(-1, "n1", -1)] == [a]
    assert [x["JobID"] for x in s.getactivities(-1, "", 3600)] == [a, b]
    assert s.getactivities(-1, "nobody", -1) == []
