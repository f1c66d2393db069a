#!/usr/bin/env python3
"""`/api/jobs/<id>/children` against `/json/getjobs?id=<id>` for the same parent.

Start a release server on a farm with a big parent first, e.g.
    swift build -c release --product coalition --product CoalitionBench
    .build/release/CoalitionBench makedb /tmp/big 0 100000
    (cd /tmp/big && ../path/.build/release/coalition server -p 19510 &)
then
    python3 Benchmarks/api_children.py --url http://127.0.0.1:19510 --runs 20
Prints the median, min and max seconds per full answer and its size, for each endpoint.
"""

import argparse
import json
import statistics
import time
import urllib.request


def timed(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as r:
        body = r.read()
    return time.perf_counter() - start, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--parent", type=int, help="the parent id (default: the root's last child)")
    args = ap.parse_args()
    parent = args.parent
    if parent is None:
        roots = json.loads(urllib.request.urlopen(args.url + "/json/getjobs?id=0").read())["Jobs"]
        parent = roots[-1][0]
    for name, path in (("/api/jobs/<id>/children", "/api/jobs/%d/children" % parent),
                       ("/json/getjobs?id=<id>", "/json/getjobs?id=%d" % parent)):
        timed(args.url + path)  # warm-up
        times, size = [], 0
        for _ in range(args.runs):
            t, body = timed(args.url + path)
            times.append(t)
            size = len(body)
        print("%-26s median %.3f s  min %.3f  max %.3f  (%d bytes, %d runs)"
              % (name, statistics.median(times), min(times), max(times), size, args.runs))


if __name__ == "__main__":
    main()
