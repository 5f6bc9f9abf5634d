"""Stand-alone record kinds defined in the console: forms, validation, lists, scope, safe changes."""

import datetime
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mongoengine import ValidationError

from documents import (
    CustomRecord,
    FieldDefinition,
    FormDefinition,
    HistoryEntry,
    PartyOrganization,
    Person,
    TrashedRecord,
)
from documents.demo_forms import load_forms
from tests.conftest import csrf_token, login, make_user

KIND = "mo_hinh_de"
NEW = f"/admin/record/new/?kind={KIND}"
LIST = f"/admin/record/?kind={KIND}"


def F(key, label, type, **options):  # noqa: N802
    return FieldDefinition(key=key, label=label, type=type, **options)


@pytest.fixture
def goats(app):
    # fmt: off
    return FormDefinition(
        code=KIND,
        name="Mô hình nuôi dê",
        fields=[
            F("nam", "Năm", "year", required=True, in_list=True),
            F("dien_tich", "Diện tích trồng", "decimal", measure="ha", min_value=0, max_value=10_000,
              in_list=True),
            F("so_de", "Số dê", "integer", measure="con", min_value=0, in_list=True),
            F("loai_cay", "Loài cây", "choices", choices=["Keo", "Thông"]),
            F("tinh_trang", "Tình trạng", "choice", choices=["Đúng tiến độ", "Chậm tiến độ"], required=True),
            F("ly_do", "Lý do chậm", "long_text", required=True, show_if="tinh_trang",
              show_if_value="Chậm tiến độ"),
            F("bat_dau", "Bắt đầu", "date"),
            F("thang", "Tháng báo cáo", "month"),
            F("co_von", "Có vốn vay", "yes_no"),
            F("phu_trach", "Người phụ trách", "person"),
            F("chi_tieu", "Chỉ tiêu", "group", sub_fields=[
                F("chi_so", "Chỉ số", "text", required=True), F("ke_hoach", "Kế hoạch", "decimal"),
            ]),
            F("bien_ban", "Biên bản", "file"),
        ],
    ).save()
    # fmt: on


def form(client, district, **values):
    data = {
        "csrf_token": csrf_token(client, NEW),
        "name": "Nuôi dê thôn Đoàn Kết",
        "unit": str(district["doan_ket"].pk),
        "v_nam": "2024",
        "v_tinh_trang": "Đúng tiến độ",
    }
    fixed = ("name", "unit", "csrf_token", "version")
    data.update({k if k in fixed else f"v_{k}": v for k, v in values.items()})
    return data


def test_a_new_kind_has_its_menu_entry_list_and_form_at_once(admin_client, goats):
    home = admin_client.get("/admin/").get_data(as_text=True)
    assert f'href="/admin/record/?kind={KIND}"' in home and "Mô hình nuôi dê" in home
    page = admin_client.get(LIST).get_data(as_text=True)
    assert "Mô hình nuôi dê" in page and "Diện tích trồng (ha)" in page
    page = admin_client.get(NEW).get_data(as_text=True)
    for label in ("Năm", "Số dê (con)", "Loài cây", "Lý do chậm", "Chỉ số", "Biên bản"):
        assert label in page


def test_a_new_form_says_no_error_before_it_is_sent(admin_client, goats):
    page = admin_client.get(NEW).get_data(as_text=True)
    assert 'id="v_nam"' in page and 'id="v_tinh_trang"' in page  # the required defined fields
    assert "is-invalid" not in page and "Trường này là bắt buộc" not in page


