#!/usr/bin/env python3
"""Against servers on the Firestore emulator (URLs on the command line):
  placements N URL...   N candidates join at once through the given instances;
                        prints placements per second
  roundtrips URL ID K   K status polls of one candidate; prints store calls per poll
Candidate ids come from stdin (placements) or the command line (roundtrips)."""
import concurrent.futures
import json
import sys
import time
import urllib.request


def post_join(base, uid):
    req = urllib.request.Request(base + "/users/join", data=json.dumps({"user_id": uid}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def store_calls(base):
    s = get(base + "/stats")["store"]
    return s["gets"] + s["queries"] + s["counts"]


def main():
    if sys.argv[1] == "placements":
        n, urls = int(sys.argv[2]), sys.argv[3:]
        ids = [line.strip() for line in sys.stdin if line.strip()][:n]
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            results = list(pool.map(lambda a: post_join(urls[a[0] % len(urls)], a[1]), enumerate(ids)))
        wall = time.perf_counter() - start
        placed = sum(1 for r in results if r["status"] in ("in_session", "pending"))
        print(f"{placed}/{n} placed through {len(urls)} instance(s) in {wall:.2f} s: {placed / wall:.1f} placements/s")
    else:
        base, uid, k = sys.argv[2], sys.argv[3], int(sys.argv[4])
        position = get(f"{base}/status/{uid}")["queue_number"]
        before = store_calls(base)
        for _ in range(k):
            get(f"{base}/status/{uid}")
        calls = store_calls(base) - before - 2  # /stats itself counts slots and queue once
        print(f"queue position {position}: {calls / k:.2f} store calls per /status")


if __name__ == "__main__":
    main()
