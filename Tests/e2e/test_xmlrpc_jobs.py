"""XML-RPC job methods on POST /xmlrpc (reference 6.1), checked against /json views."""
import base64
import xmlrpc.client

import pytest

from test_xmlrpc_support import by_id, json_job, json_jobs, json_log, proxy


def add(s, parent=0, title="job", cmd="true", dir=".", priority=1000, retry=10, timeout=0, affinity="",
        dependencies=()):
    return s.addjob(parent, title, cmd, dir, priority, retry, timeout, affinity, list(dependencies))


def run_to(server, job_id, code, log=b"", worker="xw"):
    """Runs `job_id` on an XML-RPC worker until endjob(code); asserts it was the one handed out."""
    w = proxy(server, "/workers")
    picked = w.pickjob(worker, [0.0, 0.0, 0.0])
    assert picked[0] == job_id, picked
    if log:
        assert w.heartbeat(worker, job_id, base64.b64encode(log).decode(), [0.0, 0.0, 0.0]) is True
    assert w.endjob(worker, job_id, code) == 1


def test_addjob_all_parameters_and_parent_forms(server):
    s = proxy(server)
    group = add(s, title="shots")
    assert group == 1
    sub = add(s, parent=group, title="sq010")
    # int parent, decimal-string parent, title path, plain title
    a = add(s, parent=sub, title="a", cmd="render a", dir="/tmp", priority=7, retry=3, timeout=90,
            affinity="linux,gpu", dependencies=[group])
    b = s.addjob(str(sub), "b", "render b", ".", "8", " 4 ", "30", "", "1, 2")
    c = add(s, parent="shots|sq010", title="c")
    d = add(s, parent="sq010", title="d")
    assert [a, b, c, d] == [3, 4, 5, 6]
    rows = by_id(json_jobs(server, sub))
    assert sorted(rows) == [3, 4, 5, 6]
    ja = rows[3]
    assert (ja["Title"], ja["Command"], ja["Dir"], ja["Priority"], ja["Retry"], ja["TimeOut"], ja["Affinity"],
            ja["Dependencies"], ja["User"], ja["State"]) == \
        ("a", "render a", "/tmp", 7, 3, 90, "linux,gpu", [1], "", "WAITING")
    jb = rows[4]
    assert (jb["Priority"], jb["Retry"], jb["TimeOut"], jb["Dependencies"]) == (8, 4, 30, [1, 2])


def test_addjob_unknown_parent_answers_minus_one(server):
    s = proxy(server)
    assert add(s, parent=99, title="x") == -1
    assert add(s, parent="no such title", title="x") == -1
    assert json_jobs(server) == []


def test_addjob_user_is_the_basic_auth_login(server):
    s = xmlrpc.client.ServerProxy("http://alice:secret@127.0.0.1:%d/xmlrpc" % server.port)
    jid = add(s, title="mine")
    assert json_job(server, jid)["User"] == "alice"


def test_addjobwithoptions_takes_the_json_parameters(server):
    s = proxy(server)
    assert s.addjobwithoptions({"title": "grp"}) == 1
    jid = s.addjobwithoptions({"parent": 1, "title": "opt", "cmd": "x", "env": "A=1", "url": "http://u",
                               "priority": 3, "dependencies": [1], "paused": 1})
    assert jid == 2
    j = json_job(server, 2, 1)
    assert (j["Title"], j["Command"], j["URL"], j["Priority"], j["Dependencies"], j["State"]) == \
        ("opt", "x", "http://u", 3, [1], "PAUSED")
    # the empty struct adds a job with the defaults under the root
    assert s.addjobwithoptions({}) == 3
    j = json_job(server, 3)
    assert (j["Title"], j["Dir"], j["Priority"], j["Retry"]) == ("New job", ".", 1000, 10)
    assert s.addjobwithoptions({"parent": "nowhere"}) == -1
    assert s.addjobwithoptions({"priority": "high"}) == -1


