"""Helpers for the worker end-to-end tests: real `coalition worker` processes talking to a
real `coalition server` on 127.0.0.1. No tests here."""
import json
import os
import signal
import subprocess
import time

from conftest import BIN, _PROCESSES, stop_process


def wait_until(predicate, timeout=30.0, interval=0.1, what="condition"):
    """Polls `predicate` until it returns a true value (returned) or fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(interval)


class WorkerProcess:
    """One `coalition worker` process, verbose, its console captured to a file."""

    def __init__(self, root, url=None, name="node", slots=1, sleep=0.3, extra=(), wrapper=(), env=None,
                 state_dir=None):
        self.root = str(root)
        os.makedirs(self.root, exist_ok=True)
        self.out_path = os.path.join(self.root, "worker-%s.out" % name)
        # Each test's worker keeps its running jobs in its own directory.
        self.state_dir = state_dir or os.path.join(self.root, "state-%s" % name)
        argv = list(wrapper) + [BIN, "worker", "-v", "-n", name, "-w", str(slots), "-s", str(sleep),
                                "--state-dir", self.state_dir]
        argv += list(extra)
        if url:
            argv.append(url)
        out = open(self.out_path, "ab")
        self.proc = subprocess.Popen(argv, cwd=self.root, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True,
                                     env=dict(os.environ, **(env or {})))
        out.close()
        _PROCESSES.append(self.proc)
        self.name = name

    def output(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, grace=30.0):
        return stop_process(self.proc, signal.SIGTERM, grace=grace)

    def rss_kb(self, field="VmRSS"):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0


def add_job(server, **fields):
    """`/json/addjob`; answers the new job ID."""
    answer = server.post("/json/addjob", form=fields)
    assert answer.status == 200, answer
    job_id = int(answer.text)
    assert job_id > 0, answer
    return job_id


def jobs(server, parent=0):
    """Direct children of `parent`, by ID, each a dict keyed by the `Vars` names."""
    table = json.loads(server.get("/json/getjobs", params={"id": parent}).text)
    names = table["Vars"]
    return {row[0]: dict(zip(names, row)) for row in table["Jobs"]}


def job(server, job_id, parent=0):
    return jobs(server, parent)[job_id]


def workers(server):
    table = json.loads(server.get("/json/getworkers").text)
    names = table["Vars"]
    return {row[0]: dict(zip(names, row)) for row in table["Workers"]}


def get_log(server, job_id):
    """The job's log text (`/json/getlog` answers a string literal)."""
    return json.loads(server.get("/json/getlog", params={"id": job_id}).text)


def wait_state(server, job_id, states, parent=0, timeout=60.0):
    if isinstance(states, str):
        states = (states,)
    return wait_until(lambda: (lambda j: j if j["State"] in states else None)(job(server, job_id, parent)),
                      timeout=timeout, what="job %d in %s" % (job_id, states))


def pid_alive(pid):
    """True when `pid` exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat[stat.rindex(")") + 2]
    return state not in ("Z", "X")


def read_pids(path):
    try:
        with open(path) as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []
