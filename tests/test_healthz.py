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


def test_pages_answer_in_vietnamese_when_the_database_is_down(mongod):
    app = create_app(
        {"MONGODB_URI": f"mongodb://127.0.0.1:{free_port()}/", "MONGODB_DB": "down_test", "SECRET_KEY": "x"}
    )
    signed_in = app.test_client()
    signed_in.set_cookie("bantochuc_session", "a-token-from-before-the-outage")
    response = signed_in.get("/admin/unit/")
    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không phản hồi" in response.get_data(as_text=True)
    visitor = app.test_client()
    assert visitor.get("/login").status_code == 200
    response = visitor.post("/login", data={"username": "admin", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 200
    assert "CSRF" in response.get_data(as_text=True)


def test_unknown_page_answers_404_in_vietnamese(client):
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)
