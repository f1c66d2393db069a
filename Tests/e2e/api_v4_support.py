"""Helpers for the v4 `/api/` tests: JSON requests as v4's api/coalition.py sends them."""

import json


def call(server, method, path, body=None, params=None):
    """Sends `body` as JSON (raw bytes when given bytes); answers (status, decoded JSON)."""
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    answer = server.request(method, path, params=params, body=data,
                            headers={"Content-Type": "application/json"} if data is not None else None)
    try:
        value = json.loads(answer.text) if answer.body else None
    except ValueError:
        raise AssertionError("not JSON: %r" % answer)
    return answer.status, value


def ok(server, method, path, body=None, params=None):
    status, value = call(server, method, path, body, params)
    assert status == 200, (status, value)
    return value


def add(server, **fields):
    job_id = ok(server, "PUT", "/api/jobs", fields)
    assert isinstance(job_id, int) and job_id > 0, job_id
    return job_id


def get_job(server, job_id):
    return ok(server, "GET", "/api/jobs/%d" % job_id)


def refused(server, method, path, body=None, params=None, status=400):
    """Asserts a one-line JSON error with `status`."""
    got, value = call(server, method, path, body, params)
    assert got == status, (got, value)
    assert isinstance(value, dict) and isinstance(value.get("error"), str) and "\n" not in value["error"], value
    return value["error"]


def snapshot(server):
    """Everything a client can see, to prove a refused request changed nothing."""
    return (server.get("/json/getjobs", params={"id": 0}).text,
            [server.get("/json/getjobs", params={"id": j["id"]}).text for j in ok(server, "GET", "/api/jobs")],
            server.get("/json/getworkers").text)
