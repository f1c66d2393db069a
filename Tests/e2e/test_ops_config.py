"""End to end: configuration errors and warnings, and `coalition server --check`."""
import os
import subprocess

from conftest import BIN, HOST, free_port
from test_worker_support import wait_until


def run_server(datadir, *args, timeout=30):
    return subprocess.run([BIN, "server", "--host", HOST, "-p", str(free_port())] + list(args), cwd=str(datadir),
                          capture_output=True, text=True, timeout=timeout)


def write_ini(datadir, text):
    os.makedirs(str(datadir), exist_ok=True)
    path = os.path.join(str(datadir), "coalition.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_unknown_keys_are_warnings_with_their_line(server_factory):
    server = server_factory(ini={"timout": 30})
    # conftest writes [server], port, its four defaults, then the keys given: timout is on line 7.
    wait_until(lambda: "unknown key 'timout' in [server]" in server.output(), what="the warning")
    assert "config.warning" in server.output() and "line 7: unknown key" in server.output()


def test_invalid_whitelist_pattern_stops_the_server(tmp_path):
    write_ini(tmp_path, "[server]\ncommandwhitelist=^/ok\n  ^(unclosed\n")
    result = run_server(tmp_path)
    assert result.returncode == 1
    assert "commandwhitelist" in result.stderr and "'^(unclosed'" in result.stderr, result.stderr
    assert not os.path.exists(tmp_path / "master_db")


def test_unreadable_ini_is_an_error(tmp_path):
    path = write_ini(tmp_path, "[server]\n")
    os.chmod(path, 0)
    if os.access(path, os.R_OK):  # root reads anything: make it unreadable another way
        os.remove(path)
        os.mkdir(path)
    result = run_server(tmp_path)
    assert result.returncode == 1
    assert "coalition.ini: cannot read" in result.stderr, result.stderr


def test_check_passes_on_a_good_setup_and_names_the_problem_otherwise(tmp_path):
    write_ini(tmp_path, "[server]\nport=19999\n")
    ok = run_server(tmp_path, "--check")
    assert ok.returncode == 0, ok.stderr
    assert "OK" in ok.stdout
    with open(tmp_path / "master_db", "wb") as f:
        f.write(b"definitely not a snapshot")
    bad = run_server(tmp_path, "--check")
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "master_db is damaged" in lines[0], bad.stderr
    # --check moved nothing aside.
    assert os.path.exists(tmp_path / "master_db") and not os.path.exists(tmp_path / "master_db.corrupt")
    write_ini(tmp_path, "[server]\ntimeout=soon\n")
    os.remove(tmp_path / "master_db")
    worse = run_server(tmp_path, "--check")
    assert worse.returncode == 1 and "timeout=soon" in worse.stderr


def test_check_reads_the_journal_and_cuts_nothing(server_factory, tmp_path):
    server = server_factory(ini={"savetime": 3600, "savedelay": 0})
    for i in range(3):
        assert int(server.post("/json/addjob", form={"title": "j%d" % i, "cmd": "echo"}).text) > 0
    server.kill9()
    datadir = server.path()
    segments = sorted(os.listdir(os.path.join(datadir, "journal")))
    assert segments, "the journal holds the acknowledged adds"
    segment = os.path.join(datadir, "journal", segments[-1])
    # A record cut short by a crash: reported, left in place (a start-up would cut it).
    with open(segment, "ab") as f:
        f.write(b"\x10\x00\x00")
    size = os.path.getsize(segment)
    ok = run_server(datadir, "--check")
    assert ok.returncode == 0, ok.stderr
    assert "cut short by a crash" in ok.stdout, ok.stdout
    assert os.path.getsize(segment) == size and not os.path.exists(segment + ".torn")
    # Damage in the middle of the journal: the check fails and names the segment.
    with open(segment, "r+b") as f:
        f.seek(14)
        byte = f.read(1)
        f.seek(14)
        f.write(bytes([byte[0] ^ 0xFF]))
    bad = run_server(datadir, "--check")
    assert bad.returncode == 1 and "journal" in bad.stderr and segments[-1] in bad.stderr, bad.stderr
