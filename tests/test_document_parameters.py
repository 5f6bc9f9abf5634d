"""A domain document's parameters (exports/parameters.py): the period and person it is about, read
alike from `documents render` and from the register's form, refused in Vietnamese at the option
or the input, kept with the draft and shown on its page. Tried on the decision assigning tasks
(giao_viec_dot_pha, PARAMETERS = ("year",))."""

import io
import re

import pytest
from bson import ObjectId
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from documents import OfficialDocument, Person
from exports import breakthrough_assignment, parameters
from exports import official_document as printing
from tests.conftest import csrf_token
from tests.html_forms import form_fields
from tests.test_breakthrough_assignment import cadre
from tests.test_breakthrough_tasks import new_task, signed_in

REGISTER = "/admin/official_document/"
RENDER = ["documents", "render", "giao_viec_dot_pha", "--unit", "06526", "--body", "HU"]


def pdf_text(data):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def at_field(page, name):
    """The error messages Flask-Admin shows under the input `name`."""
    found = re.search(
        rf'is-invalid" id="{name}"[^>]*>\s*<div class="invalid-feedback">(.*?)</div>', page, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


# The command line.


def test_the_command_prints_the_decision_for_the_year_and_date_given(app, task_place, tmp_path):
    new_task(task_place, content="Tuyển quân đạt chỉ tiêu", start_year=2026)
    new_task(task_place, content="Việc năm trước", start_year=2025)
    out = tmp_path / "qd.pdf"
    result = app.test_cli_runner().invoke(
        args=[*RENDER, "--year", "2026", "--date", "2026-03-05", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "quyết định về việc giao việc đột phá, đổi mới năm 2026 cho cán bộ xã Nam Quan" in result.output
    text = pdf_text(out.read_bytes())
    assert "Lộc Bình, ngày 05 tháng 3 năm 2026" in text and "Tuyển quân đạt chỉ tiêu" in text
    assert "Việc năm trước" not in text and OfficialDocument.objects.count() == 0


def test_the_commands_help_says_what_date_means(app):
    result = app.test_cli_runner().invoke(args=["documents", "render", "--help"])
    for option in ("--year", "--quarter", "--month", "--person", "--date"):
        assert option in result.output
    assert "also the day the data is as of" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "Lỗi: --year: Hãy nhập năm."),
        (["--year", "20x6"], "Lỗi: --year: Năm phải là số có 4 chữ số"),
        (["--year", "1800"], "Lỗi: --year: Năm phải là số có 4 chữ số, từ 1945"),
        (["--year", "2026", "--quarter", "2"], "không dùng tùy chọn --quarter."),
        (["--year", "2026", "--month", "2026-03"], "không dùng tùy chọn --month."),
        (["--year", "2026", "--person", "x"], "không dùng tùy chọn --person."),
    ],
)
def test_the_command_refuses_a_missing_bad_or_unused_parameter(app, task_place, tmp_path, args, said):
    out = tmp_path / "qd.pdf"
    result = app.test_cli_runner().invoke(args=[*RENDER, *args, "--out", str(out)])
    assert result.exit_code == 1 and said in result.output and result.output.startswith("Lỗi: ")
    assert not out.exists()


def test_a_kind_without_parameters_prints_as_before_and_takes_no_year(app, task_place, tmp_path):
    out = tmp_path / "ds.pdf"
    command = ["documents", "render", "danh_sach_can_bo", "--unit", "06526", "--out", str(out)]
    assert app.test_cli_runner().invoke(args=command).exit_code == 0
    result = app.test_cli_runner().invoke(args=[*command, "--year", "2026"])
    assert result.exit_code == 1 and "không dùng tùy chọn --year" in result.output


