"""Resource reservation and NIMBY on the server, with our real worker: hosts of declared
sizes (`-w auto --cores/--memory/--gpus`) receive the jobs that fit, a job too big for
every host waits and says why, NIMBY is shown and a requeue counts no error."""
import json
import os
import time

from test_worker_support import WorkerProcess, add_job, get_log, jobs, wait_until, wait_state, workers


def _extra_table(server, path, key, params=None):
    params = dict(params or {}, extra="1")
    table = json.loads(server.get(path, params=params).text)
    return {row[0]: dict(zip(table["Vars"], row)) for row in table[key]}


def _working_by_host(server):
    counts = {}
    for j in jobs(server).values():
        if j["State"] == "WORKING":
            host = j["Worker"].rsplit("-", 1)[0]
            counts[host] = counts.get(host, 0) + 1
    return counts


def _record(state_dir, job_id):
    with open(os.path.join(state_dir, "job-%d.json" % job_id)) as f:
        return json.load(f)


def _status_field(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split(":", 1)[1].strip()
    raise AssertionError("no %s in /proc/%d/status" % (field, pid))


def _environ(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        return dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)


def test_hosts_of_4_and_16_cores_receive_the_4_core_jobs_that_fit(server, tmp_path):
    ids = [add_job(server, title="frame %d" % i, cmd="sleep 60", cores="4") for i in range(8)]
    small = WorkerProcess(tmp_path / "small", server.url, name="small", slots="auto", sleep=0.2,
                          extra=["--cores", "4", "--memory", "16000", "--gpus", "0"])
    big = WorkerProcess(tmp_path / "big", server.url, name="big", slots="auto", sleep=0.2,
                        extra=["--cores", "16", "--memory", "64000", "--gpus", "0"])
    try:
        wait_until(lambda: _working_by_host(server) == {"small": 1, "big": 4}, timeout=30,
                   what="1 job on the 4-core host and 4 on the 16-core one (now %r)" % _working_by_host(server))
        # Every loop keeps asking; none is given more than fits (a negative: watched for 2 s).
        wait_until(lambda: len(workers(server)) == 4 + 16, timeout=20, what="every loop to ask")
        for _ in range(10):
            assert _working_by_host(server) == {"small": 1, "big": 4}
            time.sleep(0.2)
        assert sum(1 for i in ids if jobs(server)[i]["State"] == "WAITING") == 3
        capacity = _extra_table(server, "/json/getworkers", "Workers")["big-1"]
        assert (capacity["Cores"], capacity["Memory"], capacity["Gpus"]) == (16, 64000, 0)
        # A job asking more than any host has waits and says why.
        huge = add_job(server, title="huge", cmd="true", cores="32")
        row = _extra_table(server, "/json/getjobs", "Jobs")[huge]
        assert row["State"] == "WAITING" and row["Cores"] == 32
        assert row["WaitReason"].startswith("asks cores=32,memory=0,gpus=0, more than any worker has"), row
        assert _extra_table(server, "/json/getjobs", "Jobs")[ids[0]]["WaitReason"] is None
    finally:
        small.stop()
        big.stop()


def test_memory_and_gpus_are_accounted_and_the_job_is_pinned(server, tmp_path):
    ids = [add_job(server, title="gpu %d" % i, cmd="sleep 60", cores="1", memory="4000", gpus="1") for i in range(3)]
    host = WorkerProcess(tmp_path / "gpu", server.url, name="gpu", slots="auto", sleep=0.2,
                         extra=["--cores", "2", "--memory", "10000", "--gpus", "2"])
    try:
        wait_until(lambda: _working_by_host(server) == {"gpu": 2}, timeout=30, what="two jobs on the host")
        for _ in range(10):
            assert _working_by_host(server) == {"gpu": 2}
            time.sleep(0.2)
        running = [i for i in ids if jobs(server)[i]["State"] == "WORKING"]
        wait_until(lambda: all(os.path.exists(os.path.join(host.state_dir, "job-%d.json" % i)) for i in running),
                   timeout=10, what="the job records")
        cores, gpus = set(), set()
        for i in running:
            record = _record(host.state_dir, i)
            pid = record["pid"]
            allowed = _status_field(pid, "Cpus_allowed_list")
            assert allowed.isdigit(), allowed  # one core each
            cores.add(allowed)
            gpus.add(_environ(pid)[b"CUDA_VISIBLE_DEVICES"])
        assert len(cores) == 2 and len(gpus) == 2, (cores, gpus)
        waiting = [i for i in ids if i not in running][0]
        assert jobs(server)[waiting]["State"] == "WAITING"
    finally:
        host.stop()


def test_pickjob_answers_the_reservation_only_to_hosts_that_report(server):
    add_job(server, title="r", cmd="true", cores="2", memory="512")
    v3 = server.post("/workers/pickjob", form={"hostname": "old-1"}).text
    assert v3.count(",") == 4, v3  # the v3 five elements
    server.post("/workers/endjob", form={"hostname": "old-1", "jobId": v3.split(",")[0], "errorCode": "0"})
    add_job(server, title="r2", cmd="true", cores="2", memory="512")
    too_small = server.post("/workers/pickjob", form={"hostname": "n-1", "cores": "1", "memory": "1000", "gpus": "0",
                                                      "maxCores": "1", "maxMemory": "1000", "maxGpus": "0"}).text
    assert too_small == "-1,\"\",\"\",\"\",None,''", too_small
    fits = server.post("/workers/pickjob", form={"hostname": "n-2", "cores": "2", "memory": "1000", "gpus": "0",
                                                 "maxCores": "2", "maxMemory": "1000", "maxGpus": "0"}).text
    assert fits.endswith(",None,'cores=2,memory=512,gpus=0'"), fits


def test_nimby_is_shown_and_a_requeue_counts_no_error(server, tmp_path):
    counter = tmp_path / "input-counter"
    counter.write_text("0")
    job_id = add_job(server, title="desk job", cmd="echo started; sleep 60", retry="5")
    desk = WorkerProcess(tmp_path / "desk", server.url, name="desk", sleep=0.2,
                         extra=["--nimby", "idle", "--nimbyidle", "30", "--nimbyaction", "requeue",
                                "--nimby-input", str(counter)])
    try:
        wait_state(server, job_id, "WORKING", timeout=20)
        wait_until(lambda: "started" in get_log(server, job_id), timeout=10, what="the job's output")
        assert jobs(server)[job_id]["Try"] == 1
        counter.write_text("7")  # someone touches the keyboard
        wait_until(lambda: workers(server)["desk-1"]["State"] == "NIMBY", timeout=15, what="the NIMBY state")
        row = jobs(server)[job_id]
        assert (row["State"], row["Try"], row["Errors"]) == ("WAITING", 0, 0), row
        worker = workers(server)["desk-1"]
        assert (worker["Error"], worker["Finished"]) == (0, 0)
        reason = _extra_table(server, "/json/getworkers", "Workers")["desk-1"]["Nimby"]
        assert reason.startswith("user active"), reason
        # The v3 table is unchanged: no extra columns unless asked.
        table = json.loads(server.get("/json/getworkers").text)
        assert table["Vars"] == ["Name", "IP", "Affinity", "State", "Finished", "Error", "LastJob", "Load",
                                 "FreeMemory", "TotalMemory", "Active"]
    finally:
        desk.stop()
