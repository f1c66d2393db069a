"""The render node as a studio runs it: renders that survive a worker restart (against the
real server), resource reservations and NIMBY (against a small stand-in server speaking the
documented protocol extension, since the server side of both is built separately)."""
import base64
import glob
import json
import os
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import HOST
from test_worker_support import WorkerProcess, add_job, get_log, wait_until, wait_state

LINES = 25


def _printing_job(code, lines=LINES, pause=0.15):
    return "i=1; while [ $i -le %d ]; do echo line $i; i=`expr $i + 1`; sleep %s; done; exit %d" % (lines, pause, code)


def _expected_output(lines=LINES):
    return "".join("line %d\n" % i for i in range(1, lines + 1))


def _record(state_dir, job_id):
    with open(os.path.join(state_dir, "job-%d.json" % job_id)) as f:
        return json.load(f)


def test_job_survives_kill9_of_its_worker(server, tmp_path):
    job_id = add_job(server, title="survivor", retry=1, cmd=_printing_job(0))
    first = WorkerProcess(tmp_path / "node", server.url, name="surv", sleep=0.3)
    wait_until(lambda: "line 3\n" in get_log(server, job_id), timeout=20, what="first lines")
    pid = _record(first.state_dir, job_id)["pid"]
    first.proc.kill()  # SIGKILL to the worker only: the job runs in its own session
    first.proc.wait(10)
    time.sleep(0.8)  # the job goes on printing while no worker runs
    assert os.path.exists("/proc/%d" % pid), "the job died with its worker"
    second = WorkerProcess(tmp_path / "node", server.url, name="surv", sleep=0.3, state_dir=first.state_dir)
    wait_state(server, job_id, "FINISHED", timeout=30)
    log = get_log(server, job_id)
    assert _expected_output() + "* EXIT : 0\n" in log, log
    assert log.count("* START ") == 1 and log.count("* EXIT ") == 1, log
    assert "taking over job %d" % job_id in second.output()
    wait_until(lambda: not os.path.exists(os.path.join(first.state_dir, "job-%d.json" % job_id)),
               timeout=10, what="the record to be removed")
    second.stop()


def test_output_sent_again_after_a_takeover_is_logged_once(server, tmp_path):
    """The kill -9 above, at its worst moment made certain: the first worker's chunks were
    answered, but its record says none was (as when it dies between the answer and the
    record). The next worker sends the job's output again from the first byte, numbered
    (`logOffset`), and the server keeps each byte once."""
    job_id = add_job(server, title="resent", retry=1, cmd=_printing_job(0, lines=12))
    first = WorkerProcess(tmp_path / "node", server.url, name="resend", sleep=0.3)
    wait_until(lambda: "line 3\n" in get_log(server, job_id), timeout=20, what="first lines")
    first.proc.kill()
    first.proc.wait(10)
    path = os.path.join(first.state_dir, "job-%d.json" % job_id)
    record = _record(first.state_dir, job_id)
    assert record["deliveredOffset"] > 0
    record["deliveredOffset"] = 0
    with open(path, "w") as f:
        json.dump(record, f)
    second = WorkerProcess(tmp_path / "node", server.url, name="resend", sleep=0.3, state_dir=first.state_dir)
    wait_state(server, job_id, "FINISHED", timeout=30)
    log = get_log(server, job_id)
    assert log.count("* START ") == 1 and log.count("* EXIT ") == 1, log
    assert _expected_output(12) + "* EXIT : 0\n" in log, log
    lines = log.splitlines()
    assert all(lines.count("line %d" % i) == 1 for i in range(1, 13)), log
    assert "taking over job %d" % job_id in second.output()
    second.stop()


