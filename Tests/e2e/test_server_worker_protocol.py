"""The /workers protocol as the original Python 2 worker reads it."""
import ast
import os
import shutil
import subprocess

import pytest

PY2 = os.environ.get("COALITION_PY2", "/root/.pyenv/versions/2.7.18/bin/python")


def py3_bytes_eval(answer):
    """Evaluate like Python 2 would: each string literal gives the bytes it spells."""
    value = ast.literal_eval(answer.decode("ascii"))
    return tuple(v.encode("latin-1") if isinstance(v, str) else v for v in value)


COMMANDS = ["echo 'single' \"double\"", "back\\slash \\n", "two\nlines\ttab\r", "caf\u00e9 \u20ac \u65e5\u672c",
            "\x01\x7f control"]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_pickjob_literal_round_trips(server, cmd):
    r = server.get("/json/addjob", {"title": "t", "cmd": cmd, "dir": "/tmp/d\u00e9j\u00e0 'vu'", "user": "al'ice",
                                    "env": "A=1\\nB=x y"})
    jid = int(r.text)
    answer = server.post("/workers/pickjob", {"hostname": "n-1", "load": "[3]"}).body
    assert b"\n" not in answer and all(b < 0x80 for b in answer), "pure ASCII, one line"
    value = py3_bytes_eval(answer)
    assert value == (jid, cmd.encode(), "/tmp/d\u00e9j\u00e0 'vu'".encode(), b"al'ice", b"A=1\\nB=x y")


def test_no_job_answer_is_exact(server):
    assert server.post("/workers/pickjob", {"hostname": "idle-1"}).body == b'-1,"","","",None'


@pytest.mark.skipif(not os.path.exists(PY2), reason="Python 2.7 not installed")
def test_python2_eval_as_the_original_worker(server):
    cmd = "echo \"it's\" \u00e9\n\\"
    jid = int(server.get("/json/addjob", {"title": "t", "cmd": cmd}).text)
    answer = server.post("/workers/pickjob", {"hostname": "n-1"}).body
    script = ("import sys\nv = eval(sys.stdin.read())\nid, c, d, u, e = v\n"
              "sys.stdout.write(repr((id, c, d, u, e)))\n")
    out = subprocess.run([PY2, "-c", script], input=answer, stdout=subprocess.PIPE, check=True).stdout
    assert out.decode() == repr((jid, cmd.encode(), b".", b"", None)).replace("b'", "'").replace('b"', '"')


def test_heartbeat_log_and_progress(server):
    jid = int(server.get("/json/addjob", {"title": "t", "cmd": "x"}).text)
    server.post("/workers/pickjob", {"hostname": "n-1"})
    import base64
    chunk = base64.b64encode(b"frame 1\nPROGRESS:42\n\xff\xfe raw\n").decode()
    assert server.post("/workers/heartbeat", {"hostname": "n-1", "jobId": jid, "log": chunk}).text == "true"
    with open(server.path("logs", "%d.log" % jid), "rb") as f:
        assert f.read() == b"frame 1\n\n\xff\xfe raw\n"
    import json
    row = json.loads(server.get("/json/getjobs").body)["Jobs"][0]
    assert row[23] == pytest.approx(0.42)
    assert json.loads(server.get("/json/getlog", {"id": jid}).body) == "frame 1\n\n\ufffd\ufffd raw\n"
