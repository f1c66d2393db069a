"""Heartbeats that say where their chunk starts in the run's output (`logOffset`,
docs/worker.md): the server keeps each byte of a run once, whatever a worker sends again.
Heartbeats without the field (the original worker) are appended whole, as before."""
import base64

import pytest


def b64(data):
    return base64.b64encode(data).decode()


def start_run(server, worker="n-1"):
    job_id = int(server.get("/json/addjob", {"title": "t", "cmd": "x"}).text)
    assert server.post("/workers/pickjob", {"hostname": worker}).text.startswith("%d," % job_id)
    return job_id


def beat(server, job_id, data, offset=None, worker="n-1"):
    form = {"hostname": worker, "jobId": job_id, "log": b64(data), "load": "[0]"}
    if offset is not None:
        form["logOffset"] = offset
    return server.post("/workers/heartbeat", form).text


def log_bytes(server, job_id):
    with open(server.path("logs", "%d.log" % job_id), "rb") as f:
        return f.read()


def test_the_same_chunk_at_the_same_offset_is_logged_once(server):
    job_id = start_run(server)
    chunk = b"* START\nline 1\nline 2\n"
    assert beat(server, job_id, chunk, 0) == "true"
    # The worker was killed after this answer, before it recorded it: its successor sends again.
    assert beat(server, job_id, chunk, 0) == "true"
    assert beat(server, job_id, b"line 3\n", len(chunk)) == "true"
    assert log_bytes(server, job_id) == chunk + b"line 3\n"


def test_a_resend_with_new_output_keeps_only_the_new_part(server):
    job_id = start_run(server)
    assert beat(server, job_id, b"line 1\nline 2\n", 0) == "true"
    assert beat(server, job_id, b"line 2\nline 3\n", 7) == "true"
    assert beat(server, job_id, b"", 21) == "true"
    assert beat(server, job_id, b"line 1\n", 0) == "true"
    assert log_bytes(server, job_id) == b"line 1\nline 2\nline 3\n"


def test_heartbeats_without_offset_append_everything_as_before(server):
    job_id = start_run(server)
    chunk = b"line 1\n"
    assert beat(server, job_id, chunk) == "true"
    assert beat(server, job_id, chunk) == "true"
    assert log_bytes(server, job_id) == chunk + chunk


@pytest.mark.parametrize("offset", ["", "-3", "x", "1.5"])
def test_an_unusable_offset_is_no_offset(server, offset):
    job_id = start_run(server)
    assert beat(server, job_id, b"a\n", offset) == "true"
    assert beat(server, job_id, b"a\n", offset) == "true"
    assert log_bytes(server, job_id) == b"a\na\n"


def test_an_offset_past_what_the_server_has_is_appended_whole(server):
    job_id = start_run(server)
    assert beat(server, job_id, b"a\n", 0) == "true"
    assert beat(server, job_id, b"z\n", 100) == "true"
    assert beat(server, job_id, b"z\n!\n", 100) == "true"
    assert log_bytes(server, job_id) == b"a\nz\n!\n"


def test_another_workers_numbered_chunk_is_refused_and_not_logged(server):
    job_id = start_run(server)
    assert beat(server, job_id, b"mine\n", 0) == "true"
    assert beat(server, job_id, b"theirs\n", 5, worker="other-1") == "false"
    assert log_bytes(server, job_id) == b"mine\n"


def test_a_new_run_counts_from_zero(server):
    job_id = start_run(server)
    assert beat(server, job_id, b"run 1\n", 0) == "true"
    assert server.post("/workers/endjob", {"hostname": "n-1", "jobId": job_id, "errorCode": "0"}).text == "1"
    server.get("/json/resetjobs", {"id": job_id})  # deletes the log too
    assert server.post("/workers/pickjob", {"hostname": "n-1"}).text.startswith("%d," % job_id)
    assert beat(server, job_id, b"run 2\n", 0) == "true"
    assert log_bytes(server, job_id) == b"run 2\n"


def test_the_count_survives_a_kill9_of_the_server(server):
    job_id = start_run(server)
    assert beat(server, job_id, b"a\n", 0) == "true"
    assert beat(server, job_id, b"b\n", 2) == "true"
    assert beat(server, job_id, b"c\n", 4) == "true"
    assert server.kill9() == -9
    server.start(keep_port=True)
    # Everything before the last chunk's start is known from the journal and dropped.
    assert beat(server, job_id, b"a\nb\n", 0) == "true"
    assert beat(server, job_id, b"d\n", 6) == "true"
    assert log_bytes(server, job_id) == b"a\nb\nc\nd\n"
