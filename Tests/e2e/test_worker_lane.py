"""End to end: the worker protocol's hot calls (heartbeat, pickjob, endjob) are answered on
the connection's event loop, the rest by the router. On one keep-alive connection, answers
must leave in request order whichever path serves them, with the router's headers, and a
body over the limit is refused without closing the connection."""
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
              get("/json/addjob?title=pipelined&cmd=echo+hi"),
              post("/workers/pickjob", "hostname=lane-b"),
              post("/workers/endjob", "hostname=lane-b&jobId=1&errorCode=0"))
    answers = [conn.answer() for _ in range(6)]
    assert [a[0] for a in answers] == [200] * 6, answers
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
