"""Moving a studio over: the real server started on a master_db written by the original
Coalition v3 server answers what the original answered on that file.

The fixture (Tests/Fixtures/v3, made by make-fixture.sh there) holds the original's
master_db and its own /json answers after it restarted on that file. Differences that are
deliberate, and checked as such:
- the original truncates StartTime and leaf Durations to integers when it loads a file;
  the import keeps the stored values, so they are compared truncated;
- at load the original counts sub-groups in Total/TotalFinished/TotalErrors (reference
  quirk 7); we count leaves only;
- Dependencies edited with updatejobs were stored by the original as the text typed
  ("2, 3"); the import reads the numbers in it;
- durations that grow with the clock (running jobs, group means) are not compared.
"""
import ast
import hashlib
import json
import os
import re
import shutil

from conftest import REPO

FIXTURE = os.path.join(REPO, "Tests", "Fixtures", "v3")
GROUPS = [0, 1, 6, 9, 13]


def original_answer(name):
    """The original's answer text: JSON rows inside Python reprs, so read it as a literal."""
    with open(os.path.join(FIXTURE, name), encoding="utf-8") as f:
        text = f.read()

    class Names(ast.NodeTransformer):
        def visit_Name(self, node):
            return ast.copy_location(ast.Constant({"null": None, "true": True, "false": False}[node.id]), node)

    return ast.literal_eval(Names().visit(ast.parse(text, mode="eval")))


def rows(table, key="Jobs"):
    return [dict(zip(table["Vars"], row)) for row in table[key]]


def sub_groups(group_id):
    """Jobs under `group_id` that have children, from the original's own listings."""
    found = []
    for row in rows(original_answer("getjobs-%d.json" % group_id)):
        if row["ID"] in GROUPS:
            found.append(row)
            found.extend(sub_groups(row["ID"]))
    return found


def start_on_fixture(server_factory, args=()):
    server = server_factory(start=False, args=args)
    if not args:
        shutil.copy(os.path.join(FIXTURE, "master_db"), server.path("master_db"))
    return server.start()


def assert_same_jobs(server):
    for group in GROUPS:
        expected = original_answer("getjobs-%d.json" % group)
        ours = json.loads(server.get("/json/getjobs", {"id": group}).body)
        assert ours["Vars"] == expected["Vars"]
        assert ours["Parents"] == expected["Parents"]
        assert [r["ID"] for r in rows(ours)] == [r["ID"] for r in rows(expected)], "children and their order"
        for mine, theirs in zip(rows(ours), rows(expected)):
            where = "job %d" % theirs["ID"]
            is_group = theirs["ID"] in GROUPS
            for var in expected["Vars"]:
                a, b = mine[var], theirs[var]
                if var == "StartTime":
                    assert int(a) == b, (where, var, a, b)
                elif var == "Duration":
                    if is_group or theirs["State"] == "WORKING":
                        assert a >= 0, (where, var, a)
                    else:
                        assert int(a) == b, (where, var, a, b)
                elif var in ("Total", "TotalFinished", "TotalErrors") and is_group:
                    state = {"Total": None, "TotalFinished": "FINISHED", "TotalErrors": "ERROR"}[var]
                    groups_counted = [g for g in sub_groups(theirs["ID"]) if state is None or g["State"] == state]
                    assert a == b - len(groups_counted), (where, var, a, b)
                elif var == "Dependencies" and isinstance(b, str):
                    assert a == [int(n) for n in re.findall(r"\d+", b)], (where, var, a, b)
                else:
                    assert a == b, (where, var, a, b)


