# Writes a master_db in the original Coalition v3 format (database version 8) for the
# import benchmark: a tree of GROUPS groups of LEAVES jobs each, WORKERS workers and one
# activity per job that ran. Run with Python 2.7, whose cPickle writes the same protocol-0
# stream as the original server:
#   python2 Benchmarks/make_v3_master_db.py OUT_FILE [GROUPS [LEAVES [WORKERS]]]
# The classes below only carry the attribute names the original stores; they are named
# like the original's so the pickles name the same classes.
import cPickle
import sys
import time


class Job:
    pass


class Worker:
    pass


class Activity:
    pass


def job(id, parent, title, command, state, now):
    j = Job()
    j.ID, j.Parent, j.Children, j.Title, j.Command, j.Dir = id, parent, [], title, command, "."
    j.Environment, j.State, j.Worker = "None", state, ""
    j.StartTime, j.Duration, j.PingTime = now, 0, now
    j.Try, j.Retry, j.TimeOut, j.Priority, j.Affinity, j.User = 0, 10, 0, 1000, "", "bench"
    j.Finished = j.Errors = j.Working = j.Total = j.TotalFinished = j.TotalErrors = j.TotalWorking = 0
    j.Dependencies, j.URL = [], ""
    return j


def main():
    out = sys.argv[1]
    groups = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    leaves = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    nworkers = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    now = time.time()
    jobs = {0: job(0, None, "Root", "", "WAITING", now)}
    jobs[0].Priority, jobs[0].Retry = 1, 0
    activities = {}
    workers = {}
    for w in range(nworkers):
        wk = Worker()
        wk.Name, wk.IP, wk.Affinity, wk.State, wk.PingTime = "node%d-1" % w, "10.0.0.%d" % (w % 250), "linux", "WAITING", now
        wk.Finished, wk.Error, wk.LastJob, wk.CurrentActivity = 0, 0, -1, -1
        wk.Load, wk.FreeMemory, wk.TotalMemory, wk.Active = [12.5, 40.0], 1000, 16000, True
        workers[wk.Name] = wk
    next_id = 1
    for g in range(groups):
        gid = next_id
        next_id += 1
        jobs[gid] = job(gid, 0, "shot %d" % g, "", "WAITING", now)
        jobs[0].Children.append(gid)
        for i in range(leaves):
            lid = next_id
            next_id += 1
            state = "FINISHED" if i < leaves // 2 else "WAITING"
            j = job(lid, gid, "frame %d" % i, "render --frame %d scene_%d.ma" % (i, g), state, now)
            if state == "FINISHED":
                wk = workers["node%d-1" % (lid % nworkers)]
                j.Worker, j.Try, j.Duration = wk.Name, 1, 12.5 + i % 7
                a = Activity()
                a.ID, a.Worker, a.JobID, a.JobTitle = len(activities), wk.Name, lid, j.Title
                a.State, a.Start, a.Duration = "FINISHED", now - 100, j.Duration
                activities[a.ID] = a
                wk.Finished += 1
                wk.LastJob = lid
            jobs[lid] = j
            jobs[gid].Children.append(lid)
    with open(out, "wb") as fo:
        for value in (8, next_id, len(activities)):
            cPickle.dump(value, fo)
        for table in (activities, jobs, workers):
            keys = table.keys()
            blocks = (len(keys) + 9999) // 10000
            cPickle.dump(blocks, fo)
            for b in range(blocks):
                cPickle.dump(dict((k, table[k]) for k in keys[b * 10000:(b + 1) * 10000]), fo)


main()
