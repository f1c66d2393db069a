"""End to end: the operators' event log, /metrics (parsed with the Prometheus project's
own parser) and /healthz, on the real server with a real worker running real commands."""
import json
import os

from prometheus_client.parser import text_string_to_metric_families

from test_worker_support import WorkerProcess, add_job, wait_state, wait_until

FAMILIES = [
    "coalition_jobs", "coalition_workers", "coalition_picks", "coalition_job_ends", "coalition_job_errors",
    "coalition_dispatch_latency_seconds", "coalition_http_request_duration_seconds",
    "coalition_journal_fsync_duration_seconds", "coalition_journal_operations_per_fsync",
    "coalition_snapshot_duration_seconds", "coalition_snapshot_bytes", "coalition_job_output_bytes",
    "coalition_activities", "process_resident_memory_bytes",
]


def scrape(server):
    answer = server.get("/metrics")
    assert answer.status == 200, answer
    families = {f.name: f for f in text_string_to_metric_families(answer.text)}
    return families


def sample(families, family_name, name=None, **labels):
    for s in families[family_name].samples:
        if (name is None or s.name == name) and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    raise AssertionError("no sample %s %s in %s" % (family_name, labels, families[family_name].samples))


def log_text(server):
    with open(server.path("events.log"), encoding="utf-8") as f:
        return f.read()


def test_event_log_names_every_event_and_reason(server_factory, tmp_path):
    server = server_factory(ini={"commandwhitelist": "^echo\n  ^sh\n  ^exit", "savedelay": 0.2},
                            args=["--log-file", "events.log"])
    ok = add_job(server, title="good one", cmd="echo fine", user="alice")
    bad = add_job(server, title="bad", cmd="exit 3", retry=1)
    # Refused: the command is not on the white list; the parent does not exist; a bad number.
    assert server.post("/json/addjob", form={"title": "x", "cmd": "rm -rf /"}).text == "-1"
    assert server.post("/json/addjob", form={"title": "x", "cmd": "echo", "parent": "9999"}).text == "-1"
    assert server.post("/json/addjob", form={"title": "x", "cmd": "echo", "priority": "high"}).text == "-1"

    worker = WorkerProcess(tmp_path / "node", server.url, name="node")
    wait_state(server, ok, "FINISHED", timeout=60)
    wait_state(server, bad, "ERROR", timeout=60)
    worker.stop()
    server.post("/json/stopworkers", form={"id": "node-1"})
    server.post("/json/clearjobs", form={"id": str(ok)})
    server.post("/json/clearworkers", form={"id": "node-1"})
    expected = [
        'job.added id=%d title="good one" user=alice parent=0' % ok,
        "worker.seen name=node-1 ip=127.0.0.1",
        'job.finished id=%d title="good one" worker=node-1' % ok,
        "job.failed id=%d title=bad worker=node-1 code=3 try=1 of=1" % bad,
        'request.refused reason=whitelist path=/json/addjob peer=127.0.0.1 user="" command="rm -rf /"',
        "request.refused reason=unknown-parent path=/json/addjob peer=127.0.0.1 parent=9999",
        "request.refused reason=bad-parameter path=/json/addjob peer=127.0.0.1 param=priority value=high",
        "worker.stopped name=node-1",
        "job.removed id=%d" % ok,
        "worker.cleared name=node-1",
    ]
    # Lines are written by the log's own thread, a moment after the change: wait for them.
    try:
        wait_until(lambda: " save " in log_text(server) and all(l in log_text(server) for l in expected),
                   what="every expected line and a save line")
    except AssertionError:
        pass  # the assertions below say which line is missing
    text = log_text(server)
    assert " save " in text, text
    for line in expected:
        assert line in text, "missing %r in:\n%s" % (line, text)
    # The same lines reach standard error.
    assert expected[0] in server.output()
    # Every line starts with the documented timestamp, level and label.
    event_lines = [l for l in text.splitlines() if "coalition.event:" in l]
    assert event_lines and all(l[4] == "-" and l[10] == "T" and l[23] == "Z" for l in event_lines)


