"""Helpers for the `coalition control` end-to-end tests (no tests here).

`control()` runs the real binary; `Farm` reads the server state through the
/json API and plays a worker with the same form posts as the original worker.
"""
import ast
import base64
import json
import os
import subprocess

from conftest import BIN


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "<control exit %d out=%r err=%r>" % (self.code, self.out[:500], self.err[:500])


def control(*args, env=None, timeout=60, input=None, cwd=None):
    """Runs `coalition control ARGS` and returns its exit code, stdout and stderr."""
    environment = dict(os.environ)
    environment.pop("COALITION_SERVER", None)
    environment.update(env or {})
    proc = subprocess.run([BIN, "control"] + [str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, env=environment, input=input, cwd=cwd)
    return Result(proc)


def ok(*args, **kw):
    """Runs control and asserts success with nothing on stderr."""
    r = control(*args, **kw)
    assert r.code == 0, r
    assert r.err == "", r
    return r


def fails(code, *args, **kw):
    """Runs control and asserts it failed with `code`, one line on stderr, nothing on stdout."""
    r = control(*args, **kw)
    assert r.code == code, r
    assert r.out == "", r
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coalition control: "), r
    return r


class Farm:
    """Reads a server's state and plays the worker side of the protocol."""

    def __init__(self, server):
        self.server = server

    def table(self, path, key, params=None):
        a = self.server.get(path, params)
        assert a.status == 200, a
        data = json.loads(a.text)
        return [dict(zip(data["Vars"], row)) for row in data[key]]

    def children(self, parent=0):
        return self.table("/json/getjobs", "Jobs", {"id": parent})

    def job(self, job_id, parent=0):
        """A job's row, searched below `parent` (recursively)."""
        for row in self.children(parent):
            if row["ID"] == job_id:
                return row
            if row["Total"] > 0:
                found = self.job(job_id, row["ID"])
                if found:
                    return found
        return None

    def parents(self, job_id):
        a = self.server.get("/json/getjobs", {"id": job_id})
        return [(p["ID"], p["Title"]) for p in json.loads(a.text)["Parents"]]

    def workers(self):
        return {w["Name"]: w for w in self.table("/json/getworkers", "Workers")}

    def activities(self):
        return self.table("/json/getactivities", "Activities")

    def add(self, **params):
        a = self.server.get("/json/addjob", params)
        assert a.status == 200, a
        return int(a.text)

    # -- worker side, as the original worker speaks it
    def pick(self, name, load="[37]", free=6120, total=16027):
        a = self.server.post("/workers/pickjob", {"hostname": name, "load": load,
                                                  "freeMemory": free, "totalMemory": total})
        assert a.status == 200, a
        return ast.literal_eval("(" + a.text + ")")

    def heartbeat(self, name, job_id, text=""):
        log = base64.b64encode(text.encode()).decode()
        a = self.server.post("/workers/heartbeat", {"hostname": name, "jobId": job_id, "log": log,
                                                    "load": "[50]", "freeMemory": 100, "totalMemory": 200})
        assert a.status == 200, a
        return a.text

    def end(self, name, job_id, code=0):
        a = self.server.post("/workers/endjob", {"hostname": name, "jobId": job_id, "errorCode": code})
        assert a.status == 200, a

    def run(self, name, text="", code=0):
        """Picks the next job, sends its output and ends it; returns the job id."""
        job_id = self.pick(name)[0]
        assert job_id >= 0, "no job to run"
        self.heartbeat(name, job_id, text)
        self.end(name, job_id, code)
        return job_id