def test_job_that_ended_during_the_gap_reports_its_real_exit_code(server, tmp_path):
    job_id = add_job(server, title="gap", retry=1, cmd=_printing_job(3, lines=6, pause=0.1))
    first = WorkerProcess(tmp_path / "node", server.url, name="gap", sleep=0.3)
    wait_until(lambda: "line 1\n" in get_log(server, job_id), timeout=20, what="first line")
    first.proc.kill()
    first.proc.wait(10)
    exit_file = os.path.join(first.state_dir, "job-%d.exit" % job_id)
    wait_until(lambda: os.path.exists(exit_file), timeout=10, what="the job to end while no worker runs")
    second = WorkerProcess(tmp_path / "node", server.url, name="gap", sleep=0.3, state_dir=first.state_dir)
    wait_state(server, job_id, "ERROR", timeout=30)
    log = get_log(server, job_id)
    assert _expected_output(6) + "* EXIT : 3\n" in log, log
    second.stop()


def test_detach_jobs_on_sigterm_leaves_the_job_for_the_next_worker(server, tmp_path):
    job_id = add_job(server, title="upgrade", retry=1, cmd=_printing_job(0, lines=15))
    first = WorkerProcess(tmp_path / "node", server.url, name="upg", sleep=0.3, extra=["--detach-jobs"])
    wait_until(lambda: "line 2\n" in get_log(server, job_id), timeout=20, what="first lines")
    assert first.stop() == 0
    assert "left running" in first.output()
    second = WorkerProcess(tmp_path / "node", server.url, name="upg", sleep=0.3, state_dir=first.state_dir)
    wait_state(server, job_id, "FINISHED", timeout=30)
    assert _expected_output(15) + "* EXIT : 0\n" in get_log(server, job_id)
    second.stop()


def test_state_dir_of_another_worker_is_reported_and_left_alone(server, tmp_path):
    state = tmp_path / "shared-state"
    state.mkdir()
    foreign = state / "job-99.json"
    foreign.write_text(json.dumps({"worker": "someone-else"}))
    worker = WorkerProcess(tmp_path / "node", server.url, name="mine", sleep=0.3, state_dir=str(state))
    wait_until(lambda: "job-99.json" in worker.output(), timeout=10, what="the report")
    assert "left alone" in worker.output()
    assert foreign.read_text() == json.dumps({"worker": "someone-else"})
    worker.stop()


def test_second_worker_on_the_same_state_dir_is_refused(server, tmp_path):
    first = WorkerProcess(tmp_path / "node", server.url, name="one", sleep=0.3)
    wait_until(lambda: "Working..." in first.output(), timeout=10, what="first worker up")
    second = WorkerProcess(tmp_path / "node2", server.url, name="one", sleep=0.3, state_dir=first.state_dir)
    assert second.proc.wait(10) != 0
    assert "in use by another worker process" in second.output()
    first.stop()


# --- A stand-in server for the reservation and NIMBY extension ------------------------------

