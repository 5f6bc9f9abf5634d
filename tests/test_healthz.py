from app import create_app
from documents.database import free_port


def test_healthz_reports_database_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"]["version"].startswith("6.")


def test_healthz_answers_503_when_database_is_down(mongod):
    app = create_app(
        {
            "MONGODB_URI": f"mongodb://127.0.0.1:{free_port()}/",
            "MONGODB_DB": "down_test",
            "SECRET_KEY": "x",
            "TESTING": True,
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": {"status": "down"}}
