"""Behind trusted reverse proxies, sign-in throttles key on the real client; the secret key file
appears whole or not at all."""

import threading

import pytest

import app as app_module
from app import create_app
from documents import LoginThrottle
from tests.conftest import TEST_DB, make_user


def proxied_app(mongod, proxies):
    return create_app(
        {
            "TESTING": True,
            "MONGODB_URI": mongod.uri,
            "MONGODB_DB": TEST_DB,
            "SECRET_KEY": "test-secret",
            "TRUSTED_PROXIES": proxies,
        }
    )


def fail_sign_ins(client, forwarded_for, times):
    """Failed sign-ins arriving through the proxy (one address) for the client `forwarded_for`."""
    headers = {"X-Forwarded-For": forwarded_for}
    statuses = []
    for n in range(times):
        page = client.get("/login", headers=headers).get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post(
            "/login",
            data={"username": f"khong-co-{n}", "password": "sai-mat-khau-roi", "csrf_token": token},
            headers=headers,
        )
        statuses.append(response.status_code)
    return statuses


def test_clients_behind_a_trusted_proxy_are_throttled_apart(app, mongod):
    make_user()
    proxied = proxied_app(mongod, 1)
    first, second = proxied.test_client(), proxied.test_client()
    assert set(fail_sign_ins(first, "203.0.113.7", LoginThrottle.FREE["address"])) == {200}
    assert fail_sign_ins(first, "203.0.113.7", 1) == [429]
    assert fail_sign_ins(second, "198.51.100.9", 1) == [200]
    assert LoginThrottle.objects(id="address:203.0.113.7").count() == 1
    assert LoginThrottle.objects(id="address:127.0.0.1").count() == 0


def test_without_trusted_proxies_the_forwarded_header_is_ignored(app, mongod):
    make_user()
    direct = proxied_app(mongod, 0)
    first, second = direct.test_client(), direct.test_client()
    fail_sign_ins(first, "203.0.113.7", LoginThrottle.FREE["address"] + 1)
    assert fail_sign_ins(second, "198.51.100.9", 1) == [429]
    assert LoginThrottle.objects(id="address:203.0.113.7").count() == 0


def test_trusted_proxies_come_from_the_environment(app, mongod, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    configured = create_app({"TESTING": True, "MONGODB_URI": mongod.uri, "MONGODB_DB": TEST_DB})
    assert configured.config["TRUSTED_PROXIES"] == "2"
    assert configured.wsgi_app.x_for == 2


def test_workers_starting_together_share_one_whole_secret(tmp_path):
    path = tmp_path / "var" / "secret_key"
    secrets, start = [], threading.Barrier(8)

    def worker():
        start.wait()
        secrets.append(app_module._shared_secret(path))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(secrets) == 8 and len(set(secrets)) == 1
    assert len(secrets[0]) == 64
    assert path.read_text() == secrets[0]
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no temporary file left


def test_a_secret_file_still_empty_is_read_again(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("")
    timer = threading.Timer(0.2, path.write_text, args=["a" * 64])
    timer.start()
    try:
        assert app_module._shared_secret(path) == "a" * 64
    finally:
        timer.join()


def test_a_secret_file_that_stays_empty_is_an_error(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("")
    with pytest.raises(RuntimeError, match="empty"):
        app_module._shared_secret(path, wait=0.2)
