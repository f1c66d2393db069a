"""End to end: the real `coalition worker` binary running real shell jobs from the real server."""
import os
import signal
import time

from test_worker_support import (WorkerProcess, add_job, get_log, job, jobs, pid_alive, read_pids,
                                 wait_state, wait_until, workers)

BANNER_START = "* START " + "*" * 34 + "\n"
BANNER_END = "* END " + "*" * 8 + "\n\n"


def test_three_slots_run_a_tree_of_jobs(server, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    shot = add_job(server, title="shot", cmd="")
    first = add_job(server, title="A", parent=shot, dir=str(work), retry=1,
                    cmd="echo A-out; sleep 1; touch A.done")
    # Fails (and so ends in ERROR with retry=1) unless it starts after A finished.
    after = add_job(server, title="B", parent=shot, dir=str(work), retry=1, dependencies=str(first),
                    cmd="test -e A.done && echo B-saw-A")
    flaky = add_job(server, title="C", parent=shot, dir=str(work), retry=3,
                    cmd="if [ -e C.marker ]; then echo C-second; else touch C.marker; echo C-first; exit 5; fi")
    sub = add_job(server, title="D", parent=shot, cmd="")
    d1 = add_job(server, title="d1", parent=sub, dir=str(work), env="SHOT=sh010\\nFRAME=7",
                 cmd="echo render $(SHOT) frame $FRAME; echo to-stderr >&2; sleep 0.5")
    d2 = add_job(server, title="d2", parent=sub, dir=str(work), cmd="pwd; sleep 0.5")

    worker = WorkerProcess(tmp_path / "node", server.url, name="node", slots=3)
    wait_state(server, shot, "FINISHED", timeout=60)
    assert all(j["State"] == "FINISHED" for j in jobs(server, shot).values())
    assert all(j["State"] == "FINISHED" for j in jobs(server, sub).values())

    names = workers(server)
    assert {"node-1", "node-2", "node-3"} <= set(names)
    ran_on = {j["Worker"] for j in list(jobs(server, shot).values()) + list(jobs(server, sub).values())
              if j["Worker"]}
    assert len(ran_on) >= 2, ran_on  # the slots really work side by side

    log_a = get_log(server, first)
    assert log_a.startswith(BANNER_START)
    assert "* WORKER : node-" in log_a
    assert "* CMD : echo A-out; sleep 1; touch A.done\n" in log_a
    assert "A-out\n* EXIT : 0\n" + BANNER_END in log_a

    log_b = get_log(server, after)
    assert "B-saw-A\n* EXIT : 0\n" in log_b
    job_a, job_b = job(server, first, shot), job(server, after, shot)
    assert job_b["StartTime"] >= job_a["StartTime"] + job_a["Duration"] - 0.01

    log_c = get_log(server, flaky)
    assert "C-first\n* EXIT : 5\n" in log_c
    assert "C-second\n* EXIT : 0\n" in log_c
    assert log_c.index("\nC-first\n") < log_c.index("\nC-second\n")
    assert job(server, flaky, shot)["Try"] == 2

    log_d1 = get_log(server, d1)
    assert "* CMD : echo render sh010 frame $FRAME; echo to-stderr >&2; sleep 0.5\n" in log_d1
    assert "render sh010 frame 7\nto-stderr\n" in log_d1
    assert str(work) + "\n* EXIT : 0\n" in get_log(server, d2)
    worker.stop()


def test_failing_job_is_retried_until_its_retry_limit(server, tmp_path):
    failing = add_job(server, title="fails", cmd="echo nope; exit 3", retry=2)
    worker = WorkerProcess(tmp_path / "node", server.url, name="f")
    wait_until(lambda: job(server, failing)["Try"] >= 2 and job(server, failing)["State"] == "ERROR",
               timeout=30, what="two failed tries")
    time.sleep(1)
    assert job(server, failing)["Try"] == 2  # not picked again once Try reached Retry
    assert get_log(server, failing).count("* EXIT : 3\n") == 2
    worker.stop()


def _spawn_tree_command(pids_file):
    # The shell, a background sleep, a sub-shell with its own child, and a process that left
    # the group with setsid: each writes its PID.
    return ("echo $$ >> {f}; sleep 300 & echo $! >> {f}; "
            "sh -c 'sleep 300 & echo $! >> {f}; wait' & "
            "setsid sh -c 'echo $$ >> {f}; exec sleep 300' & "
            "echo started; wait").format(f=pids_file)


def _check_tree_killed_by(action, server, tmp_path):
    pids_file = tmp_path / ("pids-" + action)
    victim = add_job(server, title="tree", cmd=_spawn_tree_command(pids_file), retry=1)
    worker = WorkerProcess(tmp_path / "node", server.url, name="k", sleep=0.3)
    wait_state(server, victim, "WORKING")
    pids = wait_until(lambda: (lambda p: p if len(p) >= 4 else None)(read_pids(pids_file)),
                      timeout=20, what="4 job processes")
    assert all(pid_alive(p) for p in pids)
    assert server.post("/json/" + action, form={"id": victim}).text == "1"
    wait_until(lambda: not any(pid_alive(p) for p in pids), timeout=10,
               what="every process of the job to die after " + action)
    assert worker.proc.poll() is None  # the worker itself goes on
    return victim, worker


def test_pause_kills_the_whole_process_tree(server, tmp_path):
    victim, worker = _check_tree_killed_by("pausejobs", server, tmp_path)
    assert job(server, victim)["State"] == "PAUSED"
    assert "killing" in wait_until(lambda: worker.output() if "killing" in worker.output() else None,
                                   timeout=5, what="kill log line")
    worker.stop()


def test_reset_kills_the_whole_process_tree(server, tmp_path):
    _, worker = _check_tree_killed_by("resetjobs", server, tmp_path)
    worker.stop()


def test_megabytes_of_output_arrive_complete_and_in_order(server, tmp_path):
    lines = 1000000  # 10 MB of numbered lines, written as fast as awk can
    worker = WorkerProcess(tmp_path / "node", server.url, name="big", sleep=1)
    wait_until(lambda: "big-1" in workers(server), timeout=20, what="the worker to poll")
    time.sleep(1)
    baseline = worker.rss_kb("VmHWM")
    big = add_job(server, title="big", retry=1,
                  cmd="awk 'BEGIN { for (i = 0; i < %d; i++) printf \"%%09d\\n\", i }'" % lines)
    # Sample the worker's memory while the job streams.
    peak = baseline
    deadline = time.monotonic() + 180
    while job(server, big)["State"] != "FINISHED":
        assert time.monotonic() < deadline, "big job did not finish"
        peak = max(peak, worker.rss_kb("VmHWM"))
        time.sleep(0.2)
    log = get_log(server, big)
    body = log[log.index("* CMD : "):]
    body = body[body.index("\n") + 1:body.index("* EXIT : 0\n")]
    assert len(body) == lines * 10
    numbers = body.split("\n")[:-1]
    assert len(numbers) == lines
    assert all(int(n) == i for i, n in enumerate(numbers))
    # The output is held back in the job's pipe, not in the worker: holding the 10 MB (plus
    # its base64 and form encodings) would add far more than the bounded buffer does.
    print("worker RSS: %d kB before the job, peak %d kB" % (baseline, peak))
    assert peak - baseline < 25 * 1024, (baseline, peak)
    worker.stop()


def test_exit_code_lands_after_a_server_restart(server, tmp_path):
    slow = add_job(server, title="slow", retry=1, cmd="echo before; sleep 4; echo after; exit 7")
    worker = WorkerProcess(tmp_path / "node", server.url, name="r", sleep=0.3)
    wait_state(server, slow, "WORKING")
    time.sleep(0.5)
    server.restart()
    wait_state(server, slow, "ERROR", timeout=60)
    log = get_log(server, slow)
    assert "after\n* EXIT : 7\n" in log
    worker.stop()


def test_output_and_exit_code_sent_once_the_server_is_back(server, tmp_path):
    slow = add_job(server, title="offline", retry=1,
                   cmd="echo start; sleep 1; echo while-down; sleep 1; echo end-of-job")
    worker = WorkerProcess(tmp_path / "node", server.url, name="o", sleep=0.3)
    wait_state(server, slow, "WORKING")
    wait_until(lambda: "start" in get_log(server, slow), timeout=10, what="first output")
    server.stop()
    wait_until(lambda: "finished job %d (code 0)" % slow in worker.output(), timeout=30,
               what="the job to end while the server is down")
    time.sleep(1)  # a few failed final-heartbeat attempts
    server.start(keep_port=True)
    wait_state(server, slow, "FINISHED", timeout=30)
    log = get_log(server, slow)
    assert "start\nwhile-down\nend-of-job\n* EXIT : 0\n" + BANNER_END in log
    assert log.count("\nwhile-down\n") == 1
    worker.stop()


def test_sigterm_kills_running_jobs_and_reports_them(server, tmp_path):
    pids_file = tmp_path / "pids-term"
    victim = add_job(server, title="term", cmd=_spawn_tree_command(pids_file), retry=1)
    worker = WorkerProcess(tmp_path / "node", server.url, name="t", sleep=0.3)
    wait_state(server, victim, "WORKING")
    pids = wait_until(lambda: (lambda p: p if len(p) >= 4 else None)(read_pids(pids_file)), timeout=20,
                      what="4 job processes")
    started = time.monotonic()
    worker.signal(signal.SIGTERM)
    assert worker.proc.wait(20) == 0
    assert time.monotonic() - started < 10
    assert not any(pid_alive(p) for p in pids)
    state = job(server, victim)
    assert state["State"] == "ERROR"
    assert "started\n* EXIT : -9\n" + BANNER_END in get_log(server, victim)


def test_missing_directory_is_logged_and_the_job_still_runs(server, tmp_path):
    lost = add_job(server, title="lost", cmd="echo ran-anyway", dir="/no/such/dir", retry=1)
    worker = WorkerProcess(tmp_path / "node", server.url, name="d")
    wait_state(server, lost, "FINISHED")
    log = get_log(server, lost)
    assert ("* ERROR : Can't change dir to /no/such/dir: [Errno 2] No such file or directory: "
            "'/no/such/dir'\n* CMD : echo ran-anyway\nran-anyway\n") in log
    worker.stop()


def test_ini_runcommand_startup_and_names(server, tmp_path):
    node = tmp_path / "node"
    node.mkdir()
    (node / "coalition.ini").write_text(
        "[worker]\n"
        "serverUrl = %s/\n"
        "name = ininame\n"
        "workers = 2\n"
        "sleep = 1\n"
        "startup = echo once >> startup.txt\n"
        "runcommand = sh -c 'cd __dir__ && echo RUN-AS-[__user__] && __cmd__'\n" % server.url)
    work = tmp_path / "work"
    work.mkdir()
    templated = add_job(server, title="tpl", cmd="pwd", dir=str(work), user="alice", retry=1)
    # No URL on the command line: it comes from coalition.ini; -n, -w and -s win over the file.
    worker = WorkerProcess(node, None, name="cli", slots=2, sleep=0.3)
    wait_state(server, templated, "FINISHED")
    log = get_log(server, templated)
    assert "* CMD : sh -c 'cd %s && echo RUN-AS-[alice] && pwd'\n" % work in log
    assert "RUN-AS-[alice]\n%s\n" % work in log
    assert (node / "startup.txt").read_text() == "once\n"
    assert {"cli-1", "cli-2"} <= set(workers(server))
    worker.stop()


def test_non_verbose_worker_writes_its_log_file(server, tmp_path):
    node = tmp_path / "node"
    node.mkdir()
    (node / "coalition.ini").write_text("[worker]\nlogfile = my-worker.log\n")
    quiet = add_job(server, title="quiet", cmd="echo hush", retry=1)
    import subprocess
    from conftest import BIN, _PROCESSES
    proc = subprocess.Popen([BIN, "worker", "-n", "q", "-s", "0.3", server.url], cwd=str(node),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    _PROCESSES.append(proc)
    wait_state(server, quiet, "FINISHED")
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert out == b""
    text = (node / "my-worker.log").read_text()
    assert "Working..." in text and "finished job %d (code 0)" % quiet in text


def test_bad_command_line_is_refused_clearly(tmp_path):
    import subprocess
    from conftest import BIN
    for args, message in ((["-w", "0", "http://127.0.0.1:1"], "workers"),
                          (["-s", "soon", "http://127.0.0.1:1"], "sleep"),
                          (["https://127.0.0.1:1"], "http"),
                          (["--config", str(tmp_path / "none.ini"), "http://127.0.0.1:1"], "not found")):
        run = subprocess.run([BIN, "worker", "-v"] + args, cwd=str(tmp_path), capture_output=True, timeout=20)
        assert run.returncode != 0
        assert message in (run.stdout + run.stderr).decode(), (args, run)


def test_worker_waits_for_a_server_that_is_not_up_yet(server_factory, tmp_path):
    from conftest import free_port
    server = server_factory(start=False)
    server.port = free_port()
    worker = WorkerProcess(tmp_path / "node", server.url, name="early", sleep=0.3)
    wait_until(lambda: worker.output().count("error sending pickjob") >= 2, timeout=20,
               what="pickjob retries while the server is down")
    assert worker.proc.poll() is None
    server.start(keep_port=True)
    early = add_job(server, title="early", cmd="echo finally", retry=1)
    wait_state(server, early, "FINISHED", timeout=30)
    assert "finally\n* EXIT : 0\n" in get_log(server, early)
    worker.stop()