def test_each_option_is_read_and_refused_for_a_kind_that_takes_it(app, task_place, tmp_path, monkeypatch):
    """The decision made to take every parameter: each option read, each bad value refused."""
    monkeypatch.setattr(
        breakthrough_assignment, "OPTIONAL_PARAMETERS", ("quarter", "month", "date", "person"), raising=False
    )
    out, runner = tmp_path / "qd.pdf", app.test_cli_runner()
    other = cadre(task_place, "Lý Văn Cường", "nhan_ly", "Chủ tịch UBND xã Nhân Lý")
    refusals = [
        (["--quarter", "5"], "--quarter: Quý là một số từ 1 đến 4."),
        (["--month", "2026-13"], "--month: Tháng không hợp lệ"),
        (["--month", "tháng ba"], "--month: Tháng không hợp lệ"),
        (["--person", "abc"], "--person: Không có cán bộ mã abc."),
        (["--person", str(ObjectId())], "--person: Không có cán bộ mã"),
        (["--person", str(other.pk)], f"--person: Không có cán bộ mã {other.pk} thuộc xã Nam Quan."),
    ]
    for args, said in refusals:
        result = runner.invoke(args=[*RENDER, "--year", "2026", *args, "--out", str(out)])
        assert result.exit_code == 1 and said in result.output, (args, result.output)
    taken = ["--quarter", "2", "--month", "2026-03", "--person", str(task_place["cadre"].pk)]
    result = runner.invoke(
        args=[*RENDER, "--year", "2026", *taken, "--date", "2026-03-05", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The summary names the month over the quarter and the year.
    assert "đổi mới tháng 3 năm 2026 cho cán bộ" in result.output


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("year", "2026", 2026),
        ("year", 2026, 2026),
        ("quarter", "4", 4),
        ("month", "2026-03", "2026-03"),
        ("month", "3/2026", "2026-03"),
        ("month", "03/2026", "2026-03"),
        ("date", "2026-03-05", "2026-03-05"),
        ("date", "05/03/2026", "2026-03-05"),
    ],
)
def test_each_parameter_is_read_from_the_command_lines_and_the_forms_writing(name, typed, stored):
    assert parameters.TYPES[name].read(typed) == stored


@pytest.mark.parametrize(
    ("name", "typed"),
    [("year", "26"), ("quarter", "0"), ("month", "2026-00"), ("month", "13/2026"), ("date", "30/02/2026")],
)
def test_a_badly_written_parameter_is_refused_in_vietnamese(name, typed):
    with pytest.raises(ValueError, match=parameters.TYPES[name].label):
        parameters.TYPES[name].read(typed)


def test_the_stored_values_read_in_words(task_place):
    values = {"year": 2026, "quarter": 2, "date": "2026-03-05", "person": str(task_place["cadre"].pk)}
    assert parameters.described({**values, "table": {}}) == [
        ("Năm", "2026"),
        ("Quý", "2"),
        ("Ngày", "05/03/2026"),
        ("Cán bộ", "Hoàng Văn Tâm"),
    ]
    assert parameters.period_words(values) == "quý 2 năm 2026"
    assert parameters.period_words({"month": "2026-03"}) == "tháng 3 năm 2026"


# The register's form.


def draft_form(client, place, **fields):
    values = {
        "csrf_token": csrf_token(client, f"{REGISTER}new/"),
        "kind": "giao_viec_dot_pha",
        "body": str(place["body"].pk),
        "unit": str(place["nam_quan"].pk),
        "document_type": "QĐ",
        "summary": "",
        "opening": "",
        "recipients": "",
        **fields,
    }
    return client.post(f"{REGISTER}new/", data=values)


def test_the_form_offers_the_inputs_the_kind_takes(app, task_place):
    client = signed_in(app, "huyen")
    page = client.get(f"{REGISTER}new/").get_data(as_text=True)
    for name in ("year", "quarter", "month", "date", "person"):
        assert f'id="{name}"' in page
    kinds = re.search(r'data-kind-parameters="([^"]*)"', page).group(1).replace("&#34;", '"')
    assert '"giao_viec_dot_pha": {"required": ["year"], "optional": []}' in kinds
    assert "danh_sach_can_bo" not in kinds


@pytest.mark.parametrize(("year", "said"), [("", "Hãy nhập năm."), ("20x6", "Năm phải là số có 4 chữ số")])
def test_a_missing_or_bad_year_is_refused_at_its_input(app, task_place, year, said):
    client = signed_in(app, "huyen")
    response = draft_form(client, task_place, year=year)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and said in at_field(page, "year")
    assert OfficialDocument.objects.count() == 0


