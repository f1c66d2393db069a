"""`/json/events` (pushed changes) and `getlog?offset=` against the real server."""
import json
import os
import resource
import socket
import time

import pytest

from live_support import EventClient
from test_xmlrpc_support import proxy
from webui_helpers import FormWorker, add_job


def test_stream_headers_and_first_event(server):
    c = EventClient(server.port)
    head = c.read_head()
    assert " 200 " in head.splitlines()[0]
    assert "content-type: text/event-stream" in head.lower()
    eid, data = c.next_event()
    assert data == {"jobs": [], "workers": [], "totals": False, "all": False, "reload": False}
    assert eid and "-" in eid
    c.close()


def test_a_change_is_pushed_within_a_second(server):
    c = EventClient(server.port)
    c.next_event()
    t0 = time.monotonic()
    jid = add_job(server, title="pushed", cmd="true")
    got = c.events_until(lambda ev, _: jid in ev[1]["jobs"], timeout=2)
    assert time.monotonic() - t0 < 1.0
    assert 0 in got[-1][1]["jobs"] and got[-1][1]["totals"]   # the parent's totals follow
    fw = FormWorker(server, "push-1")
    assert fw.pick() == jid
    got = c.events_until(lambda ev, _: "push-1" in ev[1]["workers"], timeout=2)
    assert jid in got[-1][1]["jobs"]
    c.close()


def _named(ev, jobs=(), workers=()):
    return set(jobs) <= set(ev[1]["jobs"]) and set(workers) <= set(ev[1]["workers"])


def test_xmlrpc_changes_are_pushed(server):
    c = EventClient(server.port)
    c.next_event()
    s = proxy(server)
    group = s.addjob(0, "xgroup", "", ".", 1000, 10, 0, "", [])
    leaf = s.addjob(group, "xleaf", "true", ".", 1000, 10, 0, "", [])
    c.events_until(lambda ev, _: _named(ev, [0, group, leaf]), timeout=2)
    w = proxy(server, "/workers")
    assert w.pickjob("xrpc-1", [0.0, 0.0, 0.0])[0] == leaf
    c.events_until(lambda ev, _: _named(ev, [0, group, leaf], ["xrpc-1"]) and ev[1]["totals"], timeout=2)
    assert w.endjob("xrpc-1", leaf, 0) == 1
    c.events_until(lambda ev, _: _named(ev, [0, group, leaf], ["xrpc-1"]), timeout=2)
    assert s.clearjobs(group) == 1
    c.events_until(lambda ev, _: _named(ev, [0, group]), timeout=2)
    c.close()


def test_moving_a_job_names_its_old_folder(server):
    a = add_job(server, title="a", cmd="")
    b = add_job(server, title="b", cmd="")
    inner = add_job(server, title="inner", cmd="", parent=str(a))
    leaf = add_job(server, title="leaf", cmd="true", parent=str(inner))
    c = EventClient(server.port)
    c.next_event()
    assert server.post("/json/movejobs", form={"id": str(leaf), "dest": str(b)}).text == "1"
    got = c.events_until(lambda ev, _: _named(ev, [leaf, b]), timeout=2)
    assert {0, a, inner} <= set(got[-1][1]["jobs"])
    c.close()


def test_the_timeout_pass_is_pushed(server_factory):
    server = server_factory(ini={"timeout": 1})
    jid = add_job(server, title="silent", cmd="true")
    fw = FormWorker(server, "silent-1")
    assert fw.pick() == jid
    c = EventClient(server.port)
    c.next_event()
    # The worker goes silent past its 1 s timeout; the next request runs the timeout pass.
    time.sleep(1.5)
    server.get("/json/getworkers")
    got = c.events_until(lambda ev, _: _named(ev, [0, jid], ["silent-1"]), timeout=3)
    assert got[-1][1]["totals"]
    jobs = server.get("/json/getjobs").text
    assert "WAITING" in jobs or "ERROR" in jobs
    c.close()


