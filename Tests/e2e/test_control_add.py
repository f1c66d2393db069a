"""`coalition control add`: every option reaches the server, the id alone on stdout."""
import os
import subprocess

import pytest

from conftest import BIN
from test_control_support import Farm, control, fails, ok


def test_original_syntax_with_every_option(server):
    farm = Farm(server)
    group = farm.add(title="Shots")
    dep1 = farm.add(title="dep1", parent=group)
    dep2 = farm.add(title="dep2", parent=group)
    r = ok("-t", "Frame 1", "-c", "render -f 1 'a b' & echo ok", "-d", "/mnt/proj", "-p", "1500",
           "-r", "3", "-a", "linux,gpu", "-T", "600", "-D", "%d %d" % (dep1, dep2), "-P", str(group),
           "-s", "1", "-e", "10", server.url, "add")
    assert r.out == "%d\n" % (dep2 + 1)
    job = farm.job(dep2 + 1)
    assert job["Title"] == "Frame 1"
    assert job["Command"] == "render -f 1 'a b' & echo ok"
    assert job["Dir"] == "/mnt/proj"
    assert (job["Priority"], job["Retry"], job["TimeOut"]) == (1500, 3, 600)
    assert job["Affinity"] == "linux,gpu"
    assert job["Dependencies"] == [dep1, dep2]
    assert job["State"] == "WAITING"
    assert farm.parents(dep2 + 1)[-2] == (group, "Shots")


def test_long_options_after_the_action(server):
    farm = Farm(server)
    r = ok(server.url + "///", "add", "--title=Long", "--cmd", "echo hi", "--directory=/tmp",
           "--priority=7", "--retry", "2", "--affinity=win", "--timeout=5", "--dependencies", "1-3",
           "--parent=0", "--url", "http://x/y?a=1&b=2", "--user", "alice")
    job_id = int(r.out)
    job = farm.job(job_id)
    assert (job["Title"], job["Command"], job["Dir"]) == ("Long", "echo hi", "/tmp")
    assert (job["Priority"], job["Retry"], job["TimeOut"], job["Affinity"]) == (7, 2, 5, "win")
    assert job["Dependencies"] == [1, 2, 3]
    assert job["URL"] == "http://x/y?a=1&b=2"
    assert job["User"] == "alice"


def test_defaults_match_the_original(server):
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-c", "true").out)
    job = farm.job(job_id)
    assert (job["Title"], job["Dir"], job["Priority"], job["Retry"], job["TimeOut"]) == ("New job", ".", 1000, 10, 0)
    assert (job["Affinity"], job["Dependencies"], job["URL"], job["User"]) == ("", [], "", "")


def test_attached_short_values_and_command_after_double_dash(server):
    farm = Farm(server)
    job_id = int(ok("-tShort", "-p5", server.url, "add", "--", "render", "-f", "12").out)
    job = farm.job(job_id)
    assert (job["Title"], job["Priority"], job["Command"]) == ("Short", 5, "render -f 12")


def test_add_without_command_makes_an_empty_job(server):
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-t", "Group").out)
    assert farm.job(job_id)["Command"] == ""


def test_env_and_user_reach_the_worker(server):
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-c", "echo $A", "-d", "/work dir", "--user", "bob",
                    "--env", "A=1", "--env", "B=two words").out)
    picked = farm.pick("n1-1")
    assert picked[0] == job_id
    assert picked[1:4] == ("echo $A", "/work dir", "bob")
    # Entries are separated by a backslash followed by n (two characters).
    assert picked[4] == "A=1\\nB=two words"


def test_job_without_env_has_no_environment(server):
    farm = Farm(server)
    ok(server.url, "add", "-c", "true")
    assert farm.pick("n1-1")[4] in (None, "")


def test_unset_progress_patterns_keep_the_server_default(server):
    """The original sent the text None, which disabled the default pattern."""
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-c", "render").out)
    assert farm.pick("n1-1")[0] == job_id
    assert farm.heartbeat("n1-1", job_id, "frame PROGRESS:45 done\nNone here\n") == "true"
    job = farm.job(job_id)
    assert job["LocalProgress"] == pytest.approx(0.45)
    assert job["GlobalProgress"] is None


def test_progress_patterns_reach_the_server(server):
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-c", "render", "--localprogress", "F %one",
                    "--globalprogress=(%percent)").out)
    assert farm.pick("n1-1")[0] == job_id
    assert farm.heartbeat("n1-1", job_id, "F 0.25\nglobal (30) end\nF 0.5 (40)\n") == "true"
    job = farm.job(job_id)
    assert job["LocalProgress"] == pytest.approx(0.5)
    assert job["GlobalProgress"] == pytest.approx(0.4)
    assert ok(server.url, "log", job_id).out == "\nglobal () end\n ()\n"


def test_paused(server):
    farm = Farm(server)
    job_id = int(ok(server.url, "add", "-c", "true", "--paused").out)
    assert farm.job(job_id)["State"] == "PAUSED"
    assert farm.pick("n1-1")[0] == -1


def test_parent_by_title_and_path(server):
    farm = Farm(server)
    show = farm.add(title="Show")
    shot = farm.add(title="Shot010", parent=show)
    by_path = int(ok(server.url, "add", "-P", "Show|Shot010", "-t", "a").out)
    by_title = int(ok(server.url, "add", "-P", "Shot010", "-t", "b").out)
    assert farm.parents(by_path)[-2][0] == shot
    assert farm.parents(by_title)[-2][0] == shot


def test_json_output(server):
    r = ok(server.url, "add", "-c", "true", "--json")
    assert r.json() == {"ID": 1}


def test_ids_captured_by_a_shell_script(server, tmp_path):
    script = tmp_path / "submit.sh"
    script.write_text("""set -e
group=$("$BIN" control -t Shot "$URL" add)
for f in 1 2 3; do
  id=$("$BIN" control "$URL" add -P "$group" -t "Frame $f" -c "render -f $f")
  echo "$id" >> ids
done
"$BIN" control "$URL" pause "$group"
echo "group=$group"
""")
    env = dict(os.environ, BIN=BIN, URL=server.url)
    proc = subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "group=1\n"
    assert (tmp_path / "ids").read_text() == "2\n3\n4\n"
    farm = Farm(server)
    assert [j["Title"] for j in farm.children(1)] == ["Frame 1", "Frame 2", "Frame 3"]
    assert farm.job(1)["State"] == "PAUSED"


@pytest.mark.parametrize("args, message", [
    (["-p", "high"], "--priority"),
    (["-r", "1.5"], "--retry"),
    (["-T", "1h"], "--timeout"),
    (["--priority=99999999999999999999"], "--priority"),
    (["-s", "x"], "--start"),
    (["--env", "NOEQUALS"], "--env"),
    (["-P", ""], "--parent"),
    (["-c", "a", "--", "b"], "either"),
])
def test_bad_values_create_nothing(server, args, message):
    r = fails(2, server.url, "add", *args)
    assert message in r.err
    assert Farm(server).children() == []


def test_unknown_parent_is_refused(server):
    r = fails(1, server.url, "add", "-P", "42", "-c", "true")
    assert "refused" in r.err
    r = fails(1, server.url, "add", "-P", "No such group", "-c", "true")
    assert Farm(server).children() == []
