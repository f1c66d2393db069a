"""Crash safety of the journal: clients add jobs and a simulated worker picks and ends them
while the real server is killed with SIGKILL at random moments, then restarted on the same
data directory. Nothing acknowledged may be lost: every acknowledged addjob id exists with
its title (never reused for another job), and every acknowledged endjob left its job
FINISHED.

COALITION_CRASH_CYCLES sets the number of kill/restart cycles (default 10; 100 for the
long run described in the README).
"""
import http.client
import json
import os
import random
import threading
import time
import urllib.parse

from conftest import HOST

CYCLES = int(os.environ.get("COALITION_CRASH_CYCLES", "10"))


class Client:
    """A keep-alive HTTP client that reports any failure as None (the server may die)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def call(self, path, form):
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            body = urllib.parse.urlencode(form)
            self.conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
            r = self.conn.getresponse()
            data = r.read()
            return data.decode() if r.status == 200 else None
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return None


def run_load(port, stop, acked_adds, acked_ends, lock, prefix):
    """Adders and one worker, until `stop` is set or the server dies."""

    def adder(n):
        c = Client(port)
        i = 0
        while not stop.is_set():
            title = "%s-a%d-%d" % (prefix, n, i)
            i += 1
            answer = c.call("/json/addjob", {"title": title, "cmd": "true", "parent": "0"})
            if answer is None:
                continue
            with lock:
                acked_adds.append((int(answer), title))

    def worker():
        c = Client(port)
        name = "crash-worker"
        while not stop.is_set():
            picked = c.call("/workers/pickjob", {"hostname": name, "load": "[0]"})
            if picked is None or picked.startswith("-1"):
                continue
            job_id = int(picked.split(",")[0].strip("( "))
            if c.call("/workers/endjob", {"hostname": name, "jobId": str(job_id), "errorCode": "0"}) == "1":
                with lock:
                    acked_ends.append(job_id)

    threads = [threading.Thread(target=adder, args=(n,)) for n in range(3)] + [threading.Thread(target=worker)]
    for t in threads:
        t.start()
    return threads


def all_jobs(server):
    rows = json.loads(server.get("/json/getjobs", {"id": 0}).body)["Jobs"]
    # columns: ID, Title, ..., State at index 4 (the v3 Vars order)
    return {row[0]: (row[1], row[4]) for row in rows}


def test_kill9_under_load_loses_nothing_acknowledged(server_factory):
    server = server_factory(ini={"journal": "fsync", "savedelay": 0.5, "timeout": 600})
    rng = random.Random(20261201)
    acked_adds, acked_ends = [], []
    lock = threading.Lock()
    for cycle in range(CYCLES):
        stop = threading.Event()
        threads = run_load(server.port, stop, acked_adds, acked_ends, lock, "c%d" % cycle)
        time.sleep(rng.uniform(0.2, 1.5))
        assert server.kill9() == -9
        stop.set()
        for t in threads:
            t.join(30)
        server.start(keep_port=True)
        jobs = all_jobs(server)
        with lock:
            adds = list(acked_adds)
            ends = list(acked_ends)
        for job_id, title in adds:
            assert job_id in jobs, "cycle %d: acknowledged job %d (%s) lost" % (cycle, job_id, title)
            assert jobs[job_id][0] == title, "cycle %d: id %d reused: %r, expected %r" % (
                cycle, job_id, jobs[job_id][0], title)
        for job_id in ends:
            assert jobs[job_id][1] == "FINISHED", "cycle %d: acknowledged end of %d lost (%s)" % (
                cycle, job_id, jobs[job_id][1])
    assert len(acked_adds) > CYCLES * 5, "the load acknowledged only %d adds" % len(acked_adds)
    assert len(acked_ends) > CYCLES, "the worker acknowledged only %d ends" % len(acked_ends)
    ids = [i for i, _ in acked_adds]
    assert len(ids) == len(set(ids)), "an id was acknowledged twice"