def test_a_record_is_stored_with_typed_values_and_shown_the_vietnamese_way(admin_client, district, goats):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    person = Person(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="1995-05-19",
    ).save()
    data = form(
        admin_client,
        district,
        dien_tich="70,5",
        so_de="130",
        loai_cay=["Keo", "Thông"],
        bat_dau="2024-03-01",
        thang="2024-11",
        co_von="1",
        phu_trach=str(person.pk),
        **{
            "chi_tieu-0-chi_so": "Đàn dê",
            "chi_tieu-0-ke_hoach": "100",
            "chi_tieu-1-chi_so": "",
            "bien_ban": (io.BytesIO(b"%PDF-1.4"), "bien-ban.pdf"),
        },
    )
    response = admin_client.post(NEW, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    record = CustomRecord.objects.get(kind=KIND)
    values = record.values
    assert values["nam"] == 2024 and values["so_de"] == 130 and values["dien_tich"] == 70.5
    assert values["loai_cay"] == ["Keo", "Thông"] and values["co_von"] is True
    assert values["bat_dau"] == datetime.datetime(2024, 3, 1) and values["thang"] == "2024-11"
    assert values["phu_trach"] == person.pk
    assert values["chi_tieu"] == [{"chi_so": "Đàn dê", "ke_hoach": 100.0}]  # the blank row is dropped
    assert values["bien_ban"] == record.attachments[0].file_id
    assert "ly_do" not in values
    assert record.definition_version == goats.version
    assert record.ancestors[-1] == district["doan_ket"].pk
    assert HistoryEntry.of(record).first().action == "create"

    page = admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    shown_values = ("70,5 ha", "130 con", "Keo, Thông", "01/03/2024", "11/2024", "Hoàng Văn Tâm", "Đàn dê")
    for shown in (*shown_values, "bien-ban.pdf"):
        assert shown in page
    listing = admin_client.get(LIST).get_data(as_text=True)
    assert "70,5 ha" in listing and "130 con" in listing


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"nam": ""}, "nam", "Trường này là bắt buộc."),
        ({"nam": "1850"}, "nam", "Năm phải trong khoảng 1900 đến 2100."),
        ({"so_de": "-3"}, "so_de", "Phải lớn hơn hoặc bằng 0."),
        ({"so_de": "mười"}, "so_de", "Phải là một số."),
        ({"so_de": "2.5"}, "so_de", "Phải là một số nguyên."),
        ({"dien_tich": "1e308"}, "dien_tich", "Số quá lớn."),
        ({"tinh_trang": "Xong"}, "tinh_trang", "Lựa chọn không hợp lệ."),
        ({"tinh_trang": "Chậm tiến độ"}, "ly_do", "Trường này là bắt buộc."),
        ({"thang": "2024-13"}, "thang", "Tháng không hợp lệ"),
        ({"phu_trach": "6b06c30ee7b7753b044a2ffc"}, "phu_trach", "Lựa chọn không hợp lệ"),
    ],
)
def test_bad_input_is_refused_at_its_field_in_vietnamese(admin_client, district, goats, values, key, message):
    page = admin_client.post(NEW, data=form(admin_client, district, **values)).get_data(as_text=True)
    assert message in page
    assert CustomRecord.objects.count() == 0


def test_a_condition_keeps_only_what_applies(admin_client, district, goats):
    data = form(admin_client, district, tinh_trang="Chậm tiến độ", ly_do="Thiếu giống")
    assert admin_client.post(NEW, data=data).status_code == 302
    assert CustomRecord.objects.get().values["ly_do"] == "Thiếu giống"
    record = CustomRecord.objects.get()
    record.values = {**record.values, "tinh_trang": "Đúng tiến độ"}
    record.save()
    assert "ly_do" not in CustomRecord.objects.get().values


def test_a_required_column_of_a_table_row_is_named(admin_client, district, goats):
    data = form(admin_client, district, **{"chi_tieu-0-chi_so": "", "chi_tieu-0-ke_hoach": "5"})
    page = admin_client.post(NEW, data=data).get_data(as_text=True)
    assert "Dòng 1, cột «Chỉ số»: trường này là bắt buộc." in page
    assert CustomRecord.objects.count() == 0


