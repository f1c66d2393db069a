"""The scheduling rules on POST /xmlrpc (docs/scheduling.md): getworkers shows SICK where
/json does, the blocklist and limit methods answer what /json answers, bad values fault
and change nothing."""
import json
import xmlrpc.client

import pytest

from test_xmlrpc_support import proxy


def json_workers(server):
    data = json.loads(server.get("/json/getworkers").text)
    return {w[0]: dict(zip(data["Vars"], w)) for w in data["Workers"]}


def test_getworkers_shows_a_sick_worker_as_sick(server_factory):
    server = server_factory(ini={"sickafter": 2, "sicktime": 600})
    s, w = proxy(server), proxy(server, "/workers")
    a = s.addjob(0, "a", "false", ".", 1000, 10, 0, "", [])
    b = s.addjob(0, "b", "false", ".", 1000, 10, 0, "", [])
    for job in (a, b):
        assert w.pickjob("n1", [0.0])[0] == job
        assert w.endjob("n1", job, 1) == 1
    assert json_workers(server)["n1"]["State"] == "SICK"
    assert [(x["Name"], x["State"]) for x in s.getworkers()] == [("n1", "SICK")]
    # Sick: no work, whatever waits.
    assert w.pickjob("n1", [0.0])[0] == -1
    # Started by hand it is healthy again.
    assert s.startworker("n1") == 1
    assert s.getworkers()[0]["State"] == "WAITING"


def test_blocklist_methods(server):
    s, w = proxy(server), proxy(server, "/workers")
    job = s.addjobwithoptions({"title": "fragile", "cmd": "false", "maxworkererrors": 1, "forgivetime": 0})
    assert job > 0
    assert s.getblocklist(job) == []
    assert w.pickjob("bad", [0.0])[0] == job
    assert w.endjob("bad", job, 3) == 1
    assert s.getblocklist(job) == [{"Worker": "bad", "Errors": 1, "Until": -1.0}]
    assert json.loads(server.get("/json/getblocklist", params={"id": job}).text) == s.getblocklist(job)
    assert w.pickjob("bad", [0.0])[0] == -1  # blocked
    assert s.clearblocklist([job]) == 1
    assert s.getblocklist(job) == []
    assert w.pickjob("bad", [0.0])[0] == job
    assert s.getblocklist(123456) == []


def test_limit_methods(server):
    s, w = proxy(server), proxy(server, "/workers")
    assert s.getlimits() == {}
    assert s.addjobwithoptions({"title": "n", "cmd": "true", "limits": "nuke"}) == -1  # unknown limit
    assert s.setlimit("nuke", 1) == 1
    assert s.getlimits() == {"nuke": {"max": 1, "used": 0}}
    a = s.addjobwithoptions({"title": "n1", "cmd": "true", "limits": "nuke"})
    b = s.addjobwithoptions({"title": "n2", "cmd": "true", "limits": ["nuke"]})
    assert a > 0 and b > 0
    assert w.pickjob("n1", [0.0])[0] == a
    assert w.pickjob("n2", [0.0])[0] == -1  # the only unit is held
    assert s.getlimits() == {"nuke": {"max": 1, "used": 1}}
    assert json.loads(server.get("/json/getlimits").text) == s.getlimits()
    for name, value in (("nuke", -1), ("", 3), ("a,b", 3), ("nuke", "two"), ("nuke", [])):
        with pytest.raises(xmlrpc.client.Fault) as e:
            s.setlimit(name, value)
        assert e.value.faultCode == 8002
        assert "setlimit" in e.value.faultString
    assert s.getlimits() == {"nuke": {"max": 1, "used": 1}}
    assert w.endjob("n1", a, 0) == 1
    assert w.pickjob("n2", [0.0])[0] == b


def test_introspection_lists_the_scheduling_methods(server):
    s = proxy(server)
    assert {"getblocklist", "clearblocklist", "setlimit", "getlimits"} <= set(s.system.listMethods())
    assert s.system.methodSignature("setlimit") == [["int", "string", "int"]]
    assert "maxworkererrors" in s.system.methodHelp("addjobwithoptions")
