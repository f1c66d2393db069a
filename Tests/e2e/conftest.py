"""Shared fixtures for the end-to-end tests: the real `coalition` binary on 127.0.0.1.

COALITION_BIN selects the binary (default: .build/debug/coalition of this checkout).
Every process a test starts is stopped at teardown, whatever happens.
"""
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("COALITION_BIN", os.path.join(REPO, ".build", "debug", "coalition"))
WEB_ROOT = os.path.join(REPO, "public_html")
HOST = "127.0.0.1"

_PROCESSES = []


def free_port():
    """A TCP port that is free on 127.0.0.1 (and its UDP twin too)."""
    for _ in range(100):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((HOST, 0))
        port = s.getsockname()[1]
        s.close()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind((HOST, port))
        except OSError:
            continue
        finally:
            u.close()
        return port
    raise RuntimeError("no free port")


def stop_process(proc, sig=signal.SIGTERM, grace=10.0, group=False):
    if proc.poll() is not None:
        return proc.returncode
    try:
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        return proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        return proc.wait(10)


class Answer:
    def __init__(self, status, body):
        self.status = status
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return "<Answer %d %r>" % (self.status, self.body[:200])


class Server:
    """One `coalition server` process in its own data directory."""

    def __init__(self, root, ini=None, args=()):
        self.root = str(root)
        self.datadir = os.path.join(self.root, "data")
        os.makedirs(self.datadir, exist_ok=True)
        self.ini = {"timeout": 60, "savetime": 300, "backuptime": 3600, "backupmax": 24}
        self.ini.update(ini or {})
        self.args = list(args)
        self.proc = None
        self.port = None
        self.starts = 0

    def path(self, *parts):
        return os.path.join(self.datadir, *parts)

    def write_ini(self):
        lines = ["[server]", "port=%d" % self.port] + ["%s=%s" % kv for kv in self.ini.items()]
        with open(self.path("coalition.ini"), "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self, wait=True, keep_port=False):
        if not (keep_port and self.port):
            self.port = free_port()
        self.write_ini()
        self.starts += 1
        out = open(os.path.join(self.root, "server-%d.out" % self.starts), "wb")
        argv = [BIN, "server", "-p", str(self.port), "--host", HOST, "--web-root", WEB_ROOT] + self.args
        self.proc = subprocess.Popen(argv, cwd=self.datadir, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        _PROCESSES.append(self.proc)
        if wait:
            self.wait_ready()
        return self

    def output(self):
        text = []
        for n in range(1, self.starts + 1):
            p = os.path.join(self.root, "server-%d.out" % n)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    text.append(f.read().decode("utf-8", "replace"))
        return "".join(text)

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("server exited with %s:\n%s" % (self.proc.returncode, self.output()[-3000:]))
            try:
                # 503 while the server is still loading its state.
                if self.get("/json/getworkers", timeout=2).status != 503:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server not ready:\n" + self.output()[-3000:])
            time.sleep(0.05)

    def stop(self):
        if self.proc is not None:
            return stop_process(self.proc)

    def kill9(self):
        if self.proc is not None:
            return stop_process(self.proc, signal.SIGKILL)

    def restart(self, graceful=True):
        self.stop() if graceful else self.kill9()
        return self.start(keep_port=True)

    @property
    def url(self):
        return "http://%s:%d" % (HOST, self.port)

    # -- HTTP, as the original Python clients send it
    def request(self, method, path, params=None, form=None, body=None, headers=None, timeout=30):
        url = self.url + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        data = body
        hdrs = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Answer(r.status, r.read())
        except urllib.error.HTTPError as e:
            return Answer(e.code, e.read())

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)

    def post(self, path, form=None, **kw):
        return self.request("POST", path, form=form, **kw)


@pytest.fixture
def server_factory(tmp_path):
    servers = []

    def make(ini=None, args=(), start=True):
        s = Server(tmp_path / ("srv%d" % (len(servers) + 1)), ini=ini, args=args)
        servers.append(s)
        return s.start() if start else s

    yield make
    for s in servers:
        s.stop()


@pytest.fixture
def server(server_factory):
    return server_factory()


def pytest_sessionfinish(session, exitstatus):
    for p in _PROCESSES:
        if p.poll() is None:
            stop_process(p, signal.SIGKILL)