def test_records_follow_the_unit_tree(client, district, goats):
    ours = CustomRecord(
        kind=KIND,
        name="Dê Đoàn Kết",
        unit=district["doan_ket"],
        values={"nam": 2024, "tinh_trang": "Đúng tiến độ"},
    ).save()
    theirs = CustomRecord(
        kind=KIND,
        name="Dê Bản Chành",
        unit=district["ban_chanh"],
        values={"nam": 2024, "tinh_trang": "Đúng tiến độ"},
    ).save()
    outsider = Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["ban_chanh"],
    ).save()
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    listing = client.get(LIST).get_data(as_text=True)
    assert "Dê Đoàn Kết" in listing and "Dê Bản Chành" not in listing
    assert client.get(f"/admin/record/edit/?id={theirs.pk}&kind={KIND}").status_code == 404
    page = client.post(NEW, data=form(client, district, phu_trach=str(outsider.pk))).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page  # as if it did not exist
    assert client.get(f"/admin/record/details/?id={ours.pk}&kind={KIND}").status_code == 200


def test_an_unknown_kind_or_a_record_of_another_kind_answers_404(admin_client, district, goats):
    FormDefinition(code="khac", name="Loại khác", fields=[F("ghi_chu", "Ghi chú", "text")]).save()
    record = CustomRecord(kind="khac", name="Một hồ sơ", unit=district["doan_ket"]).save()
    assert admin_client.get("/admin/record/?kind=khong_co").status_code == 404
    assert admin_client.get("/admin/record/?kind=$where").status_code == 404
    assert admin_client.get("/admin/record/").status_code == 404
    assert admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").status_code == 404
    assert admin_client.get(f"/admin/record/details/?id={record.pk}&kind=khac").status_code == 200


def test_renaming_and_retiring_fields_keep_the_data(admin_client, district, goats):
    record = CustomRecord(
        kind=KIND,
        name="Dê Đoàn Kết",
        unit=district["doan_ket"],
        values={"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"},
    ).save()
    goats.field("so_de").label = "Tổng đàn dê"
    goats.save()
    assert "Tổng đàn dê (con)" in admin_client.get(LIST).get_data(as_text=True)
    goats.field("so_de").retired = True
    goats.save()
    assert "v_so_de" not in admin_client.get(NEW).get_data(as_text=True)
    page = admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert "Tổng đàn dê (con) [đã bỏ]" in page and "130 con" in page
    # An edit through the form keeps the retired value.
    url = f"/admin/record/edit/?id={record.pk}&kind={KIND}"
    data = form(admin_client, district, name="Dê Đoàn Kết", version=str(record.reload().version))
    assert admin_client.post(url, data=data).status_code == 302
    assert CustomRecord.objects.get().values["so_de"] == 130
    versions = [e.version for e in HistoryEntry.of(goats).order_by("version")]
    assert versions == [1, 2, 3]


def test_unsafe_definition_changes_are_refused_with_the_reason(district, goats):
    CustomRecord(
        kind=KIND,
        name="Dê Đoàn Kết",
        unit=district["doan_ket"],
        values={"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"},
    ).save()
    goats.reload()
    goats.fields = [f for f in goats.fields if f.key != "so_de"]
    with pytest.raises(ValidationError, match="hãy đánh dấu «Đã bỏ»"):
        goats.save()
    goats.reload()
    goats.field("so_de").type = "text"
    with pytest.raises(ValidationError, match="cần chạy thử rồi xác nhận"):
        goats.save()
    goats.reload()
    goats.field("bat_dau").type = "month"  # no record holds a value for it yet
    goats.save()
    goats.reload()
    goats.code = "doi_ma"
    with pytest.raises(ValidationError, match="Mã loại không đổi được"):
        goats.save()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([F("a", "A", "text"), F("a", "B", "text")], "mã trường «a» bị trùng"),
        ([F("a", "A", "choice")], "cần ít nhất một lựa chọn"),
        ([F("a", "A", "integer", min_value=5, max_value=1)], "giá trị nhỏ nhất lớn hơn giá trị lớn nhất"),
        ([F("a", "A", "text", show_if="b")], "trường điều kiện «b» không có"),
        ([F("a", "A", "group")], "nhóm lặp cần ít nhất một cột"),
        ([F("a", "A", "integer", default="nhiều")], "giá trị mặc định không hợp lệ"),
        ([F("Số dê", "A", "text")], "Số dê"),
    ],
)
def test_a_definition_that_cannot_work_is_refused(app, fields, message):
    with pytest.raises(ValidationError, match=message):
        FormDefinition(code="thu", name="Thử", fields=fields).save()


