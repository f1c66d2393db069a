"""`coalition control` job actions: list, show, tree, remove, reset, pause, start, move, update."""
import pytest

from test_control_support import Farm, control, fails, ok


def make_shot(farm, frames=3):
    """A group `Shot` (id 1) with leaves `Frame 1..n` (ids 2..n+1)."""
    group = farm.add(title="Shot")
    for f in range(1, frames + 1):
        farm.add(title="Frame %d" % f, cmd="render -f %d" % f, parent=group)
    return group


def test_list_prints_breadcrumb_and_each_row_once(server):
    farm = Farm(server)
    group = make_shot(farm)
    r = ok("-P", str(group), server.url, "list")
    lines = r.out.splitlines()
    assert lines[0] == "0 Root > 1 Shot"
    assert lines[1].split()[:3] == ["ID", "TITLE", "STATE"]
    assert len(lines) == 2 + 3
    for n, line in enumerate(lines[2:]):
        assert line.split()[:4] == [str(n + 2), "Frame", str(n + 1), "WAITING"]
        assert ("render -f %d" % (n + 1)) in line
    root = ok(server.url, "list").out.splitlines()
    assert root[0] == "0 Root" and len(root) == 3 and " 0/3 " in root[2]


def test_list_json_and_filter(server):
    farm = Farm(server)
    group = make_shot(farm)
    farm.run("n1-1")
    data = ok(server.url, "list", group, "--json").json()
    assert data["Parents"] == [{"ID": 0, "Title": "Root"}, {"ID": 1, "Title": "Shot"}]
    assert [j["ID"] for j in data["Jobs"]] == [2, 3, 4]
    assert list(data["Jobs"][0])[:5] == ["ID", "Title", "Command", "Dir", "State"]
    assert data["Jobs"][0]["State"] == "FINISHED" and data["Jobs"][0]["LocalProgress"] is None
    finished = ok(server.url, "list", group, "--filter", "finished", "--json").json()
    assert [j["ID"] for j in finished["Jobs"]] == [2]
    fails(2, server.url, "list", "--filter", "DONE")
    fails(1, server.url, "list", "99")


def test_show(server):
    farm = Farm(server)
    make_shot(farm)
    data = ok(server.url, "show", "3", "--json").json()
    assert len(data) == 1
    job = data[0]
    assert (job["ID"], job["Title"], job["Command"], job["Parent"]) == (3, "Frame 2", "render -f 2", 1)
    assert job["Path"] == [{"ID": 0, "Title": "Root"}, {"ID": 1, "Title": "Shot"}, {"ID": 3, "Title": "Frame 2"}]
    assert [j["ID"] for j in ok(server.url, "show", "-i", "2-4", "1", "--json").json()] == [2, 3, 4, 1]
    text = ok(server.url, "show", "3").out.splitlines()
    assert text[0].split(None, 1) == ["Path", "0 Root > 1 Shot > 3 Frame 2"]
    fields = dict(line.split(None, 1) if len(line.split(None, 1)) == 2 else (line.strip(), "") for line in text)
    assert fields["Title"] == "Frame 2" and fields["State"] == "WAITING" and fields["Priority"] == "1000"
    r = fails(1, server.url, "show", "42")
    assert "unknown job 42" in r.err


def test_tree(server):
    farm = Farm(server)
    group = make_shot(farm, frames=2)
    sub = farm.add(title="Sub", parent=group)
    farm.add(title="Deep", cmd="true", parent=sub)
    farm.add(title="Other", cmd="true")
    farm.run("n1-1", "PROGRESS:50\n")
    tree = ok(server.url, "tree", "--json").json()
    assert (tree["ID"], tree["Title"]) == (0, "Root")
    assert [c["Title"] for c in tree["Children"]] == ["Shot", "Other"]
    shot = tree["Children"][0]
    assert shot["State"] == "WAITING" and shot["Total"] == 3 and shot["TotalFinished"] == 1
    assert [c["Title"] for c in shot["Children"]] == ["Frame 1", "Frame 2", "Sub"]
    assert shot["Children"][2]["Children"][0]["Title"] == "Deep"
    assert shot["Children"][0]["Children"] == []
    text = ok(server.url, "tree").out.splitlines()
    assert text[0].split()[:2] == ["ID", "TITLE"]
    assert text[1].split() == ["0", "Root"]
    assert "├─ Shot" in text[2] and "1/3" in text[2]
    assert "│  ├─ Frame 1" in text[3] and "FINISHED" in text[3] and "100%" in text[3]
    assert "│     └─ Deep" in text[6]
    assert "└─ Other" in text[7]
    sub_tree = ok(server.url, "tree", str(sub), "--json").json()
    assert sub_tree["ID"] == sub and [c["Title"] for c in sub_tree["Children"]] == ["Deep"]
    fails(1, server.url, "tree", "77")