def test_getjobs_structs_and_breadcrumb(server):
    s = proxy(server)
    g = add(s, title="g")
    c1 = add(s, parent=g, title="c1", cmd="echo 1", priority=5, dependencies=[g], affinity="a")
    c2 = add(s, parent=g, title="c2")
    gc = add(s, parent=c2, title="gc")
    answer = s.getjobs(g)
    assert set(answer) == {"Jobs", "Parents"}
    assert answer["Parents"] == [{"ID": 0, "Title": "Root"}, {"ID": g, "Title": "g"}]
    jobs = answer["Jobs"]
    assert [j["ID"] for j in jobs] == [c1, c2]
    j = jobs[0]
    required = {"ID", "Parent", "Children", "Title", "Command", "Dir", "State", "Worker", "Affinity", "User",
                "StartTime", "Duration", "PingTime", "Try", "Retry", "TimeOut", "Priority", "Order", "Finished",
                "Errors", "Total", "TotalFinished", "TotalErrors", "Dependencies", "Working", "TotalWorking",
                "URL"}
    assert required <= set(j)
    assert (j["Parent"], j["Children"], j["Title"], j["Command"], j["Priority"], j["Order"], j["Dependencies"],
            j["Affinity"], j["Try"], j["State"]) == (g, [], "c1", "echo 1", 5, 0, [g], "a", 0, "WAITING")
    assert isinstance(j["StartTime"], float) and isinstance(j["PingTime"], float)
    assert isinstance(j["Duration"], float)
    assert "LocalProgress" not in j and "GlobalProgress" not in j
    assert jobs[1]["Children"] == [gc] and jobs[1]["Total"] == 1
    deep = s.getjobs(c2)
    assert [p["ID"] for p in deep["Parents"]] == [0, g, c2]
    # the root, and an unknown id: no jobs, the root alone
    assert [j["ID"] for j in s.getjobs(0)["Jobs"]] == [g]
    assert s.getjobs(0)["Parents"] == [{"ID": 0, "Title": "Root"}]
    assert s.getjobs(12345) == {"Jobs": [], "Parents": [{"ID": 0, "Title": "Root"}]}
    # optional state filter
    s.pausejob(c1)
    assert [j["ID"] for j in s.getjobs(g, "PAUSED")["Jobs"]] == [c1]
    assert [j["ID"] for j in s.getjobs(g, "")["Jobs"]] == [c1, c2]


def test_progress_members_present_only_when_known(server):
    s = proxy(server)
    jid = s.addjobwithoptions({"title": "p", "cmd": "render", "localprogress": "frame %percent",
                               "globalprogress": "shot %one"})
    assert "LocalProgress" not in s.getjobs(0)["Jobs"][0]
    run = proxy(server, "/workers")
    assert run.pickjob("pw", [0.0])[0] == jid
    assert run.heartbeat("pw", jid, base64.b64encode(b"frame 50\nshot 0.25\n").decode(), [0.0]) is True
    j = s.getjobs(0)["Jobs"][0]
    assert j["LocalProgress"] == pytest.approx(0.5)
    assert j["GlobalProgress"] == pytest.approx(0.25)


def test_clearjobs_removes_children_only_and_clearjob_the_subtree(server):
    s = proxy(server)
    g = add(s, title="g")
    for i in range(3):
        add(s, parent=g, title="c%d" % i)
    other = add(s, title="other")
    add(s, parent=other, title="o1")
    assert s.clearjobs(g) == 1
    assert [j["ID"] for j in json_jobs(server)] == [g, other]
    assert json_jobs(server, g) == []
    assert s.clearjob(other) == 1
    assert [j["ID"] for j in json_jobs(server)] == [g]
    assert s.clearjob(999) == 1 and s.clearjobs(999) == 1
    a, b = add(s, title="a"), add(s, title="b")
    assert s.removejobs([g, a]) == 1
    assert [j["ID"] for j in json_jobs(server)] == [b]
    assert s.removejobs([]) == 1


