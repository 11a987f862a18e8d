#!/usr/bin/env python3
"""Creates candidates through POST /users/ at a steady rate until killed (each
creation is a commit, and its join another): the writes that a /status poll
meets in production. Prints how many it created when stopped."""
import signal
import sys
import time

from seed_candidates import create


def main() -> None:
    base, rate = sys.argv[1], float(sys.argv[2])
    created = 0
    signal.signal(signal.SIGTERM, lambda *_: (print(created, flush=True), sys.exit(0)))
    start = time.monotonic()
    while True:
        create(base, 100000 + created)
        created += 1
        delay = start + created / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)


if __name__ == "__main__":
    main()
