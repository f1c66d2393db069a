"""Scheduling rules end to end (docs/scheduling.md), with the real server and real workers:
a node that fails a job is blocked from it after `maxworkererrors` failures and another node
finishes it; a limit of 2 never lets more than 2 jobs run at once; a silent hung command is
stopped by `stalltimeout` and retried; bad input is refused with a clear answer."""
import json
import time

from test_worker_support import WorkerProcess, add_job, get_log, job, wait_until, workers


def _blocklist(server, job_id):
    answer = server.get("/json/getblocklist", params={"id": job_id})
    assert answer.status == 200, answer
    return {e["Worker"]: e for e in json.loads(answer.text)}


def _limits(server):
    answer = server.get("/json/getlimits")
    assert answer.status == 200, answer
    return json.loads(answer.text)


def _activities(server, **params):
    table = json.loads(server.get("/json/getactivities", params=params).text)
    return [dict(zip(table["Vars"], row)) for row in table["Activities"]]


def _max_overlap(intervals):
    """The most intervals [start, end) open at one time (an end at t closes before a start at t)."""
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda e: (e[0], e[1]))
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


def _with_limits(server_factory, limits, ini=None):
    """A started server whose coalition.ini has a `[limits]` section."""
    server = server_factory(ini=ini, start=False)
    write_server_section = server.write_ini

    def write_ini():
        write_server_section()
        with open(server.path("coalition.ini"), "a") as f:
            f.write("[limits]\n" + "".join("%s = %d\n" % kv for kv in limits.items()))

    server.write_ini = write_ini
    return server.start()


def test_a_node_that_fails_a_job_is_blocked_and_another_node_finishes_it(server, tmp_path):
    bad_root, good_root = tmp_path / "bad", tmp_path / "good"
    bad_root.mkdir()
    good_root.mkdir()
    # The job runs in its worker's directory (no Dir): only the bad node has the marker.
    (bad_root / "broken-node").write_text("a missing plugin\n")
    fragile = add_job(server, title="fragile", retry=10, maxworkererrors=2, forgivetime=0,
                      cmd="if [ -e broken-node ]; then echo plugin missing here; exit 7; fi; echo rendered")

    bad = WorkerProcess(bad_root, server.url, name="bad", sleep=0.2)
    try:
        wait_until(lambda: _blocklist(server, fragile).get("bad-1", {}).get("Until") == -1, timeout=30,
                   what="bad-1 blocked from the job for good")
        assert _blocklist(server, fragile)["bad-1"]["Errors"] == 2
        # The bad node keeps asking but is never given the job again: the job waits, it is
        # not in ERROR for good.
        asked = bad.output().count("bad-1: ask for a job")
        wait_until(lambda: bad.output().count("bad-1: ask for a job") >= asked + 5, timeout=20,
                   what="the bad node to ask five more times")
        wait_until(lambda: workers(server)["bad-1"]["State"] == "WAITING", timeout=10, what="bad-1 idle")
        assert job(server, fragile)["Try"] == 2
        assert job(server, fragile)["State"] == "ERROR"
        assert "worker bad-1 failed this job 2 times, not given it again" in get_log(server, fragile)

        good = WorkerProcess(good_root, server.url, name="good", sleep=0.2)
        try:
            wait_until(lambda: job(server, fragile)["State"] == "FINISHED", timeout=30, what="the job to finish")
        finally:
            good.stop()
    finally:
        bad.stop()

    done = job(server, fragile)
    assert done["Worker"] == "good-1"
    assert done["Try"] == 3
    runs = [(a["Worker"], a["State"]) for a in _activities(server, job=fragile)]
    assert sorted(runs) == [("bad-1", "ERROR"), ("bad-1", "ERROR"), ("good-1", "FINISHED")]
    log = get_log(server, fragile)
    assert log.count("plugin missing here\n") == 2
    assert "rendered\n" in log
    assert list(_blocklist(server, fragile)) == ["bad-1"]
    # clearblocklist forgets it.
    assert server.get("/json/clearblocklist", params={"id": fragile}).text == "1"
    assert _blocklist(server, fragile) == {}


