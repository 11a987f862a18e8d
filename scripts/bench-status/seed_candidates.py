#!/usr/bin/env python3
"""Creates N candidates through POST /users/ (multipart) and prints their ids,
one per line. Standard library only, a few threads."""
import concurrent.futures
import json
import sys
import urllib.request
import uuid


# A resume of typical length (~3 KB of text): the user document a status read
# fetches is then as large as in production.
RESUME = ("Senior full stack engineer. " + " ".join(
    f"Built and operated service {n} with React, Next.js, FastAPI and Django on Google Cloud Run, "
    f"with Cloud SQL, Pub/Sub and Kubernetes; led a team of {n % 7 + 2}." for n in range(20)))


def create(base: str, i: int) -> str:
    boundary = uuid.uuid4().hex
    fields = {"first_name": f"Bench{i}", "last_name": "Candidate", "email": f"bench{i}@example.com",
              "phone": "555-0100"}
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="r.txt"\r\n'
                 f'Content-Type: text/plain\r\n\r\n{RESUME}\r\n')
    parts.append(f"--{boundary}--\r\n")
    req = urllib.request.Request(base + "/users/", data="".join(parts).encode(), method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)["user_id"]


def main() -> None:
    base, n = sys.argv[1], int(sys.argv[2])
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: create(base, i), range(n)))
    print("\n".join(ids))


if __name__ == "__main__":
    main()