def test_remove_with_ids_and_ranges(server):
    farm = Farm(server)
    for n in range(1, 8):
        farm.add(title="J%d" % n)
    ok(server.url, "remove", "-i", "1")                 # the original form
    ok(server.url, "remove", "3-4", "6")
    assert [j["ID"] for j in farm.children()] == [2, 5, 7]
    r = ok(server.url, "remove", "-i", "2 5", "--json")
    assert r.json() == {"Action": "remove", "IDs": [2, 5]}
    assert [j["ID"] for j in farm.children()] == [7]


def test_unknown_ids_change_nothing(server):
    farm = Farm(server)
    farm.add(title="a")
    r = fails(1, server.url, "remove", "1", "5-6")
    assert "unknown jobs 5, 6" in r.err
    assert [j["ID"] for j in farm.children()] == [1]
    fails(2, server.url, "remove")
    fails(2, server.url, "remove", "1-x")
    fails(2, server.url, "remove", "9-3")


def test_pause_start_reset_reset_errors(server):
    farm = Farm(server)
    group = make_shot(farm)
    ok(server.url, "pause", group)
    assert farm.job(group)["State"] == "PAUSED"
    assert farm.pick("n1-1")[0] == -1
    ok(server.url, "start", group)
    assert farm.job(group)["State"] == "WAITING"
    ok(server.url, "pause", "3-4")
    assert [j["State"] for j in farm.children(group)] == ["WAITING", "PAUSED", "PAUSED"]
    ok(server.url, "start", "3", "4")
    assert farm.run("n1-1", "boom\n", code=1) == 2
    assert farm.job(2)["State"] == "ERROR"
    ok(server.url, "reset-errors", group)
    job = farm.job(2)
    assert job["State"] == "WAITING" and job["Try"] == 0
    assert farm.run("n1-1") == 3          # job 2 lost a priority point with its error
    assert farm.job(3)["State"] == "FINISHED"
    r = ok(server.url, "reset", group, "--json")
    assert r.json() == {"Action": "reset", "IDs": [1]}
    assert [(j["State"], j["Try"]) for j in farm.children(group)] == [("WAITING", 0)] * 3


def test_move(server):
    farm = Farm(server)
    a = farm.add(title="A")
    b = farm.add(title="B")
    c = farm.add(title="C")
    ok(server.url, "move", b, c, "--to", a)
    assert [j["Title"] for j in farm.children(a)] == ["B", "C"]
    assert [j["Title"] for j in farm.children()] == ["A"]
    r = ok(server.url, "move", "-i", c, "--to=0", "--json")
    assert r.json() == {"Action": "move", "IDs": [c], "To": 0}
    r = fails(1, server.url, "move", a, "--to", b)       # into its own subtree
    assert "could not move 1 into 2" in r.err
    assert farm.parents(b) == [(0, "Root"), (a, "A"), (b, "B")]
    fails(2, server.url, "move", b)                       # no --to
    fails(2, server.url, "move", b, "--to", "A")
    fails(1, server.url, "move", b, "--to", "99")


def test_update(server):
    farm = Farm(server)
    make_shot(farm)
    ok(server.url, "update", "2-3", "--set", "Priority=2000", "--set", "affinity=linux,gpu",
       "--set", "Title=Renamed = yes", "--set", "Dependencies=4", "--set", "TimeOut=30",
       "--set", "Command=render --fast", "--set", "Dir=/d", "--set", "URL=http://u", "--set", "Retry=2")
    for job_id in (2, 3):
        job = farm.job(job_id)
        assert (job["Priority"], job["Affinity"], job["Title"]) == (2000, "linux,gpu", "Renamed = yes")
        assert (job["Dependencies"], job["TimeOut"], job["Retry"]) == ([4], 30, 2)
        assert (job["Command"], job["Dir"], job["URL"]) == ("render --fast", "/d", "http://u")
    assert farm.job(4)["Priority"] == 1000
    r = ok(server.url, "update", "4", "--set", "User=carol", "--json")
    assert r.json() == {"Action": "update", "IDs": [4], "Set": {"User": "carol"}}
    assert farm.job(4)["User"] == "carol"
    assert "Priority" in fails(2, server.url, "update", "4", "--set", "Priority=high").err
    assert "Colour" in fails(2, server.url, "update", "4", "--set", "Colour=red").err
    fails(2, server.url, "update", "4", "--set", "Priority")
    fails(2, server.url, "update", "4")
    fails(1, server.url, "update", "40", "--set", "Priority=1")
    assert farm.job(4)["Priority"] == 1000