def test_the_year_is_stored_shown_and_kept_by_an_edit_and_the_summary_follows_it(app, task_place):
    new_task(task_place, content="Tuyển quân đạt chỉ tiêu", start_year=2026)
    new_task(task_place, content="Xây dựng nông thôn mới", start_year=2025)  # issued below for 2025
    client = signed_in(app, "huyen")
    assert draft_form(client, task_place, year=" 2026 ").status_code == 302
    document = OfficialDocument.objects.get()
    assert document.parameters == {"year": 2026} and document.document_type == "QĐ"
    assert document.summary == "về việc giao việc đột phá, đổi mới năm 2026 cho cán bộ xã Nam Quan"
    details = client.get(f"{REGISTER}details/?id={document.pk}").get_data(as_text=True)
    assert "Tham số" in details and "Năm: 2026" in details and "{'year'" not in details  # history too

    edit = f"{REGISTER}edit/?id={document.pk}"
    fields = form_fields(client.get(edit).get_data(as_text=True))
    assert ("year", "2026") in fields
    changed = [(k, "Căn cứ Kế hoạch số 12-KH/HU" if k == "opening" else v) for k, v in fields]
    assert client.post(edit, data=MultiDict(changed)).status_code == 302
    document.reload()
    assert document.parameters == {"year": 2026} and document.opening == "Căn cứ Kế hoạch số 12-KH/HU"

    fields = form_fields(client.get(edit).get_data(as_text=True))
    assert (
        client.post(edit, data=MultiDict([(k, "2025" if k == "year" else v) for k, v in fields])).status_code
        == 302
    )
    document.reload()
    assert document.parameters == {"year": 2025} and "năm 2025" in document.summary  # left as the usual one

    printing.issue(document)
    document.reload()
    assert document.parameters == {"year": 2025} and document.snapshot["data"]["year"] == 2025


def test_a_summary_typed_by_staff_is_kept_when_the_year_changes(app, task_place):
    client = signed_in(app, "huyen")
    assert draft_form(client, task_place, year="2026", summary="giao việc đột phá đợt 2").status_code == 302
    document = OfficialDocument.objects.get()
    edit = f"{REGISTER}edit/?id={document.pk}"
    fields = form_fields(client.get(edit).get_data(as_text=True))
    assert (
        client.post(edit, data=MultiDict([(k, "2025" if k == "year" else v) for k, v in fields])).status_code
        == 302
    )
    document.reload()
    assert document.summary == "giao việc đột phá đợt 2" and document.parameters == {"year": 2025}


def test_a_kind_without_parameters_keeps_none(app, task_place):
    client = signed_in(app, "huyen")
    response = draft_form(
        client, task_place, kind="danh_sach_can_bo", document_type="BC", year="2026", month="x"
    )
    assert response.status_code == 302
    document = OfficialDocument.objects.get()
    assert document.parameters == {} and document.summary == "danh sách cán bộ, đảng viên xã Nam Quan"


def test_a_person_out_of_the_accounts_scope_is_refused_like_an_unknown_one(app, task_place):
    other = cadre(task_place, "Lý Văn Cường", "nhan_ly", "Chủ tịch UBND xã Nhân Lý")
    client = signed_in(app, "xa")
    for person in (other.pk, ObjectId()):
        page = draft_form(client, task_place, year="2026", person=str(person)).get_data(as_text=True)
        assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page and "Lý Văn Cường" not in page
    assert OfficialDocument.objects.count() == 0
    assert Person.objects(pk=other.pk).count() == 1


def test_a_draft_whose_parameters_no_longer_hold_is_not_printed_and_says_why(app, task_place):
    """A draft made without its year (by code) is refused at preview and issue, saying what to fix."""
    document = printing.new_draft("giao_viec_dot_pha", task_place["body"], task_place["nam_quan"]).save()
    client = signed_in(app, "huyen")
    response = client.get(f"{REGISTER}preview/?id={document.pk}", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "Chưa in thử được: Hãy sửa dự thảo: Hãy nhập năm." in response.get_data(as_text=True)
    details = f"{REGISTER}details/?id={document.pk}"
    issued = client.post(
        f"{REGISTER}issue/?id={document.pk}", data={"csrf_token": csrf_token(client, details)}
    )
    assert issued.status_code == 302 and OfficialDocument.objects.get(pk=document.pk).status == "draft"