def test_a_burst_of_10000_addjobs_is_coalesced(server):
    c = EventClient(server.port)
    c.next_event()
    import concurrent.futures
    import urllib.request
    url = server.url + "/json/addjob"

    def add(n):
        body = ("title=b%d&cmd=true" % n).encode()
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=30) as r:
            return int(r.read())

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(add, range(10000)))
    elapsed = time.monotonic() - t0
    assert len(set(ids)) == 10000 and min(ids) > 0
    # Read until the stream has been quiet for a second: everything was announced by then.
    named, count, saw_all = set(), 0, False
    while True:
        try:
            ev = c.next_event(timeout=1.0)
        except AssertionError:
            break
        count += 1
        named.update(ev[1]["jobs"])
        saw_all = saw_all or ev[1]["all"]
    # Either every id was named, or the part of the burst too large to list was announced as "all".
    assert saw_all or set(ids) <= named
    # At most one event per flush (about 150 ms), not one per change.
    assert count <= elapsed / 0.1 + 5, (count, elapsed)
    print("10000 addjobs in %.2fs -> %d events" % (elapsed, count))
    c.close()


def test_reconnection_replays_or_reloads(server):
    c = EventClient(server.port)
    first_id, _ = c.next_event()
    c.close()
    a = add_job(server, title="missed 1", cmd="true")
    time.sleep(0.4)
    b = add_job(server, title="missed 2", cmd="true")
    time.sleep(0.4)
    r = EventClient(server.port, last_event_id=first_id)
    got = r.events_until(lambda ev, _: b in ev[1]["jobs"], timeout=3)
    assert any(a in ev[1]["jobs"] for ev in got)
    assert not any(ev[1]["reload"] for ev in got)
    r.close()
    for stale in ["garbage", first_id.rsplit("-", 1)[0] + "-999999", "0000-1"]:
        s = EventClient(server.port, last_event_id=stale)
        _, data = s.next_event()
        assert data["reload"] is True, stale
        s.close()
    # After a restart, an id of the previous run is answered with a reload.
    server.restart()
    s = EventClient(server.port, last_event_id=first_id)
    _, data = s.next_event()
    assert data["reload"] is True
    s.close()


def _server_rss_kib(server):
    with open("/proc/%d/status" % server.proc.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _server_cpu_seconds(server):
    with open("/proc/%d/stat" % server.proc.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_1000_idle_subscribers_stay_cheap(server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    rss0 = _server_rss_kib(server)
    clients = []
    try:
        for _ in range(1000):
            c = EventClient(server.port)
            clients.append(c)
        for c in clients:
            c.next_event(timeout=10)
        cpu0 = _server_cpu_seconds(server)
        time.sleep(3)
        idle_cpu = (_server_cpu_seconds(server) - cpu0) / 3
        rss = _server_rss_kib(server)
        # Every subscriber hears about a change.
        jid = add_job(server, title="to all", cmd="true")
        for c in clients[::50]:
            c.events_until(lambda ev, _: jid in ev[1]["jobs"], timeout=3)
        print("1000 idle subscribers: %.3f CPU s/s, RSS +%d KiB" % (idle_cpu, rss - rss0))
        assert idle_cpu < 0.1, idle_cpu
        assert rss - rss0 < 200 * 1024, (rss, rss0)
        # A farm that keeps working with 1000 subscribers: the API still answers.
        assert server.get("/json/getworkers").status == 200
    finally:
        for c in clients:
            c.close()


def test_events_refuse_other_methods(server):
    r = server.post("/json/events", form={})
    assert r.status == 405


# ---------------------------------------------------------------- getlog by offset

def test_getlog_offset_and_bad_offsets(server):
    jid = add_job(server, title="log", cmd="x")
    fw = FormWorker(server, "log-1")
    assert fw.pick() == jid
    fw.heartbeat(jid, "héllo\n")
    v3 = server.get("/json/getlog", {"id": jid})
    assert json.loads(v3.text) == "héllo\n"
    part = json.loads(server.get("/json/getlog", {"id": jid, "offset": 0}).text)
    assert part == {"log": "héllo\n", "offset": 0, "end": 7}
    part = json.loads(server.get("/json/getlog", {"id": jid, "offset": 2}).text)
    assert part == {"log": "éllo\n", "offset": 1, "end": 7}
    fw.heartbeat(jid, "more\n")
    assert json.loads(server.get("/json/getlog", {"id": jid, "offset": 7}).text) == {"log": "more\n", "offset": 7, "end": 12}
    assert json.loads(server.get("/json/getlog", {"id": jid, "offset": 10 ** 9}).text) == {"log": "", "offset": 12, "end": 12}
    for bad in ["-1", "abc", "", "1e3", "99999999999999999999999"]:
        r = server.get("/json/getlog", {"id": jid, "offset": bad})
        assert r.status == 400 and "offset" in r.text, (bad, r)
    assert json.loads(server.get("/json/getlog", {"id": jid}).text) == "héllo\nmore\n"