def test_definitions_are_for_admins_only(client, district, goats):
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    assert client.get("/admin/form_definition/").status_code == 403
    assert client.get(LIST).status_code == 200


def test_the_demo_definitions_load_once(app, district):
    first = load_forms()
    assert first["form_definitions"] == 6
    assert load_forms() == {"form_definitions": 0, "records": 0}
    codes = {d.code for d in FormDefinition.objects}
    assert codes >= {"mo_hinh_rung_de", "phan_loai_rac", "sinh_hoat_chi_bo"}


def test_junk_never_breaks_a_defined_form(client, district, goats):
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    token = csrf_token(client, NEW)
    junk = st.one_of(
        st.text(max_size=200),
        st.sampled_from(
            [
                "",
                '{"$ne": null}',
                "$where",
                "<script>alert(1)</script>",
                "1e308",
                "NaN",
                "-1",
                "2024-02-30",
                "Chậm tiến độ",
                "Keo",
                "1",
                str(district["ban_chanh"].pk),
                str(district["doan_ket"].pk),
            ]
        ),
    )
    names = [
        "name",
        "unit",
        "v_nam",
        "v_dien_tich",
        "v_so_de",
        "v_loai_cay",
        "v_tinh_trang",
        "v_ly_do",
        "v_bat_dau",
        "v_thang",
        "v_co_von",
        "v_phu_trach",
        "v_chi_tieu-0-chi_so",
        "v_chi_tieu-0-ke_hoach",
    ]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({}, optional={name: junk for name in names}))
    def post(data):
        response = client.post(NEW, data={**data, "csrf_token": token})
        assert response.status_code in (200, 302), (data, response.status_code)

    post()
    for record in CustomRecord.objects:
        record.validate()
        assert district["nam_quan"].pk in record.ancestors


@pytest.fixture
def herds(district, goats):
    for field in ("so_de", "tinh_trang", "nam"):
        goats.field(field).filterable = True
    goats.field("tinh_trang").in_list = True
    goats.save()
    herds = [
        ("Đàn Đoàn Kết", "doan_ket", 130, "Đúng tiến độ"),
        ("Đàn Nà Pái", "na_pai", 40, "Chậm tiến độ"),
        ("Đàn Bản Chành", "ban_chanh", 75, "Đúng tiến độ"),
    ]
    for name, hamlet, goats_count, progress in herds:
        values = {"nam": 2024, "so_de": goats_count, "tinh_trang": progress, "ly_do": "Thiếu giống"}
        CustomRecord(kind=KIND, name=name, unit=district[hamlet], values=values).save()
    return goats


def filter_url(view, label, operation):
    """The URL argument of the filter named `label` with `operation`."""
    group = next(g for g in view._filter_groups.values() if g.label == label)
    return next(f"flt0_{f['arg']}" for f in group.filters if f["operation"] == operation)


def names_in(page):
    return [name.strip() for name in re.findall(r"Đàn [^<]+", page)]


def test_defined_fields_filter_and_sort_through_their_index(app, admin_client, herds):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "record")
    with app.test_request_context(LIST):
        at_least = filter_url(view, "Số dê", "từ")
        progress = filter_url(view, "Tình trạng", "là")
    listing = "/admin/record/"
    page = admin_client.get(listing, query_string={"kind": KIND, at_least: "70"}).get_data(as_text=True)
    assert sorted(names_in(page)) == ["Đàn Bản Chành", "Đàn Đoàn Kết"]
    page = admin_client.get(listing, query_string={"kind": KIND, progress: "Chậm tiến độ"}).get_data(
        as_text=True
    )
    assert names_in(page) == ["Đàn Nà Pái"]
    assert admin_client.get(listing, query_string={"kind": KIND, at_least: "nhiều"}).status_code == 200

    with app.test_request_context(LIST):
        column = [name for name, _ in view._list_columns].index("v_so_de")
    page = admin_client.get(listing, query_string={"kind": KIND, "sort": column, "desc": 1}).get_data(
        as_text=True
    )
    assert names_in(page) == ["Đàn Đoàn Kết", "Đàn Bản Chành", "Đàn Nà Pái"]

    plan = (
        CustomRecord.objects(__raw__={"kind": KIND, "values.so_de": {"$gte": 70}})
        .order_by("values.so_de", "id")
        .explain()["queryPlanner"]["winningPlan"]
    )
    assert "SORT" not in str(plan) and "defined:so_de" in str(plan)


