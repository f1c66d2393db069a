"""Prepares a server for the heartbeat and pick benchmarks over its HTTP API only, so the
same steps run against this server and the original Python one.

  farm_setup.py URL heartbeats N   adds N jobs, picks them with workers bench-0..N-1 and
                                   prints the first job's id (heartbeat.lua's FIRST_JOB)
  farm_setup.py URL picks G L K    adds G groups of L leaves, then times K pickjob calls
                                   (distinct workers, one keep-alive connection) and prints
                                   the median and p99 in microseconds
"""
import http.client
import statistics
import sys
import time
import urllib.parse


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)

    def call(self, method, path, params):
        body = urllib.parse.urlencode(params)
        if method == "GET":
            self.conn.request("GET", path + "?" + body)
        else:
            self.conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        answer = self.conn.getresponse()
        data = answer.read().decode()
        if answer.status != 200:
            raise SystemExit("%s %s -> %d %s" % (method, path, answer.status, data[:200]))
        return data


def heartbeats(url, count):
    c = Client(url)
    parent = int(c.call("GET", "/json/addjob", {"title": "heartbeat bench"}))
    first = None
    for k in range(count):
        jid = int(c.call("GET", "/json/addjob", {"title": "frame %d" % k, "cmd": "render", "parent": parent}))
        first = jid if first is None else first
    for k in range(count):
        picked = c.call("POST", "/workers/pickjob", {"hostname": "bench-%d" % k})
        assert picked.split(",")[0] == str(first + k), picked
    print(first)


def picks(url, groups, leaves, count):
    c = Client(url)
    for g in range(groups):
        parent = int(c.call("GET", "/json/addjob", {"title": "group %d" % g}))
        for k in range(leaves):
            c.call("GET", "/json/addjob", {"title": "g%d-%d" % (g, k), "cmd": "render", "parent": parent})
    times = []
    for k in range(count):
        started = time.perf_counter()
        answer = c.call("POST", "/workers/pickjob", {"hostname": "picker-%d" % k})
        times.append((time.perf_counter() - started) * 1e6)
        assert not answer.startswith("-1"), "ran out of jobs after %d picks" % k
    times.sort()
    print("%.0f %.0f" % (statistics.median(times), times[int(len(times) * 0.99)]))


if __name__ == "__main__":
    what = sys.argv[2]
    if what == "heartbeats":
        heartbeats(sys.argv[1], int(sys.argv[3]))
    else:
        picks(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
