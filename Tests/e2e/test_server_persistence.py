"""Persistence of the real server: periodic snapshots, save on SIGTERM, kill -9, damaged files."""
import json
import os
import time

from conftest import Server


def add(server, **params):
    r = server.get("/json/addjob", params)
    assert r.status == 200 and r.text.isdigit(), r
    return int(r.text)


def child_ids(server, parent=0):
    r = server.get("/json/getjobs", {"id": parent})
    return [row[0] for row in json.loads(r.body)["Jobs"]]


def wait_for(predicate, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def test_kill9_after_a_snapshot_keeps_every_job(server_factory):
    server = server_factory(ini={"savetime": 1})
    group = add(server, title="shot")
    ids = [add(server, parent=group, title="frame %d" % i, cmd="render %d" % i) for i in range(50)]
    db = server.path("master_db")
    wait_for(lambda: os.path.exists(db) and os.path.getmtime(db) > 0, what="master_db")
    time.sleep(2.5)  # at least one full save period after the last add
    assert server.kill9() == -9
    server.start(keep_port=True)
    assert child_ids(server) == [group]
    assert child_ids(server, group) == ids
    # ids keep increasing after the restart
    assert add(server, title="after restart") == ids[-1] + 1


def test_sigterm_saves_everything_and_exits_0(server_factory):
    server = server_factory(ini={"savetime": 300})
    ids = [add(server, title="j%d" % i, cmd="x") for i in range(20)]
    picked = server.post("/workers/pickjob", {"hostname": "n1-1", "load": "[1]"})
    assert picked.text.startswith("%d," % ids[0])
    assert server.stop() == 0
    assert os.path.exists(server.path("master_db"))
    server.start(keep_port=True)
    assert child_ids(server) == ids
    rows = json.loads(server.get("/json/getjobs").body)["Jobs"]
    assert rows[0][4] == "WORKING" and rows[0][5] == "n1-1"
    # the restored running job keeps working for its worker
    hb = server.post("/workers/heartbeat", {"hostname": "n1-1", "jobId": ids[0], "log": ""})
    assert hb.text == "true"


def test_damaged_master_db_falls_back_to_the_newest_backup(server_factory):
    server = server_factory(ini={"savetime": 300})
    first = add(server, title="in backup")
    assert server.stop() == 0
    # the first save of the next run is preceded by a backup (backuptime=0)
    server.ini["backuptime"] = 0
    server.start(keep_port=True)
    second = add(server, title="only in master_db")
    assert server.stop() == 0
    assert os.path.exists(server.path("master_db.1"))
    with open(server.path("master_db"), "r+b") as f:
        f.seek(20)
        f.write(b"\xff\xfe\xfd\xfc")
    server.start(keep_port=True)
    assert child_ids(server) == [first]
    out = server.output()
    assert "damaged" in out and "master_db.1" in out
    assert os.path.exists(server.path("master_db.corrupt")), "the damaged file is kept"
    assert second not in child_ids(server)


def test_damaged_master_db_without_backup_refuses_to_start(server_factory):
    server = server_factory(start=False)
    with open(server.path("master_db"), "wb") as f:
        f.write(b"not a snapshot at all")
    server.port = 0
    try:
        server.start(wait=False)
        code = server.proc.wait(30)
    finally:
        server.stop()
    assert code != 0
    assert "master_db" in server.output()
    with open(server.path("master_db"), "rb") as f:
        assert f.read() == b"not a snapshot at all", "never overwritten"


def test_invalid_ini_value_is_reported_by_name(server_factory):
    server = server_factory(ini={"timeout": "soon"}, start=False)
    server.start(wait=False)
    code = server.proc.wait(30)
    assert code != 0
    assert "timeout" in server.output()


def test_backups_rotate_up_to_backupmax(server_factory):
    server = server_factory(ini={"savetime": 1, "backuptime": 0, "backupmax": 2})
    for i in range(4):
        add(server, title="round %d" % i)
        time.sleep(1.6)
    wait_for(lambda: os.path.exists(server.path("master_db.2")), what="master_db.2")
    assert not os.path.exists(server.path("master_db.3"))


def test_kill9_with_default_settings_loses_nothing_acknowledged(server_factory):
    # default savetime (300 s): changes are still saved about a second after they happen
    server = server_factory(ini={"savetime": 300})
    ids = [add(server, title="acknowledged %d" % i, cmd="x") for i in range(30)]
    server.get("/json/pausejobs", {"id": ids[0]})
    db = server.path("master_db")
    wait_for(lambda: os.path.exists(db), timeout=10, what="a quick save")
    time.sleep(1.5)
    assert server.kill9() == -9
    server.start(keep_port=True)
    assert child_ids(server) == ids
    rows = json.loads(server.get("/json/getjobs").body)["Jobs"]
    assert rows[0][4] == "PAUSED"


def test_heartbeats_alone_do_not_rewrite_the_snapshot(server_factory):
    server = server_factory(ini={"savetime": 300})
    jid = add(server, title="t", cmd="x")
    server.post("/workers/pickjob", {"hostname": "n-1"})
    db = server.path("master_db")
    wait_for(lambda: os.path.exists(db), timeout=10, what="a quick save")
    time.sleep(1.5)
    before = os.stat(db).st_mtime_ns
    for _ in range(10):
        assert server.post("/workers/heartbeat", {"hostname": "n-1", "jobId": jid, "log": "", "load": "[3]"}).text == "true"
        time.sleep(0.2)
    time.sleep(1.5)
    assert os.stat(db).st_mtime_ns == before
