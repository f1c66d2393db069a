"""A v2-style XML-RPC worker (pickjob, heartbeat with a base64 log, endjob on
ServerProxy(url + "/workers")) driving real jobs on the real server (reference 6.2)."""
import base64
import subprocess

from test_xmlrpc_support import json_job, json_log, proxy


def v2_worker_once(server, name, load=(0.1, 0.2, 0.3)):
    """One iteration of the v2 worker loop: run the picked command, stream its output,
    report its exit code. Returns the job id, or -1 when there was nothing to do."""
    w = proxy(server, "/workers")
    job_id, cmd, directory, user = w.pickjob(name, list(load))
    if job_id == -1:
        assert (cmd, directory, user) == ("", "", "")
        return -1
    proc = subprocess.Popen(cmd, shell=True, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for line in proc.stdout:
        assert w.heartbeat(name, job_id, base64.encodebytes(line).decode("ascii"), list(load)) is True
    code = proc.wait()
    assert w.endjob(name, job_id, code) == 1
    return job_id


def test_v2_worker_runs_jobs_to_finished_and_error(server, tmp_path):
    s = proxy(server)
    ok = s.addjob(0, "ok", "printf 'hello\\nwörld é\\n'; printf 'done\\n'", str(tmp_path), 1000, 10, 0, "", [])
    bad = s.addjob(0, "bad", "echo failing; exit 3", str(tmp_path), 500, 0, 0, "", [])
    assert v2_worker_once(server, "v2node") == ok
    j = json_job(server, ok)
    assert (j["State"], j["Worker"], j["Try"]) == ("FINISHED", "v2node", 1)
    assert json_log(server, ok) == "hello\nwörld é\ndone\n"
    assert s.getlog(ok) == "hello\nwörld é\ndone\n"

    assert v2_worker_once(server, "v2node") == bad
    assert json_job(server, bad)["State"] == "ERROR"
    assert json_log(server, bad) == "failing\n"
    assert v2_worker_once(server, "v2node") == -1

    worker = s.getworkers()[0]
    assert (worker["Name"], worker["Finished"], worker["Error"], worker["LastJob"], worker["IP"]) == \
        ("v2node", 1, 1, bad, "127.0.0.1")
    assert worker["Load"] == [0.1, 0.2, 0.3]


def test_pickjobwithaffinity_ignores_the_argument_and_uses_the_server_record(server):
    s = proxy(server)
    w = proxy(server, "/workers")
    gpu = s.addjob(0, "gpu", "true", ".", 1000, 10, 0, "gpu", [])
    assert w.pickjobwithaffinity("n", -1, "gpu") == [-1, "", "", ""]
    assert s.updateworkers(["n"], "Affinity", "gpu") == 1
    assert w.pickjobwithaffinity("n", -1, "") == [gpu, "true", ".", ""]
    assert s.getworkers()[0]["Load"] == [-1.0]


def test_heartbeat_and_endjob_for_a_job_the_worker_does_not_hold(server):
    s = proxy(server)
    w = proxy(server, "/workers")
    jid = s.addjob(0, "j", "true", ".", 1000, 10, 0, "", [])
    assert w.heartbeat("stranger", jid, base64.b64encode(b"spam").decode(), [0.0]) is False
    assert w.heartbeat("stranger", 999, "", [0.0]) is False
    assert w.endjob("stranger", jid, 0) == 1
    assert json_job(server, jid)["State"] == "WAITING"
    assert s.getlog(jid) == ""
    assert w.pickjob("owner", [0.0])[0] == jid
    assert w.heartbeat("owner", jid, "", [0.0]) is True
    # a stopped worker is told to stop: the job goes back to WAITING
    assert s.stopworker("owner") == 1
    assert w.heartbeat("owner", jid, "", [0.0]) is False
    assert json_job(server, jid)["State"] == "WAITING"
    assert w.pickjob("owner", [0.0]) == [-1, "", "", ""]


def test_form_and_xmlrpc_workers_share_the_farm(server):
    s = proxy(server)
    jid = s.addjob(0, "mixed", "true", ".", 1000, 10, 0, "", [])
    # picked with the form protocol, finished with XML-RPC
    answer = server.post("/workers/pickjob", {"hostname": "mix", "load": "[0.5]"})
    assert answer.text.startswith("%d," % jid)
    w = proxy(server, "/workers")
    assert w.heartbeat("mix", jid, base64.b64encode(b"via xmlrpc\n").decode(), [0.5]) is True
    assert w.endjob("mix", jid, 0) == 1
    assert json_job(server, jid)["State"] == "FINISHED"
    assert json_log(server, jid) == "via xmlrpc\n"
