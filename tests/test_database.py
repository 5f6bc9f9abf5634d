import signal

import pymongo
from mongoengine.connection import get_connection, get_db

from documents import Unit
from documents.database import LocalMongod


def test_database_is_a_replica_set_with_majority_writes(app):
    client = get_connection()
    assert client.admin.command("hello")["setName"] == "rs0"
    assert client.write_concern.document == {"w": "majority"}
    assert client.options.retry_writes is True


def test_database_runs_multi_document_transactions(app):
    client = get_connection()
    units = get_db()[Unit._get_collection_name()]
    with client.start_session() as session, session.start_transaction():
        units.insert_one({"kind": "tinh", "code": "T1", "name": "A"}, session=session)
        units.insert_one({"kind": "tinh", "code": "T2", "name": "B"}, session=session)
        assert units.count_documents({}) == 0
    assert units.count_documents({}) == 2


def test_local_mongod_starts_again_after_being_killed(tmp_path):
    """A mongod killed mid-run leaves its lock and pid file behind; the next start recovers."""
    first = LocalMongod(tmp_path).start()
    with pymongo.MongoClient(first.uri, w="majority") as client:
        client.db.saves.insert_one({"n": 1})
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    second = LocalMongod(tmp_path).start()
    try:
        assert second.owner
        with pymongo.MongoClient(second.uri) as client:
            assert client.db.saves.count_documents({"n": 1}) == 1
    finally:
        second.stop()
    assert not (tmp_path / "mongod.pid").exists()


def test_second_start_on_the_same_data_reuses_the_running_mongod(tmp_path):
    with LocalMongod(tmp_path) as owner:
        guest = LocalMongod(tmp_path).start()
        assert (guest.owner, guest.port) == (False, owner.port)
        guest.stop()
        assert owner.process.poll() is None
