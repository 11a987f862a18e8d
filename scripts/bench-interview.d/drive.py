#!/usr/bin/env python3
"""Drives /interview/respond for the interview benchmark.

overhead BASE N       N candidates answer 10 times each, one answer at a time (an
                      interview's length); prints p50/p90/p99 ms over all answers
burst BASE K          K candidates (already in session) answer at the same moment;
                      prints each reply's time and the slowest
Candidate ids are read from stdin, one per line."""
import concurrent.futures
import json
import statistics
import sys
import time
import urllib.request


def post(base, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.load(r)


def timed_respond(base, uid, n):
    t = time.perf_counter()
    status, body = post(base, "/interview/respond", {"user_id": uid, "user_response": f"Answer number {n} about React."})
    return (time.perf_counter() - t) * 1000, status


def main():
    mode, base, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ids = [line.strip() for line in sys.stdin if line.strip()]
    if mode == "overhead":
        samples = []
        for uid in ids[:n]:
            post(base, "/interview/start", {"user_id": uid})
            samples += [timed_respond(base, uid, i)[0] for i in range(10)]
        samples.sort()
        q = lambda p: samples[min(len(samples) - 1, int(p * len(samples)))]
        print(f"respond latency over {len(samples)} answers ({n} candidates x 10): p50 {q(0.5):.2f} ms, "
              f"p90 {q(0.9):.2f} ms, p99 {q(0.99):.2f} ms, mean {statistics.mean(samples):.2f} ms")
        # The server times each model call (the stand-in's HTTP round trip included).
        with urllib.request.urlopen(base + "/stats", timeout=10) as r:
            h = json.load(r)["histograms"]["llm_call_seconds"]
        if h["count"]:
            model_ms = h["sum"] / h["count"] * 1000
            t = time.perf_counter()
            for _ in range(200):
                urllib.request.urlopen(base + "/health/live", timeout=10).read()
            client_ms = (time.perf_counter() - t) / 200 * 1000
            print(f"model call mean {model_ms:.2f} ms over {h['count']} calls; client round trip (GET /health/live) "
                  f"mean {client_ms:.2f} ms; service overhead at p50 ~ {q(0.5) - model_ms - client_ms:.2f} ms")
    else:
        for uid in ids[:n]:
            post(base, "/interview/start", {"user_id": uid})
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(n) as pool:
            results = list(pool.map(lambda a: timed_respond(base, a[1], a[0]), enumerate(ids[:n])))
        wall = (time.perf_counter() - start) * 1000
        times = sorted(r[0] for r in results)
        ok = sum(1 for r in results if r[1] == 200)
        print(f"{n} candidates answering at once: {ok}/{n} answered 200; fastest {times[0]:.0f} ms, "
              f"median {times[len(times) // 2]:.0f} ms, slowest {times[-1]:.0f} ms; all done in {wall:.0f} ms")


if __name__ == "__main__":
    main()
