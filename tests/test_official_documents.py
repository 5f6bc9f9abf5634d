"""Official documents: the layout read back from the PDFs, the fonts embedded, the fetcher's
refusals, and the issuance register's numbers, locks, withdrawals and replacements."""

import datetime
import hashlib
import io
import threading

import pytest
from fontTools.ttLib import TTFont
from mongoengine import ValidationError
from pypdf import PdfReader

from documents import HistoryEntry, IssuingBody, OfficialDocument, PartyOrganization, Person, Position
from documents.official_document import NotDraft, date_line, symbol
from documents.text import figure
from exports import official_document as printing
from exports.pdf import ConsoleFetcher, RefusedAddress, render_pdf
from tests.conftest import commune_peoples_committee, csrf_token, district_committee, login, make_user

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def bodies(district):
    party = district_committee(district["district"])
    state = commune_peoples_committee(district["nam_quan"])
    return {"party": party, "state": state}


@pytest.fixture
def people(district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    post = Position(title="Bí thư Đảng ủy xã", start=datetime.date(2020, 6, 1))
    head = Person(
        full_name="Lường Thị Nguyệt",
        gender="nu",
        birth_year=1979,
        ethnicity="Tày",
        category="can_bo",
        unit=district["nam_quan"],
        party_organization=cell,
        admitted_on=datetime.date(2001, 2, 3),
        positions=[post],
    ).save()
    member = Person(
        full_name="Hoàng Văn Đức",
        gender="nam",
        birth_year=1990,
        ethnicity="Nùng",
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(2015, 9, 2),
    ).save()
    Person(
        full_name="Nông Văn Quần",
        gender="nam",
        birth_year=1985,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    return {"head": head, "member": member, "cell": cell}


def pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def top_margin_text(data):
    """What each page prints in its top margin (above the 20 mm line): the page number, if any."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height, parts = float(page.mediabox.height), []

        def visit(text, cm, tm, font, size, parts=parts, height=height):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > height - 20 / 25.4 * 72:
                parts.append(text.strip())

        page.extract_text(visitor_text=visit)
        found.append(" ".join(parts))
    return found


def draft(kind, body, unit, **fields):
    return printing.new_draft(kind, body, unit, **fields).save()


# The layout, read back.


def test_a_party_report_prints_its_header_number_date_table_and_signature(district, bodies, people):
    document = draft("danh_sach_can_bo", bodies["party"], district["nam_quan"])
    data = printing.issue(document, DAY)
    first, *rest = pages(data)
    for text in (
        "ĐẢNG BỘ TỈNH LẠNG SƠN",
        "HUYỆN ỦY LỘC BÌNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-BC/HU",
        "Lộc Bình, ngày 05 tháng 3 năm 2026",
        "BÁO CÁO",
        "danh sách cán bộ, đảng viên xã Nam Quan",
        "Nơi nhận:",
        "- Tỉnh ủy Lạng Sơn,",
        "- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Hoàng Văn Nam",
    ):
        assert text in first, text
    assert "DỰ THẢO" not in first and "Số:" not in first
    assert top_margin_text(data)[:2] == ["", "2"]  # page numbers from the second page on
    annex = rest[0]
    for text in (
        "PHỤ LỤC",
        "(Kèm theo Báo cáo số 01-BC/HU ngày 05 tháng 3 năm 2026 của Huyện ủy Lộc Bình)",
        "Lường Thị Nguyệt",
        "Bí thư Đảng ủy xã",
        "Hoàng Văn Đức",
        "Chi bộ thôn Đoàn Kết",
        "03/02/2001",
    ):
        assert text in annex, text
    assert "Nông Văn Quần" not in annex  # not a cadre, not a party member


def test_a_state_document_prints_the_national_title_motto_and_its_own_number_form(district, bodies, people):
    document = draft("danh_sach_can_bo", bodies["state"], district["nam_quan"], document_type="DS")
    first = " ".join(pages(printing.issue(document, datetime.date(2026, 2, 9)))[0].split())
    for text in ("UBND HUYỆN LỘC BÌNH", "ỦY BAN NHÂN DÂN XÃ NAM QUAN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 01/DS-UBND", "Nam Quan, ngày 09 tháng 02 năm 2026",
                 "DANH SÁCH", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "- Lưu: VT."):  # fmt: skip  # as printed
        assert text in first, text
    assert "ĐẢNG CỘNG SẢN" not in first


def test_the_organization_report_counts_communes_hamlets_households_and_members(district, bodies, people):
    document = draft("bao_cao_to_chuc", bodies["party"], district["district"])
    text = " ".join(" ".join(pages(printing.preview(document, DAY))).split())
    assert "DỰ THẢO" in text and "Số -BC/HU" in text  # a draft has no number yet
    assert "2 đơn vị hành chính cấp xã (2 xã) với 3 thôn" in text
    for text_part in ("Xã Nam Quan", "Xã Nhân Lý", "Thôn Đoàn Kết", "Thôn Bản Chành", "Chi bộ thôn Đoàn Kết"):
        assert text_part in text
    table = printing.snapshot(document, DAY)["data"]
    nam_quan = next(row for row in table["table"]["rows"] if row[1] == "Xã Nam Quan")
    # hamlets, disadvantaged, households, population, cells, members: the households are the
    # records (none entered), Đoàn Kết's declared 63 named in words
    assert nam_quan[2:] == [2, 0, 0, 0, 1, 2]
    assert "theo số liệu thống kê do các đơn vị khai báo, toàn huyện Lộc Bình có 63 hộ, 0 nhân khẩu" in text


def test_dates_take_leading_zeros_as_the_rule_books_say():
    assert date_line("Lộc Bình", datetime.date(2018, 4, 3)) == "Lộc Bình, ngày 03 tháng 4 năm 2018"
    assert date_line("Lộc Bình", datetime.date(2018, 2, 20)) == "Lộc Bình, ngày 20 tháng 02 năm 2018"
    assert date_line("Lộc Bình", datetime.date(2018, 12, 1)) == "Lộc Bình, ngày 01 tháng 12 năm 2018"
    assert symbol("dang_36", 5, "KH", "ĐU") == "Số 05-KH/ĐU"
    assert symbol("nha_nuoc_30", 12, "QĐ", "UBND") == "Số: 12/QĐ-UBND"


def test_only_liberation_serif_2_is_used_and_it_is_embedded(district, bodies, people):
    data = printing.preview(draft("danh_sach_can_bo", bodies["party"], district["nam_quan"]), DAY)
    embedded = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            program = descendant["/FontDescriptor"].get_object().get("/FontFile2")
            assert program is not None, f"{font['/BaseFont']} is not embedded"
            names = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
            embedded[str(font["/BaseFont"])] = (names.getDebugName(1), names.getDebugName(5))
    assert len(embedded) >= 3  # regular, bold, italic at least
    for family, version in embedded.values():
        # fonts-liberation2's files, not the older fonts-liberation (no ơ, ư) nor a fallback face
        assert family == "Liberation Serif" and version.startswith("Version 2."), (family, version)


# The fetcher and escaping.


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "http://example.com/a.css",
        "https://example.com/f.ttf",
        "data:text/css,body{}",
        "console:styles/../../../etc/passwd",
        "console:fonts/../../../../etc/passwd",
        "console:secret/x.css",
        "console:fonts/LiberationSerif-Regular.css",
        "console:styles/missing.css",
        "/etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_but_the_consoles_styles_and_fonts(address):
    fetcher = ConsoleFetcher()
    with pytest.raises(RefusedAddress):
        fetcher.fetch(address)
    assert fetcher.refused == [address]


def test_the_fetcher_serves_the_consoles_own_style_sheets_and_fonts():
    fetcher = ConsoleFetcher()
    assert fetcher.fetch("console:styles/official.css").read().startswith(b"/*")
    assert fetcher.fetch("console:fonts/LiberationSerif-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"


def test_a_document_asking_for_files_or_the_network_gets_nothing(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for print")
    fetcher = ConsoleFetcher()
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="file://{secret}">'
        '<p style="background: url(file:///etc/passwd)">Nội dung</p>'
    )
    data = render_pdf(html, fetcher)
    assert sorted(fetcher.refused) == sorted(
        ["http://127.0.0.1:9/x.css", f"file://{secret}", "file:///etc/passwd"]
    )
    assert "Nội dung" in pages(data)[0]


def test_user_text_holding_html_prints_as_text_and_fetches_nothing(district, bodies, people):
    trap = '<img src="file:///etc/passwd"><b>đậm</b>'
    people["member"].full_name = f"Lò Văn A {trap}"[:120]
    people["member"].save()
    document = draft(
        "danh_sach_can_bo",
        bodies["party"],
        district["nam_quan"],
        opening=f"Mở đầu {trap}",
        recipients=[f"Nơi {trap}"],
    )
    fetcher = ConsoleFetcher()
    html = printing.html(document, printing.snapshot(document, DAY), DAY, draft=True)
    assert trap not in html and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    text = " ".join("\n".join(pages(render_pdf(html, fetcher))).split())
    assert fetcher.refused == []  # nothing was even asked for
    assert 'Mở đầu <img src="file:///etc/passwd"><b>đậm</b>' in text
    assert 'LòVănA<imgsrc="file:///etc/passwd"><b>đậm</b>' in "".join(text.split())  # wrapped in its cell


# The register.


def test_issuing_numbers_freezes_stores_and_locks_the_document(district, bodies, people):
    document = draft("danh_sach_can_bo", bodies["party"], district["nam_quan"])
    data = printing.issue(document, DAY)
    stored = OfficialDocument.objects.get(pk=document.pk)
    assert (stored.status, stored.number, stored.symbol) == ("issued", 1, "Số 01-BC/HU")
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.pdf() == data
    assert stored.snapshot["body"]["name"] == "Huyện ủy Lộc Bình"
    assert [row[1] for row in stored.snapshot["data"]["table"]["rows"]] == [
        "Hoàng Văn Đức",
        "Lường Thị Nguyệt",
    ]
    assert [e.action for e in HistoryEntry.of(stored)] == ["issue", "issue", "create"]

    # Later changes to the data or the body do not touch the issued document.
    bodies["party"].name = "Đảng ủy huyện Lộc Bình"
    bodies["party"].save()
    people["member"].delete()
    assert OfficialDocument.objects.get(pk=document.pk).pdf() == data

    with pytest.raises(NotDraft):
        printing.issue(stored, DAY)
    stored.summary = "sửa sau khi ban hành"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()
    assert OfficialDocument.objects.get(pk=document.pk).summary == "danh sách cán bộ, đảng viên xã Nam Quan"


def test_party_numbers_run_per_type_across_the_term_and_state_numbers_restart_each_year(district, bodies):
    party, state = bodies["party"], bodies["state"]
    numbers = []
    for body, document_type, day in [
        (party, "BC", DAY), (party, "BC", datetime.date(2027, 1, 4)), (party, "QĐ", DAY),
        (state, "BC", DAY), (state, "QĐ", DAY), (state, "BC", datetime.date(2027, 1, 4)),
    ]:  # fmt: skip  # a table of cases, one row a line
        document = draft("danh_sach_can_bo", body, body.unit, document_type=document_type)
        document.take_number(day, {"body": body.printed(), "data": {}})
        numbers.append(OfficialDocument.objects.get(pk=document.pk).symbol)
    assert numbers == [
        "Số 01-BC/HU",
        "Số 02-BC/HU",
        "Số 01-QĐ/HU",  # the term goes on across the new year
        "Số: 01/BC-UBND",
        "Số: 02/QĐ-UBND",
        "Số: 01/BC-UBND",
    ]

    outside = draft("bao_cao_to_chuc", party, district["district"])
    with pytest.raises(ValidationError, match="nằm ngoài nhiệm kỳ"):
        outside.take_number(datetime.date(2031, 1, 2), {})
    assert OfficialDocument.objects.get(pk=outside.pk).status == "draft"


def test_fifty_staff_issuing_at_once_get_fifty_consecutive_numbers(app, district, bodies):
    documents = [draft("bao_cao_to_chuc", bodies["party"], district["district"]) for _ in range(50)]
    start = threading.Barrier(50)
    failures = []

    def issue(document):
        with app.app_context():
            start.wait()
            try:
                printing.issue(document, DAY)
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                failures.append(exc)

    threads = [threading.Thread(target=issue, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    issued = OfficialDocument.objects(status="issued")
    assert sorted(d.number for d in issued) == list(range(1, 51))
    assert len({d.sha256 for d in issued}) == 50  # each PDF carries its own number


def test_a_withdrawn_document_keeps_its_number_and_bytes_and_a_replacement_takes_the_next(district, bodies):
    first = draft("bao_cao_to_chuc", bodies["party"], district["district"])
    data = printing.issue(first, DAY)
    with pytest.raises(ValidationError, match="lý do"):
        first.withdraw("  ")
    replacement = draft("bao_cao_to_chuc", bodies["party"], district["district"], replaces=first)
    printing.issue(replacement, DAY)
    first.reload()
    assert (first.status, first.replaced_by.pk, first.pdf()) == ("replaced", replacement.pk, data)
    assert replacement.number == 2

    other = draft("bao_cao_to_chuc", bodies["party"], district["district"])
    printing.issue(other, DAY)
    other.withdraw("Sai số liệu")
    other.reload()
    assert (other.status, other.number, other.withdrawn_reason) == ("withdrawn", 3, "Sai số liệu")


# The console.

REGISTER = "/admin/official_document/"


def test_staff_make_a_draft_preview_it_issue_it_and_download_the_same_bytes(
    admin_client, district, bodies, people
):
    token = csrf_token(admin_client, f"{REGISTER}new/")
    response = admin_client.post(
        f"{REGISTER}new/",
        data={
            "csrf_token": token,
            "kind": "danh_sach_can_bo",
            "body": str(bodies["party"].pk),
            "unit": str(district["nam_quan"].pk),
            "document_type": "BC",
            "summary": "",
            "opening": "",
            "recipients": "",
        },
    )
    assert response.status_code == 302
    document = OfficialDocument.objects.get()
    assert document.summary == "danh sách cán bộ, đảng viên xã Nam Quan"
    assert document.recipients == ["Tỉnh ủy Lạng Sơn", "Lưu Văn phòng"]

    preview = admin_client.get(f"{REGISTER}preview/?id={document.pk}")
    assert preview.mimetype == "application/pdf" and "DỰ THẢO" in pages(preview.data)[0]
    details = f"{REGISTER}details/?id={document.pk}"
    assert "Ban hành (lấy số)" in admin_client.get(details).get_data(as_text=True)

    issued = admin_client.post(
        f"{REGISTER}issue/?id={document.pk}", data={"csrf_token": csrf_token(admin_client, details)}
    )
    assert issued.status_code == 302
    document.reload()
    assert document.status == "issued" and document.number == 1
    downloads = [admin_client.get(f"{REGISTER}pdf/?id={document.pk}") for _ in range(2)]
    assert downloads[0].data == downloads[1].data == document.pdf()
    assert hashlib.sha256(downloads[0].data).hexdigest() == document.sha256
    assert "attachment" in downloads[0].headers["Content-Disposition"]

    edit = admin_client.get(f"{REGISTER}edit/?id={document.pk}", follow_redirects=True).get_data(as_text=True)
    assert "Văn bản đã vào sổ không sửa được" in edit
    listing = admin_client.get(REGISTER).get_data(as_text=True)
    assert "Số 01-BC/HU" in listing and "Đã ban hành" in listing


def test_a_viewer_downloads_but_cannot_issue_and_other_communes_do_not_see_the_register(
    client, district, bodies
):
    document = draft("danh_sach_can_bo", bodies["state"], district["nam_quan"])
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    details = f"{REGISTER}details/?id={document.pk}"
    page = client.get(details).get_data(as_text=True)
    assert "Xem bản in thử" in page and "Ban hành (lấy số)" not in page
    token = csrf_token(client, details)
    assert client.post(f"{REGISTER}issue/?id={document.pk}", data={"csrf_token": token}).status_code == 403
    assert OfficialDocument.objects.get(pk=document.pk).status == "draft"

    client.get("/logout")
    make_user("nhanly", role="editor", unit=district["nhan_ly"])
    login(client, "nhanly")
    assert client.get(details).status_code == 404
    assert client.get(f"{REGISTER}preview/?id={document.pk}").status_code == 404


def test_the_cli_renders_a_draft_to_a_file(app, district, bodies, people, tmp_path):
    out = tmp_path / "ds.pdf"
    runner = app.test_cli_runner()
    command = ["documents", "render", "danh_sach_can_bo", "--unit", "06526", "--body", "UBND"]
    result = runner.invoke(args=[*command, "--date", "2026-03-05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    first, annex = pages(out.read_bytes())[:2]
    assert (
        "Nam Quan, ngày 05 tháng 3 năm 2026" in first and "DỰ THẢO" in first and "Lường Thị Nguyệt" in annex
    )
    assert OfficialDocument.objects.count() == 0  # a draft printed, nothing written to the register

    result = runner.invoke(
        args=["documents", "render", "danh_sach_can_bo", "--unit", "nope", "--out", str(out)]
    )
    assert result.exit_code != 0 and "Không có đơn vị mã nope" in result.output
    result = runner.invoke(
        args=["documents", "render", "danh_sach_can_bo", "--unit", "06526", "--out", str(out)]
    )
    assert result.exit_code != 0 and "«Huyện ủy Lộc Bình» (HU, mã" in result.output  # two bodies: pick one
    assert "«Ủy ban nhân dân xã Nam Quan» (UBND, mã" in result.output
    result = runner.invoke(
        args=["documents", "render", "bao_cao_to_chuc", "--unit", "186", "--out", str(out)]
    )
    assert result.exit_code == 0 and "ĐẢNG CỘNG SẢN VIỆT NAM" in pages(out.read_bytes())[0]  # its only body
    size = figure(out.stat().st_size)
    assert f"({size} byte)." in result.output and "." in size  # thousands written the Vietnamese way


def test_a_long_table_prints_in_parts_that_join_into_the_same_pages(district, bodies, people, monkeypatch):
    cell = people["cell"]
    for n in range(120):
        Person(
            full_name=f"Nông Thị Hường {n:03d}",
            gender="nu",
            birth_year=1980,
            category="dang_vien",
            unit=district["doan_ket"],
            party_organization=cell,
            admitted_on=datetime.date(2010, 1, 1),
        ).save()
    document = draft("danh_sach_can_bo", bodies["party"], district["nam_quan"])
    whole = printing.preview(document, DAY)
    monkeypatch.setattr(printing, "PART_ROWS", 30)
    joined = printing.preview(document, DAY)
    assert pages(joined) == pages(whole)  # the same text on the same pages, page numbers included
    numbers = top_margin_text(joined)
    assert numbers == ["", *(str(n) for n in range(2, len(numbers) + 1))]
    annex = " ".join(" ".join(pages(joined)[1:]).split())
    assert all(annex.count(f"Nông Thị Hường {n:03d}") == 1 for n in range(120))
    assert annex.count("Nơi sinh hoạt") == len(numbers) - 1  # the header row on every annex page


# A list printed as an official table.


def test_a_filtered_list_prints_as_an_official_list_with_the_picked_columns(
    admin_client, district, bodies, people
):
    listing = f"/admin/person/print/?flt0_0={district['doan_ket'].pk}"
    page = admin_client.get(listing).get_data(as_text=True)
    assert "Thuộc đơn vị là Thôn Đoàn Kết" in page and 'value="full_name" checked' in page
    token = csrf_token(admin_client, listing)
    form = {
        "csrf_token": token,
        "summary": "Danh sách người thôn Đoàn Kết",
        "body": str(bodies["party"].pk),
        "layout": "danh_sach",
        "column": ["full_name", "birth_year", "party_organization"],
    }
    response = admin_client.post(listing, data=form)
    assert response.status_code == 302
    document = OfficialDocument.objects.get()
    assert response.headers["Location"].endswith(f"/admin/official_document/details/?id={document.pk}")
    table = document.parameters["table"]
    assert table["columns"] == ["STT", "Họ và tên", "Năm sinh", "Sinh hoạt tại tổ chức đảng"]
    assert [row[1] for row in table["rows"]] == ["Hoàng Văn Đức", "Nông Văn Quần"]  # the hamlet's, by name
    text = " ".join(" ".join(pages(printing.issue(document, DAY))).split())
    for part in (
        "DANH SÁCH",
        "Danh sách người thôn Đoàn Kết",
        "Số 01-DS/HU",
        "(Thuộc đơn vị là Thôn Đoàn Kết)",
        "1 Hoàng Văn Đức 1990 Chi bộ thôn Đoàn Kết",
        "2 Nông Văn Quần 1985",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert part in text, part
    assert "Lường Thị Nguyệt" not in text  # the commune's, outside the filter


def test_a_defined_kind_prints_its_defined_fields_as_an_annex(admin_client, district, bodies):
    from documents import CustomRecord, FieldDefinition, FormDefinition

    FormDefinition(
        code="mo_hinh_de",
        name="Mô hình nuôi dê",
        fields=[
            FieldDefinition(key="so_de", label="Số dê", type="integer", measure="con", in_list=True),
            FieldDefinition(key="ghi_chu", label="Ghi chú", type="text", in_list=True),
        ],
    ).save()
    CustomRecord(
        kind="mo_hinh_de",
        name="Nuôi dê Đoàn Kết",
        unit=district["doan_ket"],
        values={"so_de": 1250, "ghi_chu": '<img src="file:///etc/passwd">'},
    ).save()
    listing = "/admin/record/print/?kind=mo_hinh_de"
    page = admin_client.get(listing).get_data(as_text=True)
    assert 'value="v_so_de" checked' in page
    form = {
        "csrf_token": csrf_token(admin_client, listing),
        "summary": "Mô hình nuôi dê năm 2026",
        "body": str(bodies["party"].pk),
        "layout": "phu_luc",
        "column": ["name", "v_so_de", "v_ghi_chu"],
    }
    assert admin_client.post(listing, data=form).status_code == 302
    document = OfficialDocument.objects.get()
    assert document.document_type == "BC"
    text = " ".join(" ".join(pages(printing.preview(document, DAY))).split())
    for part in (
        "BÁO CÁO",
        "PHỤ LỤC",
        "Mô hình nuôi dê năm 2026",
        "Số dê (con)",
        '1 Nuôi dê Đoàn Kết 1.250 <img src="file:///etc/passwd">',
    ):
        assert part in text, part


def test_printing_a_list_says_what_is_missing_at_the_field(admin_client, district, bodies):
    listing = "/admin/person/print/"
    form = {"csrf_token": csrf_token(admin_client, listing), "summary": " ", "layout": "danh_sach"}
    page = admin_client.post(listing, data=form).get_data(as_text=True)
    for message in ("Hãy chọn cơ quan ban hành.", "Hãy chọn ít nhất một cột.", "Hãy ghi trích yếu"):
        assert message in page
    assert OfficialDocument.objects.count() == 0


def test_viewers_cannot_print_a_list_into_the_register(client, district, bodies):
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    assert client.get("/admin/person/print/").status_code == 403
    assert "In văn bản" not in client.get("/admin/person/").get_data(as_text=True)


def test_a_board_prints_its_short_name_under_its_committee_and_keeps_its_line_breaks(
    district, bodies, people
):
    board = IssuingBody(
        name="Ban Tổ chức Huyện ủy Lộc Bình",
        printed_name="Ban Tổ chức",
        parent_name="Huyện ủy Lộc Bình",
        abbreviation="BTCHU",
        unit=district["district"],
        rule_book="dang_36",
        place_name="Lộc Bình",
        authority="K/T Trưởng ban",
        signer_post="Phó Trưởng ban",
        signer_name="Nông Thị Hạnh",
        numbering="loai_nam",
    ).save()
    text = pages(printing.issue(draft("danh_sach_can_bo", board, district["nam_quan"]), DAY))
    assert text[0].startswith("HUYỆN ỦY LỘC BÌNH\nBAN TỔ CHỨC\n*\nSố 01-BC/BTCHU")
    assert "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN" in text[0]
    assert "của Ban Tổ chức Huyện ủy Lộc Bình)" in " ".join(text[1].split())  # the annex names it in full
    bodies["state"].printed_name = "Ủy ban nhân dân\nxã Nam Quan"
    bodies["state"].save()
    first = pages(printing.preview(draft("danh_sach_can_bo", bodies["state"], district["nam_quan"]), DAY))[0]
    assert first.startswith("UBND HUYỆN LỘC BÌNH\nỦY BAN NHÂN DÂN\nXÃ NAM QUAN\n")


def test_a_list_table_cannot_be_made_from_the_register_form(admin_client, district, bodies):
    token = csrf_token(admin_client, f"{REGISTER}new/")
    page = admin_client.post(
        f"{REGISTER}new/",
        data={
            "csrf_token": token,
            "kind": "bang_danh_sach",
            "body": str(bodies["party"].pk),
            "unit": str(district["nam_quan"].pk),
            "document_type": "DS",
            "summary": "Danh sách",
            "recipients": "",
        },
    ).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in page  # not even offered (tests/test_document_kinds_offered.py)
    assert OfficialDocument.objects.count() == 0


# Found in review.


def test_a_commune_editor_sees_the_districts_document_about_the_commune_but_cannot_act_for_it(
    client, district, bodies
):
    document = draft("danh_sach_can_bo", bodies["party"], district["nam_quan"])
    make_user("bt", role="editor", unit=district["nam_quan"])
    login(client, "bt")
    details = f"{REGISTER}details/?id={document.pk}"
    page = client.get(details).get_data(as_text=True)
    assert "Xem bản in thử" in page and "Ban hành (lấy số)" not in page
    token = csrf_token(client, details)
    assert client.post(f"{REGISTER}issue/?id={document.pk}", data={"csrf_token": token}).status_code == 403
    edit = client.get(f"{REGISTER}edit/?id={document.pk}", follow_redirects=True).get_data(as_text=True)
    assert "ngoài phạm vi tài khoản của bạn" in edit
    printing.issue(document, DAY)
    for action in ("withdraw", "replace"):
        response = client.post(
            f"{REGISTER}{action}/?id={document.pk}", data={"csrf_token": token, "reason": "x"}
        )
        assert response.status_code == 403
    assert (
        OfficialDocument.objects.get(pk=document.pk).status == "issued"
        and OfficialDocument.objects.count() == 1
    )


def test_a_body_only_writes_about_its_own_unit_or_below(district, bodies):
    with pytest.raises(ValidationError, match="chỉ lập văn bản về Xã Nam Quan"):
        draft("bao_cao_to_chuc", bodies["state"], district["district"])


def test_moving_a_term_that_would_give_numbers_again_is_refused(district, bodies):
    party = bodies["party"]
    document = draft("danh_sach_can_bo", party, district["nam_quan"])
    document.take_number(DAY, {})
    party.term_start = datetime.date(2026, 1, 1)  # the same documents would count from 01 again
    with pytest.raises(ValidationError, match="cấp lại những số đã cấp"):
        party.save()
    party.reload()
    party.term_start, party.term_end = datetime.date(2026, 6, 1), None  # a new term after the last number
    party.save()
    later = draft("danh_sach_can_bo", party, district["nam_quan"])
    later.take_number(datetime.date(2026, 7, 1), {})
    assert later.reload().symbol == "Số 01-BC/HU"


@pytest.mark.parametrize(
    ("rule_book", "authority", "numbering", "message"),
    [
        ("dang_36", "K/T Bí thư", "loai_nam", "không có «K/T Bí thư»"),
        ("dang_36", "TM. Ban Thường vụ", "loai_nam", "có gạch chéo"),
        ("nha_nuoc_30", "T/M Ủy ban nhân dân", "chung_nam", "có dấu chấm"),
        ("nha_nuoc_30", "TM. Ủy ban nhân dân", "loai_nhiem_ky", "đánh số từ 01 mỗi năm"),
    ],
)
def test_an_authority_line_or_numbering_against_the_rule_book_is_refused(
    district, rule_book, authority, numbering, message
):
    body = IssuingBody(
        name="Cơ quan thử",
        parent_name="Cấp trên",
        abbreviation="T",
        unit=district["nam_quan"],
        rule_book=rule_book,
        place_name="Nam Quan",
        authority=authority,
        signer_post="Chủ tịch",
        signer_name="Vi Văn Hùng",
        numbering=numbering,
        term_start=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match=message):
        body.save()


def test_a_second_replacement_is_refused_with_the_reason(admin_client, district, bodies):
    document = draft("danh_sach_can_bo", bodies["state"], district["nam_quan"])
    printing.issue(document, DAY)
    details = f"{REGISTER}details/?id={document.pk}"
    token = csrf_token(admin_client, details)
    admin_client.post(f"{REGISTER}replace/?id={document.pk}", data={"csrf_token": token})
    page = admin_client.post(
        f"{REGISTER}replace/?id={document.pk}", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Đã có một dự thảo thay thế văn bản này" in page
    assert OfficialDocument.objects(replaces=document).count() == 1


def test_a_print_of_unknown_columns_or_an_empty_list_is_refused(admin_client, district, bodies):
    listing = f"/admin/person/print/?flt0_0={district['ban_chanh'].pk}"  # a hamlet with nobody in it
    form = {
        "csrf_token": csrf_token(admin_client, listing),
        "summary": "Danh sách",
        "layout": "danh_sach",
        "body": str(bodies["party"].pk),
    }
    page = admin_client.post(listing, data={**form, "column": ["password_hash"]}).get_data(as_text=True)
    assert "Hãy chọn ít nhất một cột." in page
    page = admin_client.post(listing, data={**form, "column": ["full_name"]}).get_data(as_text=True)
    assert "không có dòng nào để in" in page
    assert OfficialDocument.objects.count() == 0
