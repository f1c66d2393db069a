"""End to end: install/install.sh into a DESTDIR tree, then the installed binary, started
with the installed configuration, serves the installed web UI and runs a job on an
installed worker."""
import hashlib
import os
import shutil
import subprocess

from conftest import BIN, HOST, REPO, Server, free_port
import conftest
from test_worker_support import add_job, wait_state

INSTALL = os.path.join(REPO, "install", "install.sh")


def run_install(destdir, *args):
    env = dict(os.environ, DESTDIR=str(destdir))
    return subprocess.run(["sh", INSTALL, "--binary", BIN] + list(args), env=env, capture_output=True,
                          text=True, timeout=120)


def tree(root):
    """Every file under root with its digest and mode."""
    out = {}
    for base, _, files in os.walk(str(root)):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, str(root))] = (hashlib.sha256(f.read()).hexdigest(),
                                                         os.stat(path).st_mode, os.stat(path).st_mtime_ns)
    return out


def test_install_lands_files_is_idempotent_and_uninstalls(tmp_path):
    dest = tmp_path / "root"
    first = run_install(dest, "--server", "--worker", "http://farm:19211", "-w", "2")
    assert first.returncode == 0, first.stderr + first.stdout
    for path in ["usr/local/bin/coalition", "etc/coalition/coalition.ini", "etc/coalition/worker.env",
                 "usr/local/share/coalition/public_html/index.html", "etc/systemd/system/coalition-server.service",
                 "etc/systemd/system/coalition-worker.service", "etc/logrotate.d/coalition",
                 "usr/local/share/coalition/installed-files"]:
        assert (dest / path).is_file(), path
    assert (dest / "var/lib/coalition").is_dir() and (dest / "var/log/coalition").is_dir()
    assert os.access(str(dest / "usr/local/bin/coalition"), os.X_OK)
    with open(dest / "etc/coalition/worker.env") as f:
        assert f.read() == "COALITION_SERVER_URL=http://farm:19211\nCOALITION_WORKERS=2\n"
    unit = (dest / "etc/systemd/system/coalition-server.service").read_text()
    assert "@" not in unit.replace("multi-user", ""), unit
    assert "ReadWritePaths=/var/lib/coalition /var/log/coalition" in unit

    before = tree(dest)
    second = run_install(dest, "--server", "--worker", "http://farm:19211", "-w", "2")
    assert second.returncode == 2, second.stderr + second.stdout
    assert second.stdout.strip().count("\n") == 0 and "nothing changed" in second.stdout
    assert tree(dest) == before

    # An edited configuration survives a reinstall and an uninstall.
    ini = dest / "etc/coalition/coalition.ini"
    ini.write_text(ini.read_text() + "\n# edited\n")
    (dest / "var/lib/coalition/master_db").write_bytes(b"data")
    gone = run_install(dest, "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not (dest / "usr/local/bin/coalition").exists()
    assert not (dest / "usr/local/share/coalition").exists()
    assert not (dest / "etc/systemd/system/coalition-server.service").exists()
    assert not (dest / "etc/logrotate.d/coalition").exists()
    assert ini.read_text().endswith("# edited\n")
    assert (dest / "etc/coalition/worker.env").exists()
    assert (dest / "var/lib/coalition/master_db").read_bytes() == b"data"


def test_install_refuses_bad_input_in_one_line_and_leaves_nothing(tmp_path):
    dest = tmp_path / "root"
    missing = run_install(dest, "--server", "--binary", str(tmp_path / "nope"))
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1, missing.stderr
    assert not dest.exists() or not any(dest.rglob("*"))
    bad_slots = run_install(dest, "--worker", "http://farm:19211", "-w", "zero")
    assert bad_slots.returncode == 1 and "-w" in bad_slots.stderr
    nothing = subprocess.run(["sh", INSTALL], capture_output=True, text=True)
    assert nothing.returncode == 1 and "--server" in nothing.stderr
    if os.getuid() == 0:
        # Without DESTDIR root is needed: run as nobody.
        nobody = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", INSTALL,
                                 "--server", "--binary", BIN], capture_output=True, text=True)
    else:
        nobody = subprocess.run(["sh", INSTALL, "--server", "--binary", BIN], capture_output=True, text=True)
    assert nobody.returncode == 1 and "must run as root" in nobody.stderr, nobody.stderr
    assert len(nobody.stderr.strip().splitlines()) == 1


def test_systemd_accepts_the_units(tmp_path):
    dest = tmp_path / "root"
    assert run_install(dest, "--server", "--worker", "http://farm:19211").returncode == 0
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: run scripts/install-deps.sh"
    units = [str(dest / "etc/systemd/system" / u) for u in ("coalition-server.service", "coalition-worker.service")]
    # The units name the installed paths (/usr/local/bin/coalition): point them into the tree.
    for u in units:
        text = open(u).read().replace("/usr/local/bin/coalition", str(dest / "usr/local/bin/coalition"))
        open(u, "w").write(text)
    result = subprocess.run([analyze, "verify"] + units, capture_output=True, text=True)
    problems = [l for l in result.stderr.splitlines() if "coalition" in l]
    assert result.returncode == 0 and not problems, result.stderr


def test_installed_server_serves_its_web_ui_and_runs_a_job_on_an_installed_worker(tmp_path):
    dest = tmp_path / "root"
    assert run_install(dest, "--server", "--worker", "http://farm:19211").returncode == 0
    binary = str(dest / "usr/local/bin/coalition")
    ini = str(dest / "etc/coalition/coalition.ini")
    data = dest / "var/lib/coalition"
    web = str(dest / "usr/local/share/coalition/public_html")
    # The installed configuration as installed, with only the port chosen for the test.
    server = Server(tmp_path / "srv")
    server.datadir = str(data)
    server.port = free_port()
    argv = [binary, "server", "-p", str(server.port), "--host", HOST, "--config", ini, "--data-dir", str(data),
            "--web-root", web, "--log-file", str(dest / "var/log/coalition/server.log")]
    check = subprocess.run(argv + ["--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    out = open(str(tmp_path / "server.out"), "wb")
    server.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    conftest._PROCESSES.append(server.proc)
    server.starts = 0
    try:
        server.wait_ready()
        page = server.get("/")
        assert page.status == 200 and b"<html" in page.body.lower()
        job_id = add_job(server, title="installed", cmd="echo from-the-installed-worker")
        # The installed binary as the worker, with the installed configuration.
        node = subprocess.Popen([binary, "worker", "-v", "-n", "inode", "-s", "0.3", "--config", ini, server.url],
                                cwd=str(data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        conftest._PROCESSES.append(node)
        wait_state(server, job_id, "FINISHED", timeout=60)
        node.terminate()
        node.wait(30)
        assert "job.finished id=%d" % job_id in open(str(dest / "var/log/coalition/server.log")).read()
    finally:
        server.stop()
        out.close()