def test_the_export_has_every_field_with_its_label_and_follows_scope(client, district, herds):
    herds.field("so_de").retired = True
    herds.save()
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    response = client.get(f"/admin/record/export/csv/?kind={KIND}")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    text = response.get_data(as_text=True).lstrip("\ufeff")
    header = text.splitlines()[0]
    assert "Tên" in header and "Số dê (con) [đã bỏ]" in header and "Tình trạng" in header
    assert "Đàn Đoàn Kết" in text and ",130," in text and "Đàn Bản Chành" not in text
    xlsx = client.get(f"/admin/record/export/xlsx/?kind={KIND}")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_blank_table_rows_are_not_marked_required(admin_client, goats):
    page = admin_client.get(NEW).get_data(as_text=True)
    row_input = re.search(r'<input[^>]*name="v_chi_tieu-1-chi_so"[^>]*>', page).group(0)
    assert "required" not in row_input
    assert re.search(r'<input[^>]*name="v_nam"[^>]*required', page)


def test_history_names_defined_fields_by_label(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Dê Đoàn Kết", unit=district["doan_ket"], values=values).save()
    record.values = {**record.values, "so_de": 150}
    record.save()
    page = admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert re.search(r"Số dê: <del>130 con</del> → 150 con", page)
    lines = re.findall(
        r"<li>(.*?)</li>", page.split('class="table table-sm table-bordered history"')[1], re.S
    )
    assert lines and not [line for line in lines if line.startswith(("values", "Loại:"))]


def definition_form(client, definition, **changes):
    """The definition's edit form as the page would post it, with `changes` on its fields."""
    url = f"/admin/form_definition/edit/?id={definition.pk}"
    form = {
        "csrf_token": csrf_token(client, url),
        "name": definition.name,
        "code": definition.code,
        "family": definition.family,
        "menu_group": definition.menu_group or "",
        "version": str(definition.version),
    }
    for n, field in enumerate(definition.fields):
        for option in ("key", "label", "type", "measure", "default", "help_text", "show_if", "show_if_value"):
            form[f"fields-{n}-{option}"] = getattr(field, option) or ""
        for option in ("min_value", "max_value"):
            value = getattr(field, option)
            form[f"fields-{n}-{option}"] = "" if value is None else f"{value:g}"
        for option in ("required", "in_list", "filterable", "searchable", "retired"):
            if getattr(field, option):
                form[f"fields-{n}-{option}"] = "y"
        for m, choice in enumerate(field.choices):
            form[f"fields-{n}-choices-{m}"] = choice
        for m, sub in enumerate(field.sub_fields):
            form[f"fields-{n}-sub_fields-{m}-key"] = sub.key
            form[f"fields-{n}-sub_fields-{m}-label"] = sub.label
            form[f"fields-{n}-sub_fields-{m}-type"] = sub.type
            if sub.required:
                form[f"fields-{n}-sub_fields-{m}-required"] = "y"
    form.update(changes)
    return url, form


def test_a_change_of_bounds_is_tried_on_the_data_first(admin_client, district, goats):
    big = CustomRecord(
        kind=KIND,
        name="Đàn lớn",
        unit=district["doan_ket"],
        values={"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"},
    ).save()
    CustomRecord(
        kind=KIND,
        name="Đàn nhỏ",
        unit=district["doan_ket"],
        values={"nam": 2024, "so_de": 40, "tinh_trang": "Đúng tiến độ"},
    ).save()
    position = [f.key for f in goats.fields].index("so_de")
    url, form = definition_form(admin_client, goats, **{f"fields-{position}-max_value": "100"})
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Chạy thử trên dữ liệu đã nhập" in page and "1 hồ sơ sẽ không hợp lệ" in page
    assert f"/admin/record/details/?id={big.pk}" in page
    assert FormDefinition.objects.get(pk=goats.pk).version == goats.version  # not applied

    url, form = definition_form(
        admin_client, goats, **{f"fields-{position}-max_value": "100", "confirm_change": "y"}
    )
    assert admin_client.post(url, data=form).status_code == 302
    assert FormDefinition.objects.get(pk=goats.pk).field("so_de").max_value == 100
    assert CustomRecord.objects.get(pk=big.pk).values["so_de"] == 130  # kept, to be fixed at its next edit


def test_a_change_of_type_converts_what_it_can_and_never_drops_a_value(admin_client, district, goats):
    values = {"nam": 2024, "thang": "2024-05", "tinh_trang": "Đúng tiến độ"}
    ok = CustomRecord(kind=KIND, name="Có số", unit=district["doan_ket"], values=values).save()
    position = [f.key for f in goats.fields].index("so_de")
    url, form = definition_form(
        admin_client, goats, **{f"fields-{position}-type": "decimal", "confirm_change": "y"}
    )
    CustomRecord.objects(pk=ok.pk).update(set__values__so_de=12)
    assert admin_client.post(url, data=form).status_code == 302
    record = CustomRecord.objects.get(pk=ok.pk)
    assert record.values["so_de"] == 12.0 and isinstance(record.values["so_de"], float)
    assert HistoryEntry.of(record).first().action == "edit"

    # Month text that is not a number cannot become one: refused, nothing changed.
    goats.reload()
    month = [f.key for f in goats.fields].index("thang")
    url, form = definition_form(
        admin_client, goats, **{f"fields-{month}-type": "integer", "confirm_change": "y"}
    )
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "hồ sơ có giá trị không chuyển được" in page
    assert FormDefinition.objects.get(pk=goats.pk).field("thang").type == "month"
    assert CustomRecord.objects.get(pk=ok.pk).values["thang"] == "2024-05"


def test_a_dry_run_lists_records_missing_a_now_required_value_and_previews_conversions(
    admin_client, district, goats
):
    lacking = CustomRecord(
        kind=KIND,
        name="Chưa có tháng",
        unit=district["doan_ket"],
        values={"nam": 2024, "so_de": 7, "tinh_trang": "Chậm tiến độ", "ly_do": "Thiếu giống"},
    ).save()
    keys = [f.key for f in goats.fields]
    changes = {
        f"fields-{keys.index('thang')}-required": "y",
        f"fields-{keys.index('so_de')}-type": "decimal",
        f"fields-{keys.index('tinh_trang')}-choices-1": "Chậm",
    }
    url, form = definition_form(admin_client, goats, **changes)
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "1 hồ sơ chưa có giá trị cho trường nay bắt buộc" in page
    assert page.count(f"/admin/record/details/?id={lacking.pk}") == 3  # missing, converted, failing
    assert "«7 con» → «7 con»" in page  # the conversion, previewed
    assert "«Lý do chậm» chỉ hiện khi trường này là «Chậm tiến độ»" in page  # the field that depends on it
    assert 'id="apply-change"' in page
    assert FormDefinition.objects.get(pk=goats.pk).version == goats.version  # not applied


def test_bounds_of_a_field_are_typed_the_vietnamese_way(admin_client, goats):
    position = [f.key for f in goats.fields].index("dien_tich")
    bounds = {f"fields-{position}-min_value": "0,5", f"fields-{position}-max_value": "10.000"}
    url, form = definition_form(admin_client, goats, **bounds)
    assert admin_client.post(url, data=form).status_code == 302
    field = FormDefinition.objects.get(pk=goats.pk).field("dien_tich")
    assert (field.min_value, field.max_value) == (0.5, 10_000)
    page = admin_client.get(url).get_data(as_text=True)
    assert f'name="fields-{position}-min_value" type="text" value="0,5"' in page


def test_an_old_record_says_what_its_kind_changed_since(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Đàn cũ", unit=district["doan_ket"], values=values).save()
    goats.field("so_de").label = "Tổng đàn dê"
    goats.field("so_de").max_value = 100
    goats.field("dien_tich").retired = True
    goats.save()
    for page_kind in ("details", "edit"):
        page = admin_client.get(f"/admin/record/{page_kind}/?id={record.pk}&kind={KIND}").get_data(
            as_text=True
        )
        versions = (
            f"phiên bản {record.definition_version} của biểu mẫu; "
            f"biểu mẫu hiện nay là phiên bản {goats.version}"
        )
        assert versions in page
        assert "trường «Số dê» đổi tên thành «Tổng đàn dê»" in page
        assert "bỏ trường «Diện tích trồng»" in page
        assert "«Tổng đàn dê»: Phải nhỏ hơn hoặc bằng 100." in page


def test_a_defined_kinds_record_goes_to_the_trash_and_comes_back(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Đàn Đoàn Kết", unit=district["doan_ket"], values=values).save()
    token = csrf_token(admin_client, LIST)
    admin_client.post(f"/admin/record/delete/?kind={KIND}", data={"id": str(record.pk), "csrf_token": token})
    assert CustomRecord.objects(pk=record.pk).count() == 0
    assert "Đàn Đoàn Kết" in admin_client.get("/admin/trash/").get_data(as_text=True)
    trashed = TrashedRecord.objects.get(record_id=record.pk)
    token = csrf_token(admin_client, "/admin/trash/")
    admin_client.post(
        "/admin/trash/action/", data={"action": "restore", "rowid": str(trashed.pk), "csrf_token": token}
    )
    assert CustomRecord.objects.get(pk=record.pk).values == values


def test_a_table_row_cannot_name_another_communes_person(client, district, app):
    members = F(
        "thanh_vien",
        "Thành viên",
        "group",
        sub_fields=[F("nguoi", "Người", "person"), F("vai_tro", "Vai trò", "text")],
    )
    FormDefinition(code="to_cong_tac", name="Tổ công tác", fields=[members]).save()
    outsider = Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["ban_chanh"],
    ).save()
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    url = "/admin/record/new/?kind=to_cong_tac"
    form = {
        "csrf_token": csrf_token(client, url),
        "name": "Tổ số 1",
        "unit": str(district["doan_ket"].pk),
        "v_thanh_vien-0-nguoi": str(outsider.pk),
        "v_thanh_vien-0-vai_tro": "Tổ trưởng",
    }
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page  # as if it did not exist
    assert CustomRecord.objects(kind="to_cong_tac").count() == 0


def test_a_condition_on_a_later_field_and_a_hidden_wrong_value(district, goats):
    goats.fields = [F("ghi_chu", "Ghi chú", "date", show_if="co_von", show_if_value="Có"), *goats.fields]
    goats.save()
    values = {"nam": 2024, "tinh_trang": "Đúng tiến độ", "co_von": "0", "ghi_chu": "không phải ngày"}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    assert "ghi_chu" not in record.values and record.values["co_von"] is False
    record.values = {**record.values, "co_von": "1", "ghi_chu": "2024-05-01"}
    assert record.save().values["ghi_chu"].day == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("500.000", 500000), ("15.000.000", 15000000), ("1.250", 1250), ("70,5", 70.5), ("1.250,75", 1250.75)],
)
def test_numbers_are_read_the_vietnamese_way(district, goats, typed, stored):
    goats.fields.append(F("tien", "Số tiền", "decimal"))
    goats.save()
    values = {"nam": 2024, "tinh_trang": "Đúng tiến độ", "tien": typed}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    assert record.values["tien"] == stored


