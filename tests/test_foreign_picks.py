"""A refused form names nothing outside the account's scope: an id of another commune's record,
put in any picker of any form, is answered like an id that names no record."""

import json

import pytest

from documents import FieldDefinition, FormDefinition, Household, IssuingBody, PartyOrganization, Person
from tests.conftest import csrf_token, login, make_user

UNKNOWN = "Lựa chọn không hợp lệ: không có hồ sơ này."
# Every name the other commune's records could be shown by.
THEIR_NAMES = ("Nhân Lý", "Bản Chành", "Lò Văn Bê", "Vi Thị Bê")
KIND = "theo_doi"
REFERENCES = ("person", "unit", "household", "party_organization")
# Which record of a commune each kind of defined reference names.
PICKED = {
    "person": "person",
    "unit": "hamlet",
    "household": "household",
    "party_organization": "party_organization",
}


def F(key, label, type, **options):  # noqa: N802
    return FieldDefinition(key=key, label=label, type=type, **options)


@pytest.fixture
def places(district):
    ours = dict(commune=district["nam_quan"], hamlet=district["doan_ket"])
    theirs = dict(commune=district["nhan_ly"], hamlet=district["ban_chanh"])
    for side, name, head in ((ours, "Đoàn Kết", "Hà Thị Mai"), (theirs, "Bản Chành", "Vi Thị Bê")):
        side["party_organization"] = PartyOrganization(
            kind="chi_bo", name=f"Chi bộ thôn {name}", unit=side["hamlet"]
        ).save()
        side["person"] = Person(
            full_name="Hoàng Văn Nam" if side is ours else "Lò Văn Bê",
            gender="nam",
            birth_year=1970,
            category="dang_vien",
            unit=side["hamlet"],
            party_organization=side["party_organization"],
            admitted_on="2000-01-01",
        ).save()
        side["household"] = Household(code=f"HH-{name}", head_name=head, hamlet=side["hamlet"]).save()
        side["body"] = IssuingBody(
            name=f"Đảng ủy xã {side['commune'].name}",
            parent_name="Đảng bộ huyện Lộc Bình",
            abbreviation="ĐU",
            unit=side["commune"],
            place_name=side["commune"].name,
            signer_post="Bí thư",
            signer_name="Nông Văn Hải",
            numbering="loai_nam",
        ).save()
    refs = [F(f"ref_{kind}", f"Tham chiếu {kind}", kind) for kind in REFERENCES]
    FormDefinition(
        code=KIND,
        name="Theo dõi",
        fields=[*refs, F("dong", "Các dòng", "group", sub_fields=[F("nguoi", "Người", "person")])],
    ).save()
    FormDefinition(code="them_ho", name="Thêm về hộ", family="household", fields=refs).save()
    return ours, theirs


def named(page, name):
    """Whether the page names `name`, as text or inside a picker's data (JSON, \\u escapes)."""
    return name in page or json.dumps(name)[1:-1] in page


def unit_id(side, name):
    return str(side[name].pk)