def test_a_limit_of_two_never_runs_more_than_two_jobs_on_six_slots(server_factory, tmp_path):
    server = _with_limits(server_factory, {"lic": 2})
    group = add_job(server, title="licensed", cmd="", limits="lic")
    ids = [add_job(server, title="frame %d" % i, parent=group, cmd="sleep 0.6") for i in range(8)]
    node = WorkerProcess(tmp_path / "node", server.url, name="node", slots=6, sleep=0.1)
    peak_used = 0
    try:
        def all_finished():
            nonlocal peak_used
            limits = _limits(server)
            assert limits["lic"]["max"] == 2
            peak_used = max(peak_used, limits["lic"]["used"])
            assert limits["lic"]["used"] <= 2, limits
            return job(server, group)["State"] == "FINISHED"
        wait_until(all_finished, timeout=90, interval=0.05, what="the 8 licensed jobs to finish")
    finally:
        node.stop()
    assert peak_used >= 1
    assert _limits(server)["lic"] == {"max": 2, "used": 0}
    runs = [a for a in _activities(server) if a["JobID"] in ids]
    assert len(runs) == 8 and all(a["State"] == "FINISHED" for a in runs)
    assert len({a["Worker"] for a in runs}) >= 2  # several slots took part
    assert _max_overlap([(a["Start"], a["Start"] + a["Duration"]) for a in runs]) == 2


def test_a_silent_hung_command_is_stopped_by_stalltimeout_and_retried(server, tmp_path):
    hung = add_job(server, title="hung", cmd="sleep 60", retry=5, stalltimeout=2)
    node = WorkerProcess(tmp_path / "node", server.url, name="node", sleep=0.2)
    try:
        wait_until(lambda: job(server, hung)["Try"] >= 2, timeout=40, what="a second try after the stall")
        first = _activities(server, job=hung)
        assert any(a["State"] == "ERROR" for a in first), first
        wait_until(lambda: "stalled, no progress or output for 2 s, stopped" in get_log(server, hung),
                   timeout=10, what="the reason in the job's log")
        assert workers(server)["node-1"]["Error"] >= 1
    finally:
        node.stop()
    # The stopped run's process did not live on for its 60 s: its end reached the server.
    log = get_log(server, hung)
    assert "SERVER: Job %d stalled, no progress or output for 2 s, stopped" % hung in log


def test_an_unknown_limit_at_addjob_is_refused_with_the_reason_in_the_event_log(server):
    before = json.loads(server.get("/json/getjobs", params={"id": 0}).text)["Jobs"]
    answer = server.post("/json/addjob", form={"title": "nuke", "cmd": "true", "limits": "nuke"})
    assert answer.text == "-1"
    assert json.loads(server.get("/json/getjobs", params={"id": 0}).text)["Jobs"] == before
    wait_until(lambda: "unknown-limit" in server.output() and "limit=nuke" in server.output(), timeout=10,
               what="the refusal in the event log")


def test_setlimit_refuses_bad_values_and_changes_nothing(server_factory):
    server = _with_limits(server_factory, {"lic": 3})
    for params in ({"name": "lic", "max": "-1"}, {"name": "lic", "max": "two"}, {"name": "lic", "max": ""},
                   {"name": "lic"}, {"name": "", "max": "4"}, {"name": "a,b", "max": "4"}, {"max": "4"}):
        answer = server.get("/json/setlimit", params=params)
        assert (answer.status, answer.text) == (400, "0"), params
        assert _limits(server) == {"lic": {"max": 3, "used": 0}}, params
    assert server.get("/json/setlimit", params={"name": "lic", "max": "1"}).text == "1"
    assert server.get("/json/setlimit", params={"name": "arnold", "max": "0"}).text == "1"
    assert _limits(server) == {"arnold": {"max": 0, "used": 0}, "lic": {"max": 1, "used": 0}}
    # A known limit is accepted at addjob once it exists.
    assert int(server.post("/json/addjob", form={"title": "a", "cmd": "true", "limits": "arnold"}).text) > 0


def test_a_limit_lowered_below_its_use_keeps_the_running_jobs(server_factory, tmp_path):
    server = _with_limits(server_factory, {"lic": 2})
    ids = [add_job(server, title="frame %d" % i, cmd="sleep 30", limits="lic") for i in range(3)]
    node = WorkerProcess(tmp_path / "node", server.url, name="node", slots=3, sleep=0.1)
    try:
        wait_until(lambda: _limits(server)["lic"]["used"] == 2, timeout=30, what="two units taken")
        assert server.get("/json/setlimit", params={"name": "lic", "max": "1"}).text == "1"
        assert _limits(server)["lic"] == {"max": 1, "used": 2}
        running = [i for i in ids if job(server, i)["State"] == "WORKING"]
        assert len(running) == 2
        # Finishing one run leaves use at the new maximum: nothing new starts.
        server.get("/json/resetjobs", params={"id": running[0]})
        wait_until(lambda: _limits(server)["lic"]["used"] == 1, timeout=10, what="the reset run's unit back")
        t_end = time.monotonic() + 1.5
        while time.monotonic() < t_end:
            assert _limits(server)["lic"]["used"] <= 1
            time.sleep(0.1)
    finally:
        node.stop()