def test_changing_two_types_at_once_converts_both_in_one_edit(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 12, "co_von": True, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    keys = [f.key for f in goats.fields]
    url, form = definition_form(
        admin_client,
        goats,
        **{
            f"fields-{keys.index('so_de')}-type": "decimal",
            f"fields-{keys.index('co_von')}-type": "text",
            "confirm_change": "y",
        },
    )
    assert admin_client.post(url, data=form).status_code == 302
    stored = CustomRecord.objects.get(pk=record.pk)
    assert stored.values["so_de"] == 12.0 and isinstance(stored.values["so_de"], float)
    assert stored.values["co_von"] == "Có"
    assert stored.version == record.version + 1


def test_a_table_column_with_data_cannot_be_dropped_or_retired(admin_client, district, goats):
    rows = [{"chi_so": "Đàn dê", "ke_hoach": 100.0}]
    values = {"nam": 2024, "tinh_trang": "Đúng tiến độ", "chi_tieu": rows}
    CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    goats.reload()
    goats.field("chi_tieu").sub_fields[1].retired = True
    with pytest.raises(ValidationError, match="chưa bỏ được cột của nhóm lặp"):
        goats.save()
    goats.reload()
    goats.field("chi_tieu").sub_fields = goats.field("chi_tieu").sub_fields[:1]
    with pytest.raises(ValidationError, match="chưa bỏ được cột của nhóm lặp"):
        goats.save()


def test_a_sort_on_a_column_no_longer_sortable_lists_by_name(app, admin_client, district, herds):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "record")
    with app.test_request_context(LIST):
        column = [name for name, _ in view._list_columns].index("v_so_de")
    herds.field("so_de").filterable = False
    herds.save()
    response = admin_client.get("/admin/record/", query_string={"kind": KIND, "sort": column})
    assert response.status_code == 200


