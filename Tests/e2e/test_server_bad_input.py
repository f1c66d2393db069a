"""Bad input gets a clear error and changes nothing; the server never answers 5xx."""
import base64
import json
import socket

from conftest import HOST


def add(server, **params):
    r = server.get("/json/addjob", params)
    assert r.status == 200, r
    return int(r.text)


def snapshot(server):
    return server.get("/json/getjobs").body


def test_non_numeric_and_huge_ids_are_skipped(server):
    a = add(server, title="a", cmd="x")
    before = snapshot(server)
    for action in ("clearjobs", "resetjobs", "pausejobs", "startjobs", "reseterrorjobs"):
        for bad in ("abc", "1.5", "", "99999999999999999999999", "-1", "1e3", "0x1"):
            r = server.get("/json/" + action, {"id": bad})
            assert r.status == 200 and r.text == "1", (action, bad, r)
    assert snapshot(server) == before
    r = server.get("/json/movejobs", {"id": a, "dest": "nowhere"})
    assert r.text == "1" and snapshot(server) == before
    assert server.get("/json/getlog", {"id": "abc"}).text == '""'
    table = json.loads(server.get("/json/getjobs", {"id": "999999999999999999999"}).body)
    assert table["Parents"] == [{"ID": 0, "Title": "Root"}]


def test_addjob_bad_numbers_create_nothing(server):
    for field, value in (("priority", "high"), ("retry", "1h"), ("timeout", "99999999999999999999999")):
        r = server.get("/json/addjob", {"title": "bad", field: value})
        assert r.text == "-1", (field, r)
    assert json.loads(snapshot(server))["Jobs"] == []
    assert server.get("/json/addjob", {"parent": "999"}).text == "-1"


def test_thousands_of_repeated_ids(server):
    ids = [add(server, title="j%d" % i) for i in range(5)]
    params = [("id", str(i)) for i in range(1, 3001)]
    r = server.request("POST", "/json/pausejobs", form=params)
    assert r.text == "1"
    states = {row[0]: row[4] for row in json.loads(snapshot(server))["Jobs"]}
    assert all(states[i] == "PAUSED" for i in ids)


def test_invalid_utf8_parameters_keep_json_valid(server):
    r = server.request("GET", "/json/addjob?title=%FF%FEbad%C3", headers={})
    assert r.status == 200
    json.loads(snapshot(server))  # still strict JSON


def test_worker_calls_with_garbage(server):
    jid = add(server, title="w", cmd="x")
    picked = server.post("/workers/pickjob", {"hostname": "w1", "load": "__import__('os')", "freeMemory": "lots"})
    assert picked.status == 200 and picked.text.startswith("%d," % jid)
    workers = json.loads(server.get("/json/getworkers").body)["Workers"]
    assert workers[0][7] == [0], "load that is not a list of numbers is stored as [0]"
    # invalid base64: the heartbeat still answers true and the job keeps running
    for bad in ("!!!notbase64", "abc=def", "a"):
        r = server.post("/workers/heartbeat", {"hostname": "w1", "jobId": jid, "log": bad})
        assert r.status == 200 and r.text == "true", (bad, r)
    # a '+' turned into a space by bad URL encoding is mapped back
    text = b"\xfb\xef\xbe output\n"
    encoded = base64.b64encode(text).decode().replace("+", " ")
    r = server.post("/workers/heartbeat", {"hostname": "w1", "jobId": jid, "log": encoded})
    assert r.text == "true"
    with open(server.path("logs", "%d.log" % jid), "rb") as f:
        assert f.read() == text
    for code in ("boom", ""):
        assert server.post("/workers/endjob", {"hostname": "w1", "jobId": jid, "errorCode": code}).text == "1"
    assert json.loads(snapshot(server))["Jobs"][0][4] == "WORKING"
    assert server.post("/workers/endjob", {"hostname": "w1", "errorCode": "0"}).text == "1"
    assert json.loads(snapshot(server))["Jobs"][0][4] == "WORKING", "endjob without jobId changes nothing"
    assert server.post("/workers/heartbeat", {"hostname": "stranger", "jobId": jid, "log": "eA=="}).text == "false"
    assert server.post("/workers/pickjob", {}).status == 200


def test_static_paths_are_confined(server):
    with open(server.path("coalition.ini")) as f:
        secret = f.read()
    for path in ("/../coalition.ini", "/%2e%2e/coalition.ini", "/..%2fcoalition.ini", "/%2e%2e%2fcoalition.ini",
                 "/..\\coalition.ini", "//etc/passwd", "/%00index.html", "/./index.html",
                 "/logs/1.log", "/master_db", "/%252e%252e/coalition.ini"):
        sock = socket.create_connection((HOST, server.port), timeout=5)
        sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        status = int(data.split(b" ", 2)[1])
        assert 400 <= status < 500, (path, data[:200])
        assert secret.encode() not in data
    assert server.get("/").status == 200


def test_oversized_body_is_refused_without_change(server_factory):
    server = server_factory(ini={"maxbodysize": 1})
    big = "x" * (2 << 20)
    r = server.request("POST", "/json/addjob", form={"title": big})
    assert r.status == 413
    assert json.loads(server.get("/json/getjobs").body)["Jobs"] == []
    r = server.post("/workers/heartbeat", {"hostname": "w", "jobId": "1", "log": big})
    assert r.status == 413


def test_unknown_endpoint_is_404(server):
    assert server.get("/json/nosuchthing").status == 404
    assert server.get("/workers/nosuchthing").status == 404


def test_udp_discovery_answers_everything(server):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(3)
    try:
        for payload in (b"coalition", b"", b"\x00\xff" * 10, b"y" * 5000):
            sock.sendto(payload, (HOST, server.port))
            data, addr = sock.recvfrom(64)
            assert data == b"roxor" and addr[1] == server.port
    finally:
        sock.close()


def test_concurrent_addjobs_each_get_their_own_id(server):
    import threading
    results = []
    lock = threading.Lock()

    def client(n):
        mine = []
        for i in range(100):
            r = server.get("/json/addjob", {"title": "c%d-%d" % (n, i), "cmd": "x"})
            assert r.status == 200
            mine.append(int(r.text))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 800 and len(set(results)) == 800
    assert sorted(results) == list(range(1, 801))
    rows = json.loads(server.get("/json/getjobs").body)["Jobs"]
    assert len(rows) == 800


def test_hundreds_of_simultaneous_connections(server):
    socks = []
    try:
        for _ in range(300):
            socks.append(socket.create_connection((HOST, server.port), timeout=10))
        for s in socks:
            s.sendall(b"GET /json/getworkers HTTP/1.1\r\nHost: x\r\n\r\n")
        for s in socks:
            assert s.recv(12).startswith(b"HTTP/1.1 200")
    finally:
        for s in socks:
            s.close()
