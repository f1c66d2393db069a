"""The v4 REST API's job endpoints against the real server: /api/jobs and its sub-paths."""

import json

from api_v4_support import add, call, get_job, ok, refused, snapshot
from test_worker_support import jobs as v3_jobs

JOB_COLUMNS = {"id", "parent", "title", "command", "dir", "environment", "state", "paused", "worker", "start_time",
               "duration", "run_done", "retry", "timeout", "priority", "affinity", "affinity_bits", "user",
               "finished", "errors", "working", "total", "total_finished", "total_errors", "total_working", "url",
               "progress", "progress_pattern", "h_affinity", "h_priority", "h_paused", "h_depth"}


def test_put_then_get_shows_every_v4_column(server):
    group = add(server, title="shot", priority=5, affinity="linux")
    leaf = add(server, parent=group, title="frame 1", command="echo hi", dir="/tmp", environment="A=1",
               priority=7, retry=3, timeout=60, affinity="gpu", user="ann", url="http://x/1.png",
               progress_pattern="#%percent")
    row = get_job(server, leaf)
    assert set(row) == JOB_COLUMNS | {"dependencies"}
    assert row["id"] == leaf and row["parent"] == group and row["title"] == "frame 1"
    assert row["command"] == "echo hi" and row["dir"] == "/tmp" and row["environment"] == "A=1"
    assert row["state"] == "WAITING" and row["paused"] == 0 and row["run_done"] == 0
    assert row["retry"] == 3 and row["timeout"] == 60 and row["priority"] == 7
    assert row["affinity"] == "gpu" and row["user"] == "ann" and row["url"] == "http://x/1.png"
    assert row["progress"] is None and row["progress_pattern"] == "#%percent"
    assert row["dependencies"] == []
    # h_*: depth below the root, inherited affinity bits (gpu=1, linux=2), v4's priority packing.
    assert row["h_depth"] == 1 and get_job(server, group)["h_depth"] == 0
    assert row["affinity_bits"] == 1 and row["h_affinity"] == 3
    assert row["h_priority"] == (5 << 56) + (7 << 48)
    assert row["h_paused"] == 0
    # The same job through /json: one farm.
    v3 = v3_jobs(server, group)[leaf]
    assert v3["Title"] == "frame 1" and v3["Command"] == "echo hi" and v3["Affinity"] == "gpu"


def test_defaults_of_v4_put(server):
    row = get_job(server, add(server))
    assert row["title"] == "" and row["dir"] == "" and row["priority"] == 1000 and row["timeout"] == 1000
    assert row["parent"] == 0 and row["h_depth"] == 0


def test_list_children_dependencies_and_childrendependencies(server):
    group = add(server, title="g")
    a = add(server, parent=group, title="a", command="true", state="PAUSED")
    b = add(server, parent=group, title="b", command="true", dependencies=[a])
    roots = ok(server, "GET", "/api/jobs")
    assert [j["id"] for j in roots] == [group]
    assert roots[0]["total"] == 2
    children = ok(server, "GET", "/api/jobs/%d/children" % group)
    assert [j["id"] for j in children] == [a, b]
    assert children[0]["state"] == "PAUSED" and children[0]["paused"] == 1
    assert children[1]["state"] == "PENDING"  # waits on a, unfinished
    assert [j["id"] for j in ok(server, "GET", "/api/jobs/%d/dependencies" % b)] == [a]
    assert ok(server, "GET", "/api/jobs/%d/childrendependencies" % group) == [{"id": b, "dependency": a}]
    assert get_job(server, b)["dependencies"] == [a]
    assert ok(server, "GET", "/api/jobs/%d/log" % a) == ""
    # webfrontend paths are the same API
    assert ok(server, "GET", "/api/webfrontend/jobs/%d/children" % group) == ok(server, "GET", "/api/jobs/%d/children" % group)


def test_post_edits_translate_to_the_farm(server):
    group = add(server, title="g")
    other = add(server, title="other")
    job = add(server, parent=group, title="old", command="true", state="PAUSED")
    dep = add(server, title="dep", command="true", state="PAUSED")
    assert ok(server, "POST", "/api/jobs", {str(job): {"title": "new", "command": "echo 2", "priority": 9,
                                                      "retry": 2, "timeout": 5, "dir": "/", "user": "bob",
                                                      "url": "u", "environment": "X=1", "affinity": "linux",
                                                      "progress_pattern": "%p", "dependencies": [dep],
                                                      "paused": 0, "parent": other}}) == 1
    row = get_job(server, job)
    assert (row["title"], row["command"], row["priority"], row["retry"], row["timeout"]) == ("new", "echo 2", 9, 2, 5)
    assert (row["dir"], row["user"], row["url"], row["environment"], row["affinity"]) == ("/", "bob", "u", "X=1", "linux")
    assert row["progress_pattern"] == "%p" and row["dependencies"] == [dep]
    assert row["parent"] == other and row["state"] == "PENDING"
    assert ok(server, "POST", "/api/jobs", {str(job): {"state": "PAUSED"}}) == 1
    assert get_job(server, job)["state"] == "PAUSED"
    assert ok(server, "POST", "/api/jobs/%d/dependencies" % job, []) == 1
    assert get_job(server, job)["dependencies"] == []
    # an edit through /json shows on /api
    server.post("/json/updatejobs", form={"id": job, "prop": "Title", "value": "via json"})
    assert get_job(server, job)["title"] == "via json"


