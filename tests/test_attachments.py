"""Attachments: in GridFS, reached only through the scoped record, always downloaded, never rendered."""

import io

import pytest
from mongoengine.connection import get_db

from documents import HistoryEntry, Household, TrashedRecord
from tests.conftest import csrf_token, login, make_user

PDF = b"%PDF-1.4\n% bien ban hop chi bo\n%%EOF\n"


@pytest.fixture
def household(district):
    return Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()


def details(household):
    return f"/admin/household/details/?id={household.pk}"


def upload(client, household, data, name, token=True):
    form = {"file": (io.BytesIO(data), name)}
    if token:
        form["csrf_token"] = csrf_token(client, details(household))
    return client.post(
        f"/admin/household/attachment/upload/?id={household.pk}",
        data=form,
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def download(client, household, entry):
    return client.get(f"/admin/household/attachment/?id={household.pk}&file={entry.file_id}")


def test_a_file_is_stored_listed_and_returned_byte_for_byte(admin_client, household):
    page = upload(admin_client, household, PDF, "Biên bản họp chi bộ.pdf").get_data(as_text=True)
    assert "Đã đính kèm tệp «Biên bản họp chi bộ.pdf»." in page
    entry = Household.objects.get(pk=household.pk).attachments[0]
    assert (entry.name, entry.size, entry.uploaded_by) == ("Biên bản họp chi bộ.pdf", len(PDF), "admin")
    assert "Biên bản họp chi bộ.pdf" in admin_client.get(details(household)).get_data(as_text=True)

    response = download(admin_client, household, entry)
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    last = HistoryEntry.of(household).first()
    assert (last.action, last.changed) == ("edit", ["attachments"])


@pytest.mark.parametrize("name", ["trang.html", "hinh.svg", "bieu-mau.htm", "khong-duoi"])
def test_markup_is_never_served_as_markup(admin_client, household, name):
    markup = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>"
    upload(admin_client, household, markup, name)
    entry = Household.objects.get(pk=household.pk).attachments[0]
    response = download(admin_client, household, entry)
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_files_follow_the_unit_tree(client, district, household):
    theirs = Household(code="NL-1", head_name="Hoàng Thị Lan", hamlet=district["ban_chanh"]).save()
    make_user("admin")
    login(client, "admin")
    upload(client, theirs, PDF, "cua-nhan-ly.pdf")
    upload(client, household, PDF, "cua-nam-quan.pdf")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    their_file = Household.objects.get(pk=theirs.pk).attachments[0]
    our_file = Household.objects.get(pk=household.pk).attachments[0]

    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    assert download(client, household, our_file).status_code == 200
    assert download(client, theirs, their_file).status_code == 404
    # Their file asked for through our record, and Flask-Admin's raw GridFS route: both closed.
    assert download(client, household, their_file).status_code == 404
    raw = f"/admin/household/api/file/?id={their_file.file_id}&coll=attachments"
    assert client.get(raw).status_code == 404
    url = f"/admin/household/attachment/upload/?id={theirs.pk}"
    data = {"csrf_token": csrf_token(client, details(household)), "file": (io.BytesIO(PDF), "x.pdf")}
    assert client.post(url, data=data, content_type="multipart/form-data").status_code == 404


def test_a_viewer_downloads_but_does_not_upload(client, district, household):
    make_user("admin")
    login(client, "admin")
    upload(client, household, PDF, "bien-ban.pdf")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    entry = Household.objects.get(pk=household.pk).attachments[0]
    assert download(client, household, entry).data == PDF
    page = client.get(details(household)).get_data(as_text=True)
    assert 'type="file"' not in page and "Gỡ" not in page
    assert upload(client, household, PDF, "them.pdf").status_code == 403
    assert len(Household.objects.get(pk=household.pk).attachments) == 1


def test_an_upload_without_the_form_token_is_refused(admin_client, household):
    page = upload(admin_client, household, PDF, "bien-ban.pdf", token=False).get_data(as_text=True)
    assert "CSRF" in page
    assert Household.objects.get(pk=household.pk).attachments == []
    assert get_db()["attachments.files"].count_documents({}) == 0


def test_an_empty_or_missing_file_is_refused_with_a_message(admin_client, household):
    assert "Tệp rỗng" in upload(admin_client, household, b"", "rong.pdf").get_data(as_text=True)
    assert Household.objects.get(pk=household.pk).attachments == []


def test_a_too_large_file_gets_a_vietnamese_page(app, admin_client, household):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = upload(admin_client, household, b"x" * (128 * 1024), "lon.pdf")
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert Household.objects.get(pk=household.pk).attachments == []


def test_a_removed_file_comes_back_with_an_earlier_version(admin_client, household):
    upload(admin_client, household, PDF, "bien-ban.pdf")
    record = Household.objects.get(pk=household.pk)
    entry = record.attachments[0]
    url = f"/admin/household/attachment/remove/?id={household.pk}&file={entry.file_id}"
    page = admin_client.post(
        url, data={"csrf_token": csrf_token(admin_client, details(household))}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Đã gỡ tệp «bien-ban.pdf»" in page
    assert Household.objects.get(pk=household.pk).attachments == []
    assert download(admin_client, household, entry).status_code == 404

    token = csrf_token(admin_client, details(household))
    admin_client.post(f"/admin/household/restore/?id={household.pk}&version=2", data={"csrf_token": token})
    assert download(admin_client, household, entry).data == PDF


def test_purging_a_record_deletes_its_files(admin_client, household):
    upload(admin_client, household, PDF, "bien-ban.pdf")
    Household.objects.get(pk=household.pk).delete()
    assert get_db()["attachments.files"].count_documents({}) == 1  # still restorable from the trash
    TrashedRecord.objects.get(record_id=household.pk).purge()
    assert get_db()["attachments.files"].count_documents({}) == 0
    assert get_db()["attachments.chunks"].count_documents({}) == 0
