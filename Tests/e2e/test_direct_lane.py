"""End to end: the direct lane answers the worker protocol's hot calls (heartbeat, pickjob,
endjob), addjob and web UI files it has seen served on the connection's event loop, the
rest goes to the router. On one keep-alive connection, answers must leave in request order
whichever path serves them, with the router's headers; a body over the limit is refused
without closing the connection; a changed file is never answered from the cache."""
import json
import socket

HEADERS = ("content-type", "cache-control", "content-length", "date")


class Connection:
    def __init__(self, server):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        self.buffer = b""

    def send(self, *requests):
        self.sock.sendall(b"".join(requests))

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buffer += chunk

    def answer(self):
        """(status, headers, body) of the next answer on the connection."""
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def answer_head_only(self):
        """(status, headers, b"") of an answer without a body (304)."""
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = dict((l.split(":", 1)[0].strip().lower(), l.split(":", 1)[1].strip()) for l in lines[1:])
        return int(lines[0].split()[1]), headers, b""

    def closed(self):
        try:
            self._fill()
        except (EOFError, ConnectionResetError):
            return True
        return False

    def close(self):
        self.sock.close()


def get(path, extra=""):
    return ("GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (path, extra)).encode()


def post(path, body, extra=""):
    data = body.encode() if isinstance(body, str) else body
    return ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\n%s\r\n" % (path, len(data), extra)).encode() + data


def test_pipelined_answers_keep_request_order_across_both_paths(server):
    conn = Connection(server)
    # One write: lane, router, lane, router (adds the job), lane (must see that job).
    conn.send(post("/workers/heartbeat", "hostname=lane-a"),
              get("/json/getworkers"),
              get("/workers/pickjob?hostname=lane-a"),
              get("/index.html"),
              get("/json/addjob?title=pipelined&cmd=echo+hi"),
              get("/index.html"),
              post("/workers/pickjob", "hostname=lane-b"),
              post("/workers/endjob", "hostname=lane-b&jobId=1&errorCode=0"))
    answers = [conn.answer() for _ in range(8)]
    assert [a[0] for a in answers] == [200] * 8, answers
    pages = [answers.pop(5), answers.pop(3)]
    assert pages[0][2] == pages[1][2] and pages[0][2].lower().startswith(b"<!doctype html>")
    bodies = [a[2].decode() for a in answers]
    assert bodies[0] == "false"
    assert "lane-a" in bodies[1] and "lane-b" not in bodies[1]
    assert bodies[2].startswith("-1,")
    assert bodies[3] == "1"
    assert bodies[4].startswith("1,'echo hi',"), bodies[4]
    assert bodies[5] == "1"
    rows = json.loads(server.get("/json/getjobs", params={"id": 0}).text)
    job = dict(zip(rows["Vars"], rows["Jobs"][0]))
    assert job["State"] == "FINISHED" and job["Worker"] == "lane-b"
    conn.close()


def test_lane_answers_carry_the_routers_headers(server):
    conn = Connection(server)
    # PUT is not claimed by the lane: the router answers the same call.
    conn.send(post("/workers/heartbeat", "hostname=h"),
              post("/workers/heartbeat", "hostname=h").replace(b"POST", b"PUT", 1))
    lane, router = conn.answer(), conn.answer()
    assert lane[0] == router[0] == 200 and lane[2] == router[2] == b"false"
    for name in HEADERS:
        assert name in lane[1] and name in router[1], (lane[1], router[1])
        if name != "date":
            assert lane[1][name] == router[1][name]
    assert set(lane[1]) == set(router[1])
    conn.close()


def test_connection_close_is_answered_then_closed(server):
    conn = Connection(server)
    conn.send(post("/workers/heartbeat", "hostname=c", extra="Connection: close\r\n"))
    status, _, body = conn.answer()
    assert status == 200 and body == b"false"
    assert conn.closed()


def test_body_over_the_limit_is_refused_and_the_connection_serves_on(server_factory):
    server = server_factory(ini={"maxbodysize": 1})
    conn = Connection(server)
    big = "hostname=big&log=" + "A" * (1 << 20) + "&x=1"
    conn.send(post("/workers/heartbeat", big), post("/workers/heartbeat", "hostname=small"))
    status, _, body = conn.answer()
    assert status == 413, (status, body)
    status, _, body = conn.answer()
    assert status == 200 and body == b"false"
    names = [w[0] for w in json.loads(server.get("/json/getworkers").text)["Workers"]]
    assert names == ["small"], names
    conn.close()


def static_server(server_factory, monkeypatch, tmp_path):
    import conftest
    root = tmp_path / "web"
    root.mkdir()
    (root / "page.txt").write_text("first version\n" * 100)
    (root / "index.html").write_text("<html>index</html>\n")
    monkeypatch.setattr(conftest, "WEB_ROOT", str(root))
    return server_factory(), root


def test_static_files_answer_the_same_from_the_cache_and_follow_changes(server_factory, monkeypatch, tmp_path):
    server, root = static_server(server_factory, monkeypatch, tmp_path)
    conn = Connection(server)
    conn.send(get("/page.txt"), get("/page.txt?v=2"), get("/page.txt"))
    first, second, third = conn.answer(), conn.answer(), conn.answer()
    for answer in (first, second, third):
        assert answer[0] == 200 and answer[2] == b"first version\n" * 100
    for name in ("etag", "last-modified", "content-type", "cache-control", "accept-ranges", "content-length"):
        assert first[1][name] == second[1][name] == third[1][name], name
    assert set(first[1]) == set(third[1])

    # A changed file (new size and time) is read again, with its new ETag.
    (root / "page.txt").write_text("second\n")
    conn.send(get("/page.txt"))
    status, headers, body = conn.answer()
    assert status == 200 and body == b"second\n"
    assert headers["etag"] != first[1]["etag"]

    # Conditions and ranges still get the router's answers.
    conn.send(get("/page.txt", extra="If-None-Match: %s\r\n" % headers["etag"]))
    status, _, body = conn.answer_head_only()
    assert status == 304 and body == b""
    conn.send(get("/page.txt", extra="Range: bytes=0-2\r\n"))
    status, headers, body = conn.answer()
    assert status == 206 and body == b"sec"
    conn.close()


def test_a_removed_file_is_not_answered_from_the_cache(server_factory, monkeypatch, tmp_path):
    server, root = static_server(server_factory, monkeypatch, tmp_path)
    assert server.get("/page.txt").status == 200
    assert server.get("/page.txt").status == 200
    (root / "page.txt").unlink()
    assert server.get("/page.txt").status == 404