# (form address, the form's own fields with our commune's records, the picker, their record's key)
CASES = [
    ("/admin/unit/new/", {"kind": "thon", "code": "X1", "name": "Thôn Mới"}, "parent", "commune"),
    ("/admin/party_organization/new/", {"name": "Chi bộ mới", "kind": "chi_bo"}, "unit", "hamlet"),
    (
        "/admin/party_organization/new/",
        {"name": "Chi bộ mới", "kind": "chi_bo"},
        "parent",
        "party_organization",
    ),
    ("/admin/person/new/", {"full_name": "Người Mới", "gender": "nam"}, "unit", "hamlet"),
    (
        "/admin/person/new/",
        {"full_name": "Người Mới", "gender": "nam"},
        "party_organization",
        "party_organization",
    ),
    (
        "/admin/person/new/",
        {"full_name": "Người Mới", "positions-0-title": "Bí thư"},
        "positions-0-organization",
        "party_organization",
    ),
    (
        "/admin/person/new/",
        {"full_name": "Người Mới", "positions-0-title": "Bí thư"},
        "positions-0-unit",
        "hamlet",
    ),
    ("/admin/household/new/", {"code": "HH-moi", "head_name": "Hộ Mới"}, "hamlet", "hamlet"),
    ("/admin/household/new/", {"code": "HH-moi", "head_name": "Hộ Mới"}, "member_in_charge", "person"),
    *[
        ("/admin/household/new/", {"code": "HH-moi", "head_name": "Hộ Mới"}, f"v_ref_{k}", PICKED[k])
        for k in REFERENCES
    ],
    (f"/admin/record/new/?kind={KIND}", {"name": "Mới"}, "unit", "hamlet"),
    *[(f"/admin/record/new/?kind={KIND}", {"name": "Mới"}, f"v_ref_{k}", PICKED[k]) for k in REFERENCES],
    (f"/admin/record/new/?kind={KIND}", {"name": "Mới"}, "v_dong-0-nguoi", "person"),
    (
        "/admin/official_document/new/",
        {"kind": "danh_sach_can_bo", "document_type": "danh_sach"},
        "unit",
        "commune",
    ),
    (
        "/admin/official_document/new/",
        {"kind": "danh_sach_can_bo", "document_type": "danh_sach"},
        "body",
        "body",
    ),
]

# Our own record for each picker, so that only the tampered one is wrong.
OURS = {
    "/admin/party_organization/": {"unit": "hamlet"},
    "/admin/person/": {"unit": "hamlet"},
    "/admin/household/": {"hamlet": "hamlet"},
    "/admin/record/": {"unit": "hamlet"},
    "/admin/official_document/": {"unit": "commune", "body": "body"},
    "/admin/unit/": {"parent": "commune"},
}


@pytest.fixture
def editor(client, places):
    make_user(username="bientap", role="editor", unit=places[0]["commune"])
    login(client, username="bientap")
    return client


def _ids(case):
    return f"{case[0].split('/')[2]}:{case[2]}"


@pytest.mark.parametrize(("url", "fields", "picker", "theirs"), CASES, ids=[_ids(c) for c in CASES])
def test_a_pick_from_another_commune_is_an_unknown_id_and_not_named(
    editor, places, url, fields, picker, theirs
):
    ours, their = places
    prefix = url.split("new/")[0]
    form = {name: unit_id(ours, key) for name, key in OURS[prefix].items()}
    form.update(fields)
    form[picker] = unit_id(their, theirs)
    form["csrf_token"] = csrf_token(editor, url)
    response = editor.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert UNKNOWN in page
    for name in THEIR_NAMES:
        assert not named(page, name), (picker, name)


@pytest.mark.parametrize("picker", ["member_in_charge", "v_ref_person"])
def test_a_pick_in_the_editors_commune_is_kept(editor, places, picker):
    """The same forms with our own record: the pick is named on the form, as it should be."""
    ours, _ = places
    url = "/admin/household/new/"
    form = {
        "code": "",
        "head_name": "Hộ Mới",
        "hamlet": unit_id(ours, "hamlet"),
        picker: unit_id(ours, "person"),
    }
    form["csrf_token"] = csrf_token(editor, url)
    page = editor.post(url, data=form).get_data(as_text=True)
    assert UNKNOWN not in page
    assert named(page, "Hoàng Văn Nam")  # refused for the blank head's name, the pick shown back


def test_a_defined_reference_already_there_may_stay(editor, places):
    """A household of ours whose defined field names another commune's person keeps it on save."""
    ours, their = places
    household = ours["household"]
    household.values = {"ref_person": their["person"].pk}
    household.save()
    url = f"/admin/household/edit/?id={household.pk}"
    form = {
        "code": household.code,
        "head_name": "Tên mới",
        "hamlet": unit_id(ours, "hamlet"),
        "size": "3",
        "poverty": "khong",
        "v_ref_person": unit_id(their, "person"),
        "version": str(household.version),
        "csrf_token": csrf_token(editor, url),
    }
    assert editor.post(url, data=form).status_code == 302
    assert Household.objects.get(pk=household.pk).values["ref_person"] == their["person"].pk
