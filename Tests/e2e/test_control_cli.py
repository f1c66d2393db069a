"""`coalition control` command line: help, server selection, discovery, errors."""
import socket

import pytest

from conftest import free_port
from test_control_support import Farm, control, fails, ok


def test_help_has_actions_options_and_examples():
    for flag in ("--help", "-h"):
        r = control(flag)
        assert r.code == 0 and r.err == ""
        assert r.out.startswith("Usage: coalition control")
        for word in ("add", "worker-affinity", "reset-errors", "--localprogress", "--json", "Examples:",
                     "COALITION_SERVER", "12 15 20-30"):
            assert word in r.out
    assert control("http://x:1", "add", "--help").code == 0     # help wins, nothing is sent
    assert control("help").out.startswith("Usage:")


def test_server_from_environment(server):
    r = ok("add", "-t", "from env", env={"COALITION_SERVER": server.url})
    assert r.out == "1\n"
    assert Farm(server).job(1)["Title"] == "from env"
    # host:port without scheme, as control.py accepted after stripping http://
    assert ok("127.0.0.1:%d" % server.port, "list", "--json").json()["Jobs"][0]["ID"] == 1


def test_discovery(server):
    r = ok("--discover", "--discovery-port", server.port, "--broadcast", "127.0.0.1", "add", "-t", "found")
    assert r.out == "1\n"
    assert Farm(server).job(1)["Title"] == "found"


def test_discovery_without_server_fails():
    port = free_port()
    r = fails(1, "--discover", "--discovery-port", port, "--broadcast", "127.0.0.1", "list", timeout=30)
    assert "discovery failed" in r.err


def test_unreachable_server():
    port = free_port()
    r = fails(1, "http://127.0.0.1:%d" % port, "list")
    assert "cannot reach the server" in r.err
    fails(1, "http://127.0.0.1:%d" % port, "add", "-c", "true")


def test_not_a_coalition_server():
    """Something that answers HTTP but not the Coalition API."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    import threading

    def answer():
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        conn.close()
    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    r = fails(1, "http://127.0.0.1:%d" % port, "workers")
    assert "not valid JSON" in r.err
    listener.close()


@pytest.mark.parametrize("args, text", [
    ([], "missing ACTION"),
    (["http://127.0.0.1:1"], "missing ACTION"),
    (["http://127.0.0.1:1", "launch"], "unknown action 'launch'"),
    (["list"], "no server given"),
    (["http://127.0.0.1:1", "list", "--bogus"], "unknown option '--bogus'"),
    (["http://127.0.0.1:1", "list", "-x"], "unknown option '-x'"),
    (["http://127.0.0.1:1", "add", "-t"], "needs a value"),
    (["http://127.0.0.1:1", "list", "--to", "3"], "does not apply"),
    (["http://127.0.0.1:1", "workers", "--json=yes"], "does not take a value"),
    (["http://127.0.0.1:1", "list", "--discover"], "cannot be combined"),
    (["--discovery-port", "80", "list"], "only apply with --discover"),
    (["--discover", "--discovery-port", "0", "list"], "--discovery-port"),
    (["--discover", "--broadcast", "farm", "list"], "--broadcast"),
    (["ftp://x", "list"], "invalid server URL"),
])
def test_usage_errors(args, text):
    r = fails(2, *args)
    assert text in r.err


def test_original_options_are_accepted_everywhere(server):
    """control.py accepted its options with any action; scripts rely on it."""
    Farm(server).add(title="a")
    r = control("-c", "unused", "-t", "unused", "-v", server.url, "list", "--json", "-s", "1", "-e", "2")
    # stderr carries the -v request trace; stdout stays clean JSON
    assert r.code == 0, r
    assert r.json()["Jobs"][0]["Title"] == "a"


def test_verbose_traces_requests_on_stderr(server):
    r = control("--verbose=1", server.url, "add", "-t", "x y")
    assert r.code == 0 and r.out == "1\n"
    assert "GET %s/json/addjob?parent=0&title=x+y&cmd=&dir=.&priority=1000&retry=10&timeout=0" % server.url in r.err
    assert "localprogress" not in r.err and "None" not in r.err
