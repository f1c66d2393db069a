#!/usr/bin/env python3
"""Time of one /json/submit that creates N chunk jobs (default 10,000), against a running
server: the generic `command` preset (no file check), frames 1-N, one frame per chunk.
Prints the median and the spread over --runs submissions, and the same for --dry-run.

    python3 Benchmarks/submit.py --url http://127.0.0.1:19211 --chunks 10000 --runs 7
"""
import argparse
import statistics
import time
import urllib.parse
import urllib.request


def submit(url, chunks, dry_run):
    form = {"preset": "command", "file": "scene", "frames": "1-%d" % chunks, "chunk": "1",
            "param": "command=render --frame {frame} {file}", "paused": "1"}
    if dry_run:
        form["dryrun"] = "1"
    data = urllib.parse.urlencode(form).encode()
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url + "/json/submit", data=data), timeout=300) as r:
        body = r.read()
    elapsed = time.perf_counter() - start
    assert r.status == 200, body[:200]
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:19211")
    parser.add_argument("--chunks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for dry_run in (True, False):
        times = [submit(args.url, args.chunks, dry_run) for _ in range(args.runs)]
        print("%-8s %d chunks: median %.1f ms (min %.1f, max %.1f) over %d runs" % (
            "dry-run" if dry_run else "submit", args.chunks, statistics.median(times) * 1000,
            min(times) * 1000, max(times) * 1000, args.runs))


if __name__ == "__main__":
    main()
