"""Job workers as real processes for tests: `flask --app app jobs work` against the test mongod."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_DB

ROOT = Path(__file__).resolve().parent.parent


def start_worker(mongod, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, **settings):
    """A worker process on the test database with a short lease, in its own process group (so
    killing it kills whatever it started, and nothing else); `settings` go in its environment."""
    env = {
        **os.environ,
        "MONGODB_URI": mongod.uri,
        "MONGODB_DB": TEST_DB,
        "SECRET_KEY": "test-secret",
        "JOB_LEASE_SECONDS": "2",
        "JOB_POLL_SECONDS": "0.1",
        "PYTHONUNBUFFERED": "1",
        **{name: str(value) for name, value in settings.items()},
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "work"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=stdout, stderr=stderr, start_new_session=True)


def stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(30)


def wait_for(condition, seconds, what):
    """What `condition()` returns once it is true, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")