def assert_same_workers_and_activities(server):
    expected = {r["Name"]: r for r in rows(original_answer("getworkers.json"), "Workers")}
    ours_table = json.loads(server.get("/json/getworkers").body)
    assert ours_table["Vars"] == original_answer("getworkers.json")["Vars"]
    assert {r["Name"]: r for r in rows(ours_table, "Workers")} == expected

    expected_table = original_answer("getactivities.json")
    ours_table = json.loads(server.get("/json/getactivities").body)
    assert ours_table["Vars"] == expected_table["Vars"]
    ours = {r["ID"]: r for r in rows(ours_table, "Activities")}
    theirs = {r["ID"]: r for r in rows(expected_table, "Activities")}
    assert sorted(ours) == sorted(theirs)
    for k, b in theirs.items():
        a = ours[k]
        for var in expected_table["Vars"]:
            if var == "Duration" and b["State"] == "WORKING":
                continue
            if isinstance(b[var], float):
                assert abs(a[var] - b[var]) < 1e-6, (k, var, a[var], b[var])
            else:
                assert a[var] == b[var], (k, var, a[var], b[var])


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_an_original_master_db_is_imported_and_answers_like_the_original(server_factory):
    server = start_on_fixture(server_factory)
    assert_same_jobs(server)
    assert_same_workers_and_activities(server)
    out = server.output()
    assert "imported an original Coalition master_db (version 8): 14 jobs, 3 workers, 5 activities" in out
    assert "job Dependencies: stored as text, read as the numbers in it" in out
    # The original is kept byte for byte; master_db is ours from now on.
    assert sha(server.path("master_db.coalition-v3")) == sha(os.path.join(FIXTURE, "master_db"))
    with open(server.path("master_db"), "rb") as f:
        assert f.read(8) == b"COALSNAP"


def test_the_imported_farm_keeps_running(server_factory):
    server = start_on_fixture(server_factory)
    # The job the original had running keeps running for its worker.
    hb = server.post("/workers/heartbeat", {"hostname": "w2", "jobId": 4, "log": ""})
    assert hb.text == "true"
    # New ids never collide with imported ones.
    assert server.get("/json/addjob", {"title": "after import"}).text == "15"
    picked = server.post("/workers/pickjob", {"hostname": "w1", "load": "[1]"})
    assert picked.text.startswith("5,"), picked  # frame 4, priority 1500, under Shots (linux)
    activities = rows(json.loads(server.get("/json/getactivities").body), "Activities")
    assert max(r["ID"] for r in activities) == 5
    # A restart loads our own format, without importing again.
    server.restart()
    with open(os.path.join(server.root, "server-2.out"), encoding="utf-8") as f:
        assert "imported an original" not in f.read()
    assert not os.path.exists(server.path("master_db.coalition-v3.1"))
    assert server.get("/json/addjob", {"title": "after restart"}).text == "16"


def test_import_v3_option_reads_a_file_elsewhere(server_factory, tmp_path):
    source = tmp_path / "old_farm_master_db"
    shutil.copy(os.path.join(FIXTURE, "master_db"), source)
    before = sha(source)
    server = start_on_fixture(server_factory, args=["--import-v3", str(source)])
    assert_same_jobs(server)
    assert_same_workers_and_activities(server)
    assert sha(source) == before
    assert sha(server.path("master_db.coalition-v3")) == before


def test_import_v3_option_never_overwrites_a_farm(server_factory, tmp_path):
    server = server_factory(start=False, args=["--import-v3", os.path.join(FIXTURE, "master_db")])
    with open(server.path("master_db"), "wb") as f:
        f.write(b"COALSNAP our farm")
    server.start(wait=False)
    assert server.proc.wait(30) != 0
    assert "already exists" in server.output()
    with open(server.path("master_db"), "rb") as f:
        assert f.read() == b"COALSNAP our farm"


def test_a_bad_original_stops_start_up_and_changes_nothing(server_factory):
    with open(os.path.join(FIXTURE, "master_db"), "rb") as f:
        original = f.read()
    bad_files = {
        "truncated": original[: len(original) // 2],
        "unknown version": b"I9\n." + original[4:],
        "opcode never written": original[:40] + b"cos\nsystem\n(S'true'\ntR." + original[40:],
        "nesting bomb": b"I8\n.I1\n.I0\n.I1\n." + b"(l" * 100000 + b".",
    }
    for what, data in bad_files.items():
        server = server_factory(start=False)
        with open(server.path("master_db"), "wb") as f:
            f.write(data)
        server.start(wait=False)
        assert server.proc.wait(60) != 0, what
        out = server.output()
        assert "cannot be imported" in out and "nothing was changed" in out, (what, out[-500:])
        with open(server.path("master_db"), "rb") as f:
            assert f.read() == data, what
        assert not [n for n in os.listdir(server.datadir) if n.startswith("master_db.")], what
