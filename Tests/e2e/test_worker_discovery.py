"""UDP discovery end to end: on loopback, and as a real broadcast between two network
namespaces joined by a veth pair (created and removed by the test; needs root)."""
import json
import os
import random
import subprocess
import time

import pytest

from conftest import BIN, WEB_ROOT, _PROCESSES, stop_process
from test_worker_support import WorkerProcess, add_job, get_log, wait_state, wait_until, workers


def test_discovery_on_loopback(server, tmp_path):
    done = add_job(server, title="found", cmd="echo via-discovery", retry=1)
    # The test server listens on 127.0.0.1 only, which a datagram to a broadcast address does
    # not reach: ask its address directly (SO_BROADCAST set all the same).
    worker = WorkerProcess(tmp_path / "node", None, name="disc",
                           extra=["--broadcast", "127.0.0.1", "--discovery-port", str(server.port)])
    wait_state(server, done, "FINISHED", timeout=30)
    assert "Server found at http://127.0.0.1:%d" % server.port in worker.output()
    assert "via-discovery\n* EXIT : 0\n" in get_log(server, done)
    assert "disc-1" in workers(server)
    worker.stop()


def test_discovery_keeps_asking_until_a_server_answers(server_factory, tmp_path):
    server = server_factory(start=False)
    from conftest import free_port
    server.port = free_port()
    worker = WorkerProcess(tmp_path / "node", None, name="late",
                           extra=["--broadcast", "127.0.0.1", "--discovery-port", str(server.port)])
    time.sleep(2.5)
    assert worker.output().count("Broadcast port %d" % server.port) >= 2
    assert "Server found" not in worker.output()
    server.start(keep_port=True)
    wait_until(lambda: "late-1" in workers(server), timeout=20, what="the worker to find the late server")
    worker.stop()


def _sh(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


class NetworkPair:
    """Two network namespaces joined by a veth pair on a private 10.x subnet. Addresses exist
    only inside the namespaces; everything is deleted at close."""

    def __init__(self):
        tag = "%05d" % random.randrange(100000)
        self.server_ns, self.worker_ns = "coal-s" + tag, "coal-w" + tag
        self.subnet = "10.%d.%d" % (random.randrange(200, 250), random.randrange(1, 250))
        self.server_ip, self.worker_ip = self.subnet + ".1", self.subnet + ".2"
        self.created = []
        try:
            for ns in (self.server_ns, self.worker_ns):
                _sh("ip", "netns", "add", ns)
                self.created.append(ns)
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            self.close()
            pytest.skip("network namespaces not available: %s" % getattr(error, "stderr", error))
        veth_s, veth_w = "vs" + tag, "vw" + tag
        _sh("ip", "link", "add", veth_s, "netns", self.server_ns, "type", "veth", "peer", "name", veth_w,
            "netns", self.worker_ns)
        for ns, dev, ip in ((self.server_ns, veth_s, self.server_ip), (self.worker_ns, veth_w, self.worker_ip)):
            self.run_in(ns, "ip", "link", "set", "lo", "up")
            self.run_in(ns, "ip", "addr", "add", ip + "/24", "broadcast", self.subnet + ".255", "dev", dev)
            self.run_in(ns, "ip", "link", "set", dev, "up")
        # A render node has a default route; the limited broadcast 255.255.255.255 goes out there.
        self.run_in(self.worker_ns, "ip", "route", "add", "default", "dev", veth_w)

    def run_in(self, ns, *args):
        return _sh("ip", "netns", "exec", ns, *args)

    def wrapper(self, ns):
        return ["ip", "netns", "exec", ns]

    def close(self):
        for ns in self.created:
            _sh("ip", "netns", "del", ns, check=False)
        self.created = []


@pytest.fixture
def network_pair():
    if os.geteuid() != 0:
        pytest.skip("needs root for network namespaces")
    pair = NetworkPair()
    yield pair
    pair.close()


def _post_in(pair, ns, url, form):
    """An HTTP form POST made from inside a namespace (the test itself stays outside)."""
    code = ("import sys, urllib.request, urllib.parse, json; "
            "d = urllib.parse.urlencode(json.loads(sys.argv[2])).encode(); "
            "print(urllib.request.urlopen(sys.argv[1], data=d, timeout=10).read().decode())")
    return pair.run_in(ns, "python3", "-c", code, url, json.dumps(form)).stdout


def test_discovery_by_real_broadcast_between_namespaces(network_pair, tmp_path):
    pair = network_pair
    data = tmp_path / "srv"
    data.mkdir()
    (data / "coalition.ini").write_text("[server]\ntimeout=60\n")
    out = open(str(tmp_path / "server.out"), "wb")
    # Default port 19211 on every address of its own namespace: nothing outside can reach it.
    server = subprocess.Popen(pair.wrapper(pair.server_ns) + [BIN, "server", "--host", "0.0.0.0",
                                                               "--web-root", WEB_ROOT],
                              cwd=str(data), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              start_new_session=True)
    out.close()
    _PROCESSES.append(server)
    url = "http://%s:19211" % pair.server_ip
    try:
        wait_until(lambda: _try_post(pair, url + "/json/getworkers", {}), timeout=30, what="server in namespace")
        job_id = int(_post_in(pair, pair.server_ns, url + "/json/addjob",
                              {"title": "bcast", "cmd": "echo over-broadcast", "retry": "1"}))
        # No URL, default broadcast address and port: exactly what a render node does.
        worker = WorkerProcess(tmp_path / "node", None, name="nsw", wrapper=pair.wrapper(pair.worker_ns))
        try:
            wait_until(lambda: "over-broadcast" in _get_log_in(pair, url, job_id), timeout=30,
                       what="the job to run on the namespaced worker")
            assert "Server found at %s" % url in worker.output()
            table = json.loads(_post_in(pair, pair.server_ns, url + "/json/getworkers", {}))
            rows = {row[0]: dict(zip(table["Vars"], row)) for row in table["Workers"]}
            assert rows["nsw-1"]["IP"] == pair.worker_ip
        finally:
            worker.stop()
    finally:
        stop_process(server)


def _try_post(pair, url, form):
    try:
        return _post_in(pair, pair.server_ns, url, form)
    except subprocess.CalledProcessError:
        return None


def _get_log_in(pair, url, job_id):
    text = _try_post(pair, url + "/json/getlog", {"id": job_id})
    return json.loads(text) if text else ""