def test_verbose_adds_one_line_per_request(server_factory):
    server = server_factory(args=["-v"])
    server.get("/json/getjobs", params={"id": 0})
    wait_until(lambda: "request method=GET path=/json/getjobs status=200" in server.output(), what="request line")


def test_metrics_families_and_counters_move(server_factory, tmp_path):
    server = server_factory(ini={"savedelay": 0.2})
    before = scrape(server)
    for name in FAMILIES:
        assert name in before, name
    assert sample(before, "coalition_picks", "coalition_picks_total") == 0

    ok = add_job(server, title="ok", cmd="echo hello-metrics")
    bad = add_job(server, title="bad", cmd="exit 4", retry=1)
    worker = WorkerProcess(tmp_path / "node", server.url, name="node")
    wait_state(server, ok, "FINISHED", timeout=60)
    wait_state(server, bad, "ERROR", timeout=60)
    wait_until(lambda: sample(scrape(server), "coalition_snapshot_bytes") > 0, what="a snapshot")
    after = scrape(server)
    worker.stop()

    assert sample(after, "coalition_picks", "coalition_picks_total") == 2
    assert sample(after, "coalition_job_ends", "coalition_job_ends_total", result="finished") == 1
    assert sample(after, "coalition_job_ends", "coalition_job_ends_total", result="error") == 1
    assert sample(after, "coalition_job_errors", "coalition_job_errors_total", cause="exit_code") == 1
    assert sample(after, "coalition_jobs", state="FINISHED") == 1
    assert sample(after, "coalition_jobs", state="ERROR") == 1
    assert sample(after, "coalition_workers", state="WAITING") + sample(after, "coalition_workers",
                                                                        state="WORKING") == 1
    assert sample(after, "coalition_job_output_bytes", "coalition_job_output_bytes_total") >= len("hello-metrics")
    assert sample(after, "coalition_dispatch_latency_seconds", "coalition_dispatch_latency_seconds_count") == 2
    assert sample(after, "coalition_http_request_duration_seconds",
                  "coalition_http_request_duration_seconds_count", family="workers") >= 4
    assert sample(after, "coalition_snapshot_duration_seconds", "coalition_snapshot_duration_seconds_count") >= 1
    assert sample(after, "process_resident_memory_bytes") > 1 << 20


def test_metrics_can_be_turned_off(server_factory):
    server = server_factory(ini={"metrics": 0})
    answer = server.get("/metrics")
    assert answer.status == 404, answer


def test_healthz_reports_the_farm(server_factory):
    server = server_factory()
    add_job(server, title="a", cmd="echo")
    answer = server.get("/healthz")
    assert answer.status == 200
    body = json.loads(answer.text)
    assert body["status"] == "ok" and body["jobs"] == 1 and body["workers"] == 0
    assert body["version"] and body["uptime"] >= 0 and body["since_save"] >= 0


def test_history_is_bounded_by_activitymax(server_factory, tmp_path):
    server = server_factory(ini={"activitymax": 2}, args=["--log-file", "events.log"])
    ids = [add_job(server, title="h%d" % i, cmd="echo %d" % i) for i in range(4)]
    worker = WorkerProcess(tmp_path / "node", server.url, name="node")
    for i in ids:
        wait_state(server, i, "FINISHED", timeout=60)
    worker.stop()

    def kept():
        data = json.loads(server.get("/json/getactivities").text)
        return [dict(zip(data["Vars"], row)) for row in data["Activities"]]

    # The timeout pass of the next requests drops the oldest runs beyond the two kept.
    wait_until(lambda: len(kept()) == 2, what="two activities kept")
    assert sorted(a["JobID"] for a in kept()) == ids[2:]
    wait_until(lambda: "history.trimmed through=" in log_text(server), what="a history.trimmed line")
    assert sample(scrape(server), "coalition_activities") == 2