def test_resetjob_is_recursive_and_deletes_logs(server):
    s = proxy(server)
    g = add(s, title="g")
    c = add(s, parent=g, title="c", retry=0)
    run_to(server, c, 1, log=b"boom\n")
    assert json_job(server, c, g)["State"] == "ERROR"
    assert json_log(server, c) == "boom\n"
    assert s.resetjob(g) == 1
    j = json_job(server, c, g)
    assert (j["State"], j["Try"], j["Worker"]) == ("WAITING", 0, "")
    assert json_log(server, c) == ""
    run_to(server, c, 1)
    assert s.resetjobs([c]) == 1
    assert json_job(server, c, g)["State"] == "WAITING"


def test_reseterrorjobs_keeps_the_log(server):
    s = proxy(server)
    c = add(s, title="c", retry=0)
    run_to(server, c, 2, log=b"kept\n")
    assert s.reseterrorjobs([c]) == 1
    assert json_job(server, c)["State"] == "WAITING"
    assert json_log(server, c) == "kept\n"


def test_pause_and_start(server):
    s = proxy(server)
    a, b, c = add(s, title="a"), add(s, title="b"), add(s, title="c")
    assert s.pausejob(a) == 1
    assert s.pausejobs([b, c]) == 1
    assert [j["State"] for j in json_jobs(server)] == ["PAUSED"] * 3
    assert s.startjob(a) == 1
    assert s.startjobs([b]) == 1
    assert [j["State"] for j in json_jobs(server)] == ["WAITING", "WAITING", "PAUSED"]


def test_movejobs(server):
    s = proxy(server)
    g = add(s, title="g")
    a, b = add(s, title="a"), add(s, title="b")
    assert s.movejobs([a, b], g) == 1
    assert [j["ID"] for j in json_jobs(server, g)] == [a, b]
    # a move into its own subtree is skipped
    assert s.movejobs([g], a) == 1
    assert [j["ID"] for j in json_jobs(server)] == [g]


def test_updatejobs_and_setters(server):
    s = proxy(server)
    a, b = add(s, title="a"), add(s, title="b")
    assert s.updatejobs([a, b], "Command", "newcmd") == 1
    assert s.updatejobs([a], "Dir", "/new") == 1
    assert s.updatejobs([a, b], "Priority", 42) == 1
    assert s.updatejobs([b], "Priority", "43") == 1
    assert s.updatejobs([a], "TimeOut", 600) == 1
    assert s.updatejobs([a], "Affinity", "gpu") == 1
    assert s.updatejobs([a], "Title", "renamed") == 1
    assert s.updatejobs([a], "Priority", "not a number") == 1   # skipped, as v2 did
    assert s.updatejobs([a], "NoSuchProp", "x") == 1
    rows = by_id(json_jobs(server))
    assert (rows[a]["Command"], rows[a]["Dir"], rows[a]["Priority"], rows[a]["TimeOut"], rows[a]["Affinity"],
            rows[a]["Title"]) == ("newcmd", "/new", 42, 600, "gpu", "renamed")
    assert (rows[b]["Command"], rows[b]["Priority"]) == ("newcmd", 43)
    assert s.setjobpriority(b, 5) == 1
    assert s.setjobaffinity(b, "linux,big") == 1
    rows = by_id(json_jobs(server))
    assert (rows[b]["Priority"], rows[b]["Affinity"]) == (5, "linux,big")


def test_getlog(server):
    s = proxy(server)
    jid = add(s, title="logged")
    assert s.getlog(jid) == ""
    assert s.getlog(4242) == ""
    text = "line 1\nÉtape 2 ✓\n\ttabbed <tag> & more\n"
    run_to(server, jid, 0, log=text.encode())
    assert s.getlog(jid) == text
    assert json_log(server, jid) == text
