"""E-mail notifications through a real SMTP server (aiosmtpd) on 127.0.0.1."""
import base64
import time

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.handlers import Message  # noqa: E402

from conftest import free_port  # noqa: E402


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def wait_for_mail(inbox, count, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(inbox.messages) < count:
        time.sleep(0.05)
    return inbox.messages


def run(server, worker, code):
    answer = server.post("/workers/pickjob", {"hostname": worker}).text
    jid = int(answer.split(",")[0])
    server.post("/workers/endjob", {"hostname": worker, "jobId": jid, "errorCode": code})
    return jid


def test_finished_and_error_mails_reach_the_user(server_factory, smtp):
    inbox, port = smtp
    server = server_factory(ini={"smtphost": "127.0.0.1", "smtpport": port, "smtptls": 0,
                                 "smtpsender": "farm@example.com"})
    ok = int(server.get("/json/addjob", {"title": "comp v3", "cmd": "x", "user": "alice@example.com"}).text)
    bad = int(server.get("/json/addjob", {"title": "fx", "cmd": "y", "user": "bob@example.com", "retry": 1}).text)
    silent = int(server.get("/json/addjob", {"title": "nobody", "cmd": "z"}).text)
    assert run(server, "n-1", 0) == ok
    assert run(server, "n-1", 2) == bad
    assert run(server, "n-1", 0) == silent
    messages = wait_for_mail(inbox, 2)
    got = sorted((m["To"], m["Subject"], m["From"]) for m in messages)
    assert got == [("alice@example.com", "The job comp v3 (%d) is FINISHED." % ok, "farm@example.com"),
                   ("bob@example.com", "ERRORS in job fx (%d)." % bad, "farm@example.com")]
    assert messages[0].get_payload().strip() == messages[0]["Subject"]
    time.sleep(0.5)
    assert len(inbox.messages) == 2, "a job without user sends nothing"


def test_unreachable_smtp_server_never_disturbs_the_farm(server_factory):
    server = server_factory(ini={"smtphost": "127.0.0.1", "smtpport": free_port(), "smtptls": 0})
    jid = int(server.get("/json/addjob", {"title": "t", "cmd": "x", "user": "carol@example.com"}).text)
    assert run(server, "n-1", 0) == jid
    rows = server.get("/json/getjobs").text
    assert '"FINISHED"' in rows
    deadline = time.monotonic() + 10
    while "mail to carol@example.com failed" not in server.output() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "mail to carol@example.com failed" in server.output()