def test_defaults_fill_new_forms_only(admin_client, district, goats):
    goats.field("so_de").default = "10"
    goats.save()
    assert re.search(r'name="v_so_de"[^>]*value="10"', admin_client.get(NEW).get_data(as_text=True))
    values = {"nam": 2024, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    page = admin_client.get(f"/admin/record/edit/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert not re.search(r'name="v_so_de"[^>]*value="10"', page)


def test_a_conflict_on_a_defined_kind_names_fields_by_label(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 130, "tinh_trang": "Đúng tiến độ"}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    url = f"/admin/record/edit/?id={record.pk}&kind={KIND}"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "name": "Đàn",
        "unit": str(district["doan_ket"].pk),
        "v_nam": "2024",
        "v_tinh_trang": "Đúng tiến độ",
        "v_so_de": "140",
        "version": str(record.version),
    }
    record.values = {**record.values, "so_de": 150}
    record.save()
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Số dê thành 150 con" in page
    assert "values thành" not in page


def test_a_kind_with_records_is_not_deleted_and_exports_count(admin_client, district, goats):
    values = {"nam": 2024, "so_de": 130, "tinh_trang": "Chậm tiến độ", "ly_do": "Dòng một\nDòng <b>hai</b>"}
    record = CustomRecord(kind=KIND, name="Đàn", unit=district["doan_ket"], values=values).save()
    token = csrf_token(admin_client, "/admin/form_definition/")
    form = {"id": str(goats.pk), "csrf_token": token}
    response = admin_client.post("/admin/form_definition/delete/", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "còn 1 hồ sơ loại «Mô hình nuôi dê»" in page
    assert FormDefinition.objects(pk=goats.pk).count() == 1
    export = admin_client.get(f"/admin/record/export/csv/?kind={KIND}").get_data(as_text=True)
    assert ",130," in export  # a number, without its unit
    page = admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert "Dòng một<br>Dòng &lt;b&gt;hai&lt;/b&gt;" in page


def test_marking_a_field_searchable_finds_records_already_stored(admin_client, district, goats):
    values = {"nam": 2024, "tinh_trang": "Chậm tiến độ", "ly_do": "Thiếu thùng nuôi"}
    CustomRecord(kind=KIND, name="Đàn Đoàn Kết", unit=district["doan_ket"], values=values).save()
    assert "Đàn Đoàn Kết" not in admin_client.get(f"{LIST}&search=thung").get_data(as_text=True)
    goats.field("ly_do").searchable = True
    goats.save()
    assert "Đàn Đoàn Kết" in admin_client.get(f"{LIST}&search=thung").get_data(as_text=True)