class StandIn:
    """Answers /workers/* as docs/worker.md specifies for a reservation- and NIMBY-aware
    server: hands out the queued jobs with their reservation as a sixth element, records
    every request."""

    def __init__(self):
        self.requests = []
        self.jobs = []  # (id, command, reservation)
        self.logs = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                name = self.path.rsplit("/", 1)[-1]
                with outer.lock:
                    outer.requests.append((name, fields))
                    if name == "pickjob":
                        if outer.jobs:
                            job_id, command, reservation = outer.jobs.pop(0)
                            answer = "%d,%r,'.','',None,%r" % (job_id, command, reservation)
                        else:
                            answer = "-1,'','','',None,''"
                    elif name == "heartbeat":
                        job_id = int(fields.get("jobId", "-1"))
                        outer.logs[job_id] = outer.logs.get(job_id, b"") + base64.b64decode(fields.get("log", ""))
                        answer = "true" if job_id >= 0 else "false"
                    else:
                        answer = "1"
                body = answer.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = "http://%s:%d" % (HOST, self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def seen(self, name, predicate=lambda f: True):
        with self.lock:
            return [f for n, f in self.requests if n == name and predicate(f)]

    def close(self):
        self.httpd.shutdown()


def _first_allowed_core(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Cpus_allowed_list:"):
                return int(line.split()[1].split(",")[0].split("-")[0])
    raise AssertionError("no Cpus_allowed_list")


def test_reserved_job_is_pinned_and_sees_its_gpus(tmp_path):
    stand_in = StandIn()
    out = tmp_path / "job.out"
    stand_in.jobs.append((5, "grep Cpus_allowed_list /proc/self/status > %s; echo CUDA=$CUDA_VISIBLE_DEVICES >> %s; sleep 3" % (out, out),
                          "cores=1,gpus=1"))
    worker = WorkerProcess(tmp_path / "node", stand_in.url, name="res", sleep=0.3,
                           extra=["-w", "auto", "--cores", "2", "--memory", "4000", "--gpus", "2"])
    try:
        wait_until(lambda: os.path.exists(os.path.join(worker.state_dir, "job-5.json")), timeout=20, what="job start")
        pid = _record(worker.state_dir, 5)["pid"]
        with open("/proc/%d/status" % pid) as f:
            status = f.read()
        first_core = _first_allowed_core(worker.proc.pid)
        assert "Cpus_allowed_list:\t%d\n" % first_core in status, status
        wait_until(lambda: out.exists() and "CUDA=" in out.read_text(), timeout=10, what="job output")
        assert out.read_text() == "Cpus_allowed_list:\t%d\nCUDA=0\n" % first_core
        # While the job holds a core and a GPU, the other loop asks with what is left.
        wait_until(lambda: stand_in.seen("pickjob", lambda f: f["cores"] == "1"),
                   timeout=10, what="a pick with the remaining capacity")
        pick = stand_in.seen("pickjob", lambda f: f["cores"] == "1")[-1]
        assert (pick["gpus"], pick["memory"], pick["maxCores"], pick["maxMemory"], pick["maxGpus"]) == ("1", "4000", "2", "4000", "2")
        wait_until(lambda: stand_in.seen("endjob", lambda f: f["jobId"] == "5"), timeout=20, what="endjob")
        assert stand_in.seen("endjob", lambda f: f["jobId"] == "5")[0]["errorCode"] == "0"
    finally:
        worker.stop()
        stand_in.close()


def test_nimby_idle_holds_off_and_requeues(tmp_path):
    stand_in = StandIn()
    counter = tmp_path / "input-counter"
    counter.write_text("0")
    stand_in.jobs.append((8, "echo started; sleep 30", ""))
    worker = WorkerProcess(tmp_path / "node", stand_in.url, name="desk", sleep=0.2,
                           extra=["--nimby", "idle", "--nimbyidle", "2", "--nimbyaction", "requeue",
                                  "--nimby-input", str(counter)])
    try:
        wait_until(lambda: stand_in.seen("heartbeat", lambda f: f["jobId"] == "8" and "started" in
                                         base64.b64decode(f["log"]).decode()), timeout=20, what="the job to start")
        counter.write_text("5")  # someone touches the keyboard
        wait_until(lambda: stand_in.seen("endjob", lambda f: f["jobId"] == "8"), timeout=10, what="the requeue")
        end = stand_in.seen("endjob", lambda f: f["jobId"] == "8")[0]
        assert end["requeue"].startswith("user active") and end["errorCode"] == "-9", end
        # No pick while the person is active: NIMBY reports instead.
        picks_before = len(stand_in.seen("pickjob"))
        wait_until(lambda: stand_in.seen("heartbeat", lambda f: f["jobId"] == "-1" and f.get("nimby", "").startswith("user active")),
                   timeout=5, what="a NIMBY report")
        assert len(stand_in.seen("pickjob")) == picks_before
        # Two seconds without input: work again.
        wait_until(lambda: len(stand_in.seen("pickjob")) > picks_before, timeout=10, what="picks to resume")
    finally:
        worker.stop()
        stand_in.close()


def test_malformed_nimby_schedule_stops_the_worker_with_the_line(tmp_path):
    worker = WorkerProcess(tmp_path / "node", "http://127.0.0.1:9", name="bad", sleep=0.3,
                           extra=["--nimby", "schedule", "--nimbyschedule", "mon-fri 20:00-8h"])
    assert worker.proc.wait(10) != 0
    assert "mon-fri 20:00-8h" in worker.output()
