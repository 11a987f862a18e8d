"""The same /status JSON from FastAPI with no I/O at all: the baseline the
C++ server is compared against in scripts/bench."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/status/{user_id}")
def status(user_id: str):
    return {"user_id": user_id, "status": "pending", "queue_number": 1}