def test_delete_jobs_and_children(server):
    group = add(server, title="g")
    leaf = add(server, parent=group, command="true", state="PAUSED")
    keep = add(server, title="keep")
    assert ok(server, "DELETE", "/api/jobs", [group]) == 1
    assert [j["id"] for j in ok(server, "GET", "/api/jobs")] == [keep]
    assert call(server, "GET", "/api/jobs/%d" % leaf)[0] == 404


def test_where_and_count(server):
    group = add(server, title="g")
    ids = [add(server, parent=group, title="shot %03d" % i, command="true", user="ann" if i % 2 else "bob",
               state="PAUSED" if i % 3 == 0 else "WAITING", priority=i) for i in range(10)]
    clause = "(parent = %d) and (user='ann' or user='bob') and (title like '%%00%%')" % group
    assert ok(server, "GET", "/api/jobs/count/where/", params={"where_clause": clause}) == 10
    got = ok(server, "GET", "/api/jobs/where/", params={"where_clause": clause, "min": 2, "max": 3})
    assert [j["id"] for j in got] == ids[2:5]
    paused = "(parent = %d) and (paused='1')" % group
    assert [j["id"] for j in ok(server, "GET", "/api/jobs/where/", params={"where_clause": paused, "min": 0, "max": 100})] \
        == [ids[i] for i in (0, 3, 6, 9)]
    waiting = "(parent = %d) and (state='WAITING') and paused = 0 and not priority >= 5" % group
    assert ok(server, "GET", "/api/jobs/count/where/", params={"where_clause": waiting}) == 3
    assert ok(server, "GET", "/api/jobs/count/where", params={"where_clause": "id = %d" % group}) == 1


def test_distinct_lists(server):
    add(server, title="a", user="zed", command="true", state="PAUSED", priority=3, affinity="linux")
    add(server, title="b", user="ann", command="true", state="PAUSED", priority=3)
    assert ok(server, "GET", "/api/jobs/users/") == [{"user": "ann"}, {"user": "zed"}]
    assert ok(server, "GET", "/api/jobs/states/") == [{"state": "PAUSED"}]
    assert ok(server, "GET", "/api/jobs/priorities/") == [{"priority": 3}]
    assert ok(server, "GET", "/api/jobs/workers/") == [{"worker": ""}]
    assert sorted(r["affinity"] for r in ok(server, "GET", "/api/jobs/affinities/")) == ["", "linux"]


def test_bad_input_is_refused_and_changes_nothing(server):
    group = add(server, title="g")
    job = add(server, parent=group, title="j", command="true", state="PAUSED")
    before = snapshot(server)
    refused(server, "PUT", "/api/jobs", b"{not json")
    refused(server, "PUT", "/api/jobs", [1, 2])
    refused(server, "PUT", "/api/jobs", {"title": 3})
    refused(server, "PUT", "/api/jobs", {"priority": "high"})
    refused(server, "PUT", "/api/jobs", {"bogus": 1})
    refused(server, "PUT", "/api/jobs", {"affinity": "#40"})
    refused(server, "PUT", "/api/jobs", {"state": "FINISHED"})
    refused(server, "PUT", "/api/jobs", {"parent": 999}, status=404)
    refused(server, "PUT", "/api/jobs", {"dependencies": [999]}, status=404)
    refused(server, "POST", "/api/jobs", {str(job): {"title": "ok"}, "999": {"title": "x"}}, status=404)
    refused(server, "POST", "/api/jobs", {str(job): {"title": "ok", "worker": "x"}})
    refused(server, "POST", "/api/jobs", {str(job): {"title": "ok", "state": "FINISHED"}})
    refused(server, "POST", "/api/jobs", {str(job): {"title": "ok", "parent": 999}}, status=404)
    refused(server, "POST", "/api/jobs", {"abc": {"title": "x"}})
    refused(server, "POST", "/api/jobs", {str(job): "x"})
    refused(server, "POST", "/api/jobs/%d/dependencies" % job, {"a": 1})
    refused(server, "POST", "/api/jobs/999/dependencies", [], status=404)
    for action in ("resetjobs", "reseterrorjobs", "startjobs", "pausejobs"):
        refused(server, "POST", "/api/" + action, [job, 999], status=404)
        refused(server, "POST", "/api/" + action, {"id": job})
        refused(server, "POST", "/api/" + action, ["x"])
    refused(server, "DELETE", "/api/jobs", [job, 999], status=404)
    refused(server, "DELETE", "/api/jobs", b"[1,")
    for path in ("/api/jobs/999", "/api/jobs/999/children", "/api/jobs/999/dependencies",
                 "/api/jobs/999/childrendependencies", "/api/jobs/999/log", "/api/nothing", "/api/jobs/x"):
        refused(server, "GET", path, status=404)
    for clause in ("parent = 1; DELETE FROM Jobs", "1=1", "secret = 1", "parent = (SELECT 1)", "parent = 1 --"):
        refused(server, "GET", "/api/jobs/where/", params={"where_clause": clause, "min": 0, "max": 10})
        refused(server, "GET", "/api/jobs/count/where/", params={"where_clause": clause})
    refused(server, "GET", "/api/jobs/where/", params={"where_clause": "id = 1", "min": -1, "max": 10})
    refused(server, "GET", "/api/jobs/count/where/")
    assert snapshot(server) == before
