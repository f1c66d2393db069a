"""`coalition control log`: the whole log, and `-f` following a job run to its end."""
import os
import select
import subprocess
import time

from conftest import BIN
from test_control_support import Farm, fails, ok


class Follower:
    """`coalition control log ID -f` running in the background, its stdout read as it comes."""

    def __init__(self, server, job_id, *extra):
        self.proc = subprocess.Popen([BIN, "control", server.url, "log", str(job_id), "-f",
                                      "--interval", "0.2"] + list(extra),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = b""

    def read_until(self, text, timeout=15):
        deadline = time.monotonic() + timeout
        while text.encode() not in self.out:
            left = deadline - time.monotonic()
            assert left > 0, "never printed %r; got %r" % (text, self.out)
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                assert chunk, "exited early: %r %r" % (self.out, self.proc.stderr.read())
                self.out += chunk
        return self.out.decode()

    def finish(self, timeout=15):
        rest, err = self.proc.communicate(timeout=timeout)
        self.out += rest
        return self.proc.returncode, self.out.decode(), err.decode()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def test_log_prints_the_whole_log(server):
    farm = Farm(server)
    job_id = farm.add(title="a", cmd="render")
    assert ok(server.url, "log", job_id).out == ""
    farm.pick("n1-1")
    farm.heartbeat("n1-1", job_id, "line 1\nünïcode \"quoted\" \\ back\n")
    farm.heartbeat("n1-1", job_id, "line 2\n")
    assert ok(server.url, "log", "-i", job_id).out == "line 1\nünïcode \"quoted\" \\ back\nline 2\n"
    assert ok(server.url, "log", job_id, "--json").json() == {
        "ID": job_id, "Log": "line 1\nünïcode \"quoted\" \\ back\nline 2\n"}


def test_follow_a_run_to_its_end(server):
    farm = Farm(server)
    job_id = farm.add(title="a", cmd="render")
    follower = Follower(server, job_id)
    try:
        time.sleep(0.6)                      # still WAITING: the follower keeps polling
        assert follower.proc.poll() is None
        assert farm.pick("n1-1")[0] == job_id
        assert farm.heartbeat("n1-1", job_id, "first chunk\n") == "true"
        assert follower.read_until("first chunk\n") == "first chunk\n"
        assert follower.proc.poll() is None  # the job is WORKING: still following
        assert farm.heartbeat("n1-1", job_id, "second chunk\n") == "true"
        follower.read_until("second chunk\n")
        assert farm.heartbeat("n1-1", job_id, "last words\n") == "true"
        farm.end("n1-1", job_id, 0)
        code, out, err = follower.finish()
    finally:
        follower.kill()
    assert code == 0, err
    assert out == "first chunk\nsecond chunk\nlast words\n"
    assert err == ""


def test_follow_stops_on_error_and_on_pause(server):
    farm = Farm(server)
    failing = farm.add(title="fails", cmd="false")
    follower = Follower(server, failing)
    try:
        farm.pick("n1-1")
        farm.heartbeat("n1-1", failing, "oops\n")
        farm.end("n1-1", failing, 3)
        code, out, _ = follower.finish()
    finally:
        follower.kill()
    assert (code, out) == (0, "oops\n")

    paused = farm.add(title="paused", cmd="sleep")
    follower = Follower(server, paused)
    try:
        time.sleep(0.5)
        assert follower.proc.poll() is None
        ok(server.url, "pause", paused)
        code, out, _ = follower.finish()
    finally:
        follower.kill()
    assert (code, out) == (0, "")


def test_follow_a_removed_job_fails(server):
    farm = Farm(server)
    job_id = farm.add(title="a", cmd="render")
    follower = Follower(server, job_id)
    try:
        time.sleep(0.5)
        ok(server.url, "remove", job_id)
        code, out, err = follower.finish()
    finally:
        follower.kill()
    assert code == 1 and "removed" in err


def test_log_errors(server):
    farm = Farm(server)
    farm.add(title="a")
    assert "unknown job 5" in fails(1, server.url, "log", "5").err
    fails(2, server.url, "log", "1", "2")
    fails(2, server.url, "log")
    fails(2, server.url, "log", "1", "-f", "--interval", "soon")
    fails(2, server.url, "log", "1", "-f", "--json")


def test_follow_a_real_worker_running_a_command(server, tmp_path):
    """The real `coalition worker` runs a shell command; `log -f` shows its output live and exits at the end."""
    from conftest import _PROCESSES, stop_process
    script = "for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.5; done; echo done"
    job_id = int(ok(server.url, "add", "-t", "ticks", "-c", script, "-d", str(tmp_path)).out)
    follower = Follower(server, job_id)
    worker = subprocess.Popen([BIN, "worker", "-n", "node", "-s", "0.3", "-v", server.url], cwd=str(tmp_path),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    _PROCESSES.append(worker)
    try:
        follower.read_until("tick 2\n", timeout=30)
        # Shown while the job runs, not only at its end.
        assert follower.proc.poll() is None
        assert Farm(server).job(job_id)["State"] == "WORKING"
        code, out, err = follower.finish(timeout=30)
    finally:
        follower.kill()
        stop_process(worker, group=True)
    assert code == 0, err
    ticks = [line for line in out.splitlines() if line.startswith("tick") or line == "done"]
    assert ticks == ["tick %d" % n for n in range(1, 7)] + ["done"]
    assert out == ok(server.url, "log", job_id).out            # nothing lost, nothing repeated
    assert Farm(server).job(job_id)["State"] == "FINISHED"


def test_follow_100_mb_transfers_about_100_mb(server, tmp_path):
    """`log -f` asks only for new bytes (getlog?offset=): following a job that prints 100 MB
    costs about 100 MB on the wire, counted by a proxy between control and the server."""
    from conftest import _PROCESSES, stop_process
    from live_support import CountingProxy
    size = 100 * 1000 * 1000
    line = "0123456789" * 9 + "abcdefghi"          # 99 characters and a newline: 100 bytes a line
    script = "yes %s | head -c %d" % (line, size)
    job_id = int(ok(server.url, "add", "-t", "big", "-c", script, "-d", str(tmp_path)).out)
    proxy = CountingProxy(server.port)
    out_path = tmp_path / "followed.log"
    with open(out_path, "wb") as out:
        follower = subprocess.Popen([BIN, "control", proxy.url, "log", str(job_id), "-f", "--interval", "0.2"],
                                    stdout=out, stderr=subprocess.PIPE)
        worker = subprocess.Popen([BIN, "worker", "-n", "bignode", "-s", "0.3", server.url], cwd=str(tmp_path),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        _PROCESSES.append(worker)
        try:
            _, err = follower.communicate(timeout=600)
        finally:
            if follower.poll() is None:
                follower.kill()
            stop_process(worker, group=True)
            proxy.close()
    assert follower.returncode == 0, err
    assert Farm(server).job(job_id)["State"] == "FINISHED"
    # The command's 100 MB plus the worker's header and trailer lines, printed once.
    log_size = os.path.getsize(server.path("logs", "%d.log" % job_id))
    assert size < log_size < size + 4096
    assert out_path.stat().st_size == log_size
    sent = proxy.server_bytes
    print("followed %d bytes of log; the server sent %d bytes (%.3f x)" % (size, sent, sent / size))
    # The log as JSON strings (one escaped newline a line: +1%) plus the polls' small answers.
    assert sent < size * 1.05, sent
