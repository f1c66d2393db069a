"""`coalition control` and the scheduling rules (docs/scheduling.md): the rules passed on
add, a job's blocklist shown and cleared, limits listed and set, sick workers shown."""
import json

from test_control_support import Farm, fails, ok


def _rules(server, job_id, parent=0):
    data = json.loads(server.get("/json/getjobs", {"id": parent, "extra": 1}).text)
    rows = {row[0]: dict(zip(data["Rules"]["Vars"], rules)) for row, rules in zip(data["Jobs"], data["Rules"]["Jobs"])}
    return rows[job_id]


def test_add_passes_the_rules_and_show_prints_them(server):
    assert ok(server.url, "limit-set", "nuke", "4").out == ""
    job_id = int(ok(server.url, "add", "-t", "comp", "-c", "nuke -x comp.nk", "--maxworkererrors", "2",
                    "--forgivetime", "600", "--limits", "nuke", "--stalltimeout", "120").out)
    assert _rules(server, job_id) == {"MaxWorkerErrors": 2, "ForgiveTime": 600, "Limits": "nuke",
                                      "StallTimeout": 120, "Blocked": 0}
    shown = ok(server.url, "show", str(job_id), "--json").json()[0]
    assert (shown["MaxWorkerErrors"], shown["ForgiveTime"], shown["Limits"], shown["StallTimeout"]) == \
        (2, 600, "nuke", 120)
    text = ok(server.url, "show", str(job_id)).out.splitlines()
    fields = dict(line.split(None, 1) for line in text if len(line.split(None, 1)) == 2)
    assert fields["Limits"] == "nuke" and fields["MaxWorkerErrors"] == "2"
    plain = int(ok(server.url, "add", "-t", "plain", "-c", "true").out)
    assert _rules(server, plain) == {"MaxWorkerErrors": 0, "ForgiveTime": -1, "Limits": "", "StallTimeout": 0,
                                     "Blocked": 0}
    assert "inherited" in ok(server.url, "show", str(plain)).out


def test_add_with_an_unknown_limit_names_it_and_adds_nothing(server):
    r = fails(1, server.url, "add", "-t", "comp", "-c", "true", "--limits", "nuke,arnold")
    assert "unknown limits 'nuke', 'arnold'" in r.err
    assert Farm(server).children() == []
    for args, option in ((["--maxworkererrors", "-1"], "--maxworkererrors"), (["--forgivetime", "1h"], "--forgivetime"),
                         (["--stalltimeout", "2.5"], "--stalltimeout")):
        r = fails(2, server.url, "add", "-c", "true", *args)
        assert option in r.err
    assert Farm(server).children() == []


def test_blocklist_shown_and_cleared(server):
    farm = Farm(server)
    job_id = farm.add(title="fragile", cmd="render", maxworkererrors=2, forgivetime=0)
    assert ok(server.url, "blocklist", str(job_id)).out.strip() == "no worker has failed job %d" % job_id
    for _ in range(2):
        farm.run("bad-1", code=3)
    assert farm.pick("bad-1")[0] == -1  # kept away
    data = ok(server.url, "blocklist", str(job_id), "--json").json()
    assert data == [{"ID": job_id, "Blocklist": [{"Worker": "bad-1", "Errors": 2, "Until": -1}]}]
    lines = ok(server.url, "blocklist", str(job_id)).out.splitlines()
    assert lines[0].split() == ["WORKER", "ERRORS", "BLOCKED"]
    assert lines[1].split() == ["bad-1", "2", "for", "good"]
    r = ok(server.url, "blocklist-clear", str(job_id), "--json")
    assert r.json() == {"Action": "blocklist-clear", "IDs": [job_id]}
    assert ok(server.url, "blocklist", str(job_id), "--json").json() == [{"ID": job_id, "Blocklist": []}]
    assert farm.pick("bad-1")[0] == job_id
    fails(1, server.url, "blocklist", "999")
    fails(1, server.url, "blocklist-clear", "999")
    fails(2, server.url, "blocklist")


def test_limits_listed_and_set(server):
    farm = Farm(server)
    assert ok(server.url, "limits", "--json").json() == {}
    assert ok(server.url, "limit-set", "nuke", "2", "--json").json() == {"Action": "limit-set", "Name": "nuke",
                                                                        "Max": 2}
    ok(server.url, "limit-set", "arnold", "0")
    a = farm.add(title="a", cmd="render", limits="nuke")
    assert farm.pick("n1-1")[0] == a
    assert ok(server.url, "limits", "--json").json() == {"arnold": {"max": 0, "used": 0},
                                                         "nuke": {"max": 2, "used": 1}}
    lines = ok(server.url, "limits").out.splitlines()
    assert lines[0].split() == ["LIMIT", "MAX", "USED", "FREE"]
    assert lines[1].split() == ["arnold", "0", "0", "0"]
    assert lines[2].split() == ["nuke", "2", "1", "1"]
    # Bad values: a usage error, nothing changes.
    for args in (["nuke", "-1"], ["nuke", "two"], ["nuke"], ["a,b", "3"], ["", "3"]):
        fails(2, server.url, "limit-set", *args)
    assert ok(server.url, "limits", "--json").json()["nuke"] == {"max": 2, "used": 1}


def test_a_sick_worker_is_shown_sick(server_factory):
    server = server_factory(ini={"sickafter": 2, "sicktime": 600})
    farm = Farm(server)
    farm.add(title="a", cmd="render")
    farm.add(title="b", cmd="render")
    farm.run("n1-1", code=1)
    farm.run("n1-1", code=1)
    assert ok(server.url, "workers", "--json").json()[0]["State"] == "SICK"
    assert ok(server.url, "workers").out.splitlines()[1].split()[:3] == ["n1-1", "127.0.0.1", "SICK"]
    ok(server.url, "worker-start", "n1-1")
    assert ok(server.url, "workers", "--json").json()[0]["State"] == "WAITING"
