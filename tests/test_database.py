from mongoengine.connection import get_connection, get_db

from documents import Unit


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
