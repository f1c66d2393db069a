"""End to end: jobs report their own progress. A real worker runs a real script as a job;
the script reads COALITION_JOB_ID, COALITION_SERVER_URL and COALITION_JOB_TOKEN from its
environment and posts its progress to /json/jobprogress. Wrong, other and stale tokens
get 403 and change nothing."""
import json
import os
import sys
import time

from test_worker_support import WorkerProcess, add_job, job, wait_state, wait_until

# Posts 0.25 with a status, dumps its identity, waits for a go file, posts 0.75, exits 0.
JOB_SCRIPT = r"""
import json, os, sys, time, urllib.parse, urllib.request
here = sys.argv[1]
job = os.environ["COALITION_JOB_ID"]
def post(progress, status=None):
    form = {"id": job, "token": os.environ["COALITION_JOB_TOKEN"], "progress": progress}
    if status is not None:
        form["status"] = status
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(os.environ["COALITION_SERVER_URL"] + "/json/jobprogress", data, timeout=10) as r:
        assert r.read() == b"1"
post("0.25", "frame 3 of 12")
with open(os.path.join(here, "env-%s.json" % job), "w") as f:
    json.dump({k: v for k, v in os.environ.items() if k.startswith("COALITION_")}, f)
while not os.path.exists(os.path.join(here, "go-%s" % job)):
    time.sleep(0.05)
post("0.75")
"""


def jobs_with_status(server, parent=0):
    table = json.loads(server.get("/json/getjobs", params={"id": parent, "status": 1}).text)
    return {row[0]: dict(zip(table["Vars"], row)) for row in table["Jobs"]}


def post_progress(server, job_id, token, progress="0.5", status=None):
    form = {"id": job_id, "token": token, "progress": progress}
    if status is not None:
        form["status"] = status
    return server.post("/json/jobprogress", form=form)


def test_a_job_posts_its_own_progress(server, tmp_path):
    script = tmp_path / "report.py"
    script.write_text(JOB_SCRIPT)
    here = tmp_path / "shared"
    here.mkdir()
    command = "%s %s %s" % (sys.executable, script, here)
    first = add_job(server, title="first", cmd=command)
    second = add_job(server, title="second", cmd=command)
    worker = WorkerProcess(tmp_path / "node", server.url, name="prog", slots=2, sleep=0.1)
    try:
        envs = {}
        for job_id in (first, second):
            path = here / ("env-%d.json" % job_id)

            def dumped():
                # The job writes the file in place: wait until it is whole.
                try:
                    return json.loads(path.read_text())
                except (OSError, ValueError):
                    return None
            wait_until(dumped, timeout=60, what="job %d to dump its environment" % job_id)
            envs[job_id] = dumped()
            assert envs[job_id]["COALITION_JOB_ID"] == str(job_id)
            assert envs[job_id]["COALITION_SERVER_URL"].rstrip("/") == server.url
            assert len(envs[job_id]["COALITION_JOB_TOKEN"]) == 64
        assert envs[first]["COALITION_JOB_TOKEN"] != envs[second]["COALITION_JOB_TOKEN"]

        # The posted progress shows as LocalProgress, the status through the opt-in column.
        row = jobs_with_status(server)[first]
        assert row["State"] == "WORKING"
        assert row["LocalProgress"] == 0.25 and row["Status"] == "frame 3 of 12"
        # Without the opt-in, getjobs answers the v3 columns only.
        plain = json.loads(server.get("/json/getjobs", params={"id": 0}).text)
        assert "Status" not in plain["Vars"] and len(plain["Jobs"][0]) == len(plain["Vars"])

        # A wrong token, or another job's, is refused and changes nothing.
        assert post_progress(server, first, "0" * 64).status == 403
        assert post_progress(server, first, "").status == 403
        assert post_progress(server, first, envs[second]["COALITION_JOB_TOKEN"], status="hijack").status == 403
        assert post_progress(server, 999, envs[first]["COALITION_JOB_TOKEN"]).status == 403
        # Bad values are a clear 400.
        assert post_progress(server, first, envs[first]["COALITION_JOB_TOKEN"], progress="1.5").status == 400
        assert post_progress(server, first, envs[first]["COALITION_JOB_TOKEN"], progress="half").status == 400
        row = jobs_with_status(server)[first]
        assert row["LocalProgress"] == 0.25 and row["Status"] == "frame 3 of 12"

        # The job posts again and ends; its token dies with the run.
        (here / ("go-%d" % first)).write_text("")
        wait_state(server, first, "FINISHED")
        assert job(server, first)["LocalProgress"] == 0.75
        stale = post_progress(server, first, envs[first]["COALITION_JOB_TOKEN"], progress="0.1", status="late")
        assert stale.status == 403, stale
        (here / ("go-%d" % second)).write_text("")
        wait_state(server, second, "FINISHED")
    finally:
        worker.stop()
    rows = jobs_with_status(server)
    assert rows[first]["LocalProgress"] == 0.75 and rows[first]["Status"] == "frame 3 of 12"

    # Journaled like every change: a crash and restart keeps it.
    server.restart(graceful=False)
    rows = jobs_with_status(server)
    assert rows[first]["LocalProgress"] == 0.75 and rows[first]["Status"] == "frame 3 of 12"
    # The secret survived the restart too (created once, mode 0600).
    assert oct(os.stat(server.path("secret")).st_mode & 0o777) == "0o600"


def test_only_a_worker_that_asks_gets_a_token(server):
    """The original worker.py sends no `token=1`: its pickjob answer is the v3 one."""
    add_job(server, title="a", cmd="true")
    add_job(server, title="b", cmd="true", env="A=1")
    plain = server.post("/workers/pickjob", form={"hostname": "old-1"})
    assert plain.text == "1,'true','.','',None"
    asked = server.post("/workers/pickjob", form={"hostname": "new-1", "token": "1"})
    prefix = "2,'true','.','','A=1\\\\nCOALITION_JOB_TOKEN="
    assert asked.text.startswith(prefix) and len(asked.text) == len(prefix) + 64 + 1, asked.text
    token = asked.text[len(prefix):-1]
    assert post_progress(server, 2, token, progress="0.5").status == 200
    assert post_progress(server, 2, token, progress="0.5").text == "1"
    # The old worker's run has no token to give: nothing posted for it is accepted.
    assert post_progress(server, 1, token).status == 403
