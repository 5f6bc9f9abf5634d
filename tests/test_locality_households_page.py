"""The page «Phân công hộ gia đình»: Đoàn Kết's seven households over its cell's three members,
seen by an admin, Nam Quan's editor and viewer, refused to Nhân Lý's editor; «Chia đều» filling
the selects without writing, «Lưu» writing the plan (read back raw), and what is refused at its
field with nothing written."""

import datetime
import re

import pytest
from mongoengine.connection import get_db

from documents import Household, LocalityAssignment
from documents import locality_households as bulk
from tests.conftest import district_committee, login, make_user
from tests.html_forms import form_fields
from tests.test_locality_households import hamlet  # noqa: F401

URL = "/admin/locality_households/"
DAY = "01/03/2024"


def page(hamlet, day=DAY):  # noqa: F811
    return f"{URL}?hamlet={hamlet['doan_ket'].pk}&day={day}"


def signed_in(client, hamlet, role="editor", unit="nam_quan"):  # noqa: F811
    make_user(username=f"{role}-{unit}", role=role, unit=hamlet[unit])
    assert login(client, f"{role}-{unit}").status_code == 302
    return client


def written():
    """What the page may write, read raw: assignments, households' members, history entries."""
    db = get_db()
    return (
        list(db.locality_assignments.find()),
        {row["code"]: row.get("member_in_charge") for row in db.households.find()},
        db.history.count_documents({}),
    )


def chosen(html):
    """{field: value} the households form would send for its selects."""
    return {k: v for k, v in form_fields(html, "households-form") if k.startswith("household-")}


def field_of(hamlet, number):  # noqa: F811
    return f"household-{hamlet['homes'][number - 1].pk}"


def post(client, hamlet, action, plan=None, day=DAY):  # noqa: F811
    html = client.get(page(hamlet, day)).get_data(as_text=True)
    data = dict(form_fields(html, "households-form"))
    data.update(plan or {})
    data["action"] = action
    return client.post(page(hamlet, day), data=data)


def test_the_admin_sees_members_households_and_coverage(admin_client, hamlet):  # noqa: F811
    response = admin_client.get(page(hamlet))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Thôn Đoàn Kết, xã Nam Quan" in html
    assert "<strong>0/7</strong> hộ có đảng viên phụ trách" in html
    names = re.findall(r'<tr data-member="[0-9a-f]+"><td>([^<]+)</td>', html)
    assert names == ["Hoàng Văn An", "Lý Văn Bình", "Triệu Thị Cúc"]
    assert chosen(html) == {field_of(hamlet, n): "" for n in range(1, 8)}
    assert '<td class="text-right" data-figure="unassigned-saved">7</td>' in html  # none held yet
    assert "DK-7" in html and "Hộ 7" in html and "NP-1" not in html
    # The households of other hamlets, and the members of other cells, are not offered.
    assert "Hà Văn Giang" not in html and "Vi Văn Dũng" not in html


def test_the_hamlet_picker_offers_only_the_hamlets_in_scope(client, hamlet):  # noqa: F811
    editor = signed_in(client, hamlet)
    html = editor.get(URL).get_data(as_text=True)
    # Nam Quan's editor sees one commune, picked for them, and its two hamlets.
    hamlets = re.findall(r'<option value="([0-9a-f]{24})"[^>]*>Thôn ([^<]+)</option>', html)
    assert [name for _, name in hamlets] == ["Đoàn Kết", "Nà Pái"]
    assert "Nhân Lý" not in html and "Bản Chành" not in html


@pytest.mark.parametrize(
    "role, unit, status",
    [
        ("editor", "nam_quan", 200),
        ("viewer", "nam_quan", 200),
        ("editor", "doan_ket", 200),
        ("editor", "nhan_ly", 404),
    ],
)
def test_who_sees_the_hamlet(client, hamlet, role, unit, status):  # noqa: F811
    response = signed_in(client, hamlet, role, unit).get(page(hamlet))
    assert response.status_code == status
    if status == 404:
        assert "Đoàn Kết" not in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["zzz", "0" * 24, "commune"])
def test_an_unknown_hamlet_is_not_found(admin_client, hamlet, value):  # noqa: F811
    value = hamlet["nam_quan"].pk if value == "commune" else value
    response = admin_client.get(f"{URL}?hamlet={value}")
    assert response.status_code == 404 and "Nam Quan" not in response.get_data(as_text=True)


def test_spread_fills_the_selects_and_save_writes_the_plan(client, hamlet):  # noqa: F811
    editor = signed_in(client, hamlet)
    before = written()
    spread = post(editor, hamlet, "spread")
    html = spread.get_data(as_text=True)
    assert spread.status_code == 200 and "Đã chia đều 7 hộ cho 3 đảng viên" in html
    an, binh, cuc = (str(hamlet[k].pk) for k in ("an", "binh", "cuc"))
    assert chosen(html) == {
        **{field_of(hamlet, n): an for n in (1, 2, 3)},
        **{field_of(hamlet, n): binh for n in (4, 5)},
        **{field_of(hamlet, n): cuc for n in (6, 7)},
    }
    assert written() == before  # spreading writes nothing
    # The counts in the table: 3, 2, 2, none left.
    assert re.findall(r'data-count-for="[0-9a-f]*">(\d+)<', html) == ["3", "2", "2", "0"]
    # DK-7 given to An by hand, then saved.
    data = dict(form_fields(html, "households-form"), action="save")
    data[field_of(hamlet, 7)] = an
    saved = editor.post(page(hamlet), data=data)
    assert saved.status_code == 302
    db = get_db()
    rows = {row["person"]: row for row in db.locality_assignments.find()}
    codes = {h.pk: h.code for h in hamlet["homes"]}
    held = {str(k): sorted(codes[pk] for pk in row["households"]) for k, row in rows.items()}
    assert held == {an: ["DK-1", "DK-2", "DK-3", "DK-7"], binh: ["DK-4", "DK-5"], cuc: ["DK-6"]}
    assert {(row["start"], row.get("end"), row["unit"]) for row in rows.values()} == {
        (datetime.datetime(2024, 3, 1), None, hamlet["doan_ket"].pk)
    }
    members = {row["code"]: str(row.get("member_in_charge")) for row in db.households.find()}
    assert members == {
        **{f"DK-{n}": an for n in (1, 2, 3, 7)},
        **{f"DK-{n}": binh for n in (4, 5)},
        "DK-6": cuc,
        "NP-1": "None",
    }
    # 3 assignments created and 7 households given their member, each entry naming the editor.
    entries = list(
        db.history.find({"$or": [{"kind": "locality_assignments"}, {"changed": "member_in_charge"}]})
    )
    assert (
        sorted((e["kind"], e["action"]) for e in entries)
        == [("households", "edit")] * 7 + [("locality_assignments", "create")] * 3
    )
    assert {e["actor"] for e in entries} == {"editor-nam_quan"}
    after = editor.get(page(hamlet)).get_data(as_text=True)
    assert "<strong>7/7</strong> hộ có đảng viên phụ trách" in after
    assert "Đã lưu phân công hộ gia đình của Thôn Đoàn Kết từ ngày 01/03/2024" in after
    assert chosen(after)[field_of(hamlet, 7)] == an
    # What each holds on the day, as saved: 4, 2, 1.
    assert re.findall(r'<td class="text-right">(\d+)</td><td class="text-right" data-count-for', after) == [
        "4",
        "2",
        "1",
    ]


@pytest.mark.parametrize(
    "day, plan, message, where",
    [
        ("31/02/2024", {}, "Ngày không hợp lệ", "households-day-error"),
        ("01/01/2099", {}, "không được sau hôm nay", "households-day-error"),
        (DAY, {"household-zzz": ""}, "Biểu mẫu có hộ không hợp lệ", "households-error"),
        (DAY, {"other": "an"}, "Hộ này không thuộc Thôn Đoàn Kết", "households-error"),
        (DAY, {1: "zzz"}, "Người phụ trách không hợp lệ", "households-row-error"),
        (
            DAY,
            {1: "agency_member"},
            "Người này không phải đảng viên của Thôn Đoàn Kết",
            "households-row-error",
        ),
    ],
)
def test_what_the_save_refuses_at_its_field(client, hamlet, day, plan, message, where):  # noqa: F811
    editor = signed_in(client, hamlet)
    before = written()
    fields = {}
    for key, value in plan.items():
        name = key if isinstance(key, str) and key.startswith("household-") else None
        name = name or (f"household-{hamlet['other'].pk}" if key == "other" else field_of(hamlet, key))
        fields[name] = str(hamlet[value].pk) if value in hamlet else value
    response = post(editor, hamlet, "save", fields, day=day)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'class="[^"]*{where}[^"]*"[^>]*>[^<]*{message}', html), html[-3000:]
    assert written() == before


def test_a_viewer_sees_the_plan_read_only_and_cannot_post(client, hamlet):  # noqa: F811
    bulk.apply(hamlet["doan_ket"], datetime.date(2024, 3, 1), {hamlet["homes"][0].pk: hamlet["cuc"].pk})
    viewer = signed_in(client, hamlet, "viewer")
    html = viewer.get(page(hamlet)).get_data(as_text=True)
    assert "households-form" not in html and "<select" not in html.split("households-table")[1]
    assert "Tài khoản chỉ xem" in html and "Triệu Thị Cúc" in html and "<strong>1/7</strong>" in html
    before = written()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
    for action in ("save", "spread"):
        refused = viewer.post(
            page(hamlet),
            data={"csrf_token": token, "action": action, field_of(hamlet, 2): str(hamlet["an"].pk)},
        )
        assert refused.status_code == 403
    assert written() == before


def test_households_held_by_a_decision_from_above_stay_for_the_commune(client, hamlet):  # noqa: F811
    """An's DK-1 and DK-2 were given by the district committee's decision: Nam Quan's editor may
    give the other households but not move those two, as on the assignment's own form."""
    committee = district_committee(hamlet["district"])
    LocalityAssignment(
        person=hamlet["an"],
        unit=hamlet["doan_ket"],
        households=hamlet["homes"][:2],
        start=datetime.date(2024, 1, 1),
        body=committee,
    ).save()
    editor = signed_in(client, hamlet)
    before = written()
    moved = post(editor, hamlet, "save", {field_of(hamlet, 2): str(hamlet["binh"].pk)})
    html = moved.get_data(as_text=True)
    assert moved.status_code == 200
    errors = re.findall(r'households-row-error">([^<]+)<', html)
    assert errors == [
        "Hộ này đang được phụ trách theo quyết định của cấp trên: chỉ cán bộ của cấp đó được thay đổi."
    ]
    assert written() == before
    kept = post(editor, hamlet, "save", {field_of(hamlet, 3): str(hamlet["binh"].pk)})
    assert kept.status_code == 302
    binh = get_db().locality_assignments.find_one({"person": hamlet["binh"].pk})
    assert binh["households"] == [hamlet["homes"][2].pk]
    an = get_db().locality_assignments.find_one({"person": hamlet["an"].pk})
    assert (an["households"], an.get("end")) == ([h.pk for h in hamlet["homes"][:2]], None)


def test_a_household_moved_in_shows_who_holds_it_from_its_old_hamlet(client, hamlet):  # noqa: F811
    """DK-1 moved to Nà Pái, still held by An under Đoàn Kết's assignment: Nà Pái's page counts it
    in the header and in the table alike, says where An holds it from, saves with it kept, and
    gives it to Giang."""
    bulk.apply(hamlet["doan_ket"], datetime.date(2024, 3, 1), {hamlet["homes"][0].pk: hamlet["an"].pk})
    moved = Household.objects.get(pk=hamlet["homes"][0].pk)
    moved.hamlet = hamlet["na_pai"]
    moved.save()
    editor = signed_in(client, hamlet)
    url = f"{URL}?hamlet={hamlet['na_pai'].pk}&day=01/04/2024"
    html = editor.get(url).get_data(as_text=True)
    assert "<strong>1/2</strong> hộ có đảng viên phụ trách" in html
    members = re.findall(r'<tr data-member="[0-9a-f]+"><td>(.*?)</td><td class="text-right">(\d+)</td>', html)
    assert members == [
        ("Hà Văn Giang", "0"),
        (
            'Hoàng Văn An <span class="text-muted small">(theo phân công ở Thôn Đoàn Kết)</span>',
            "1",
        ),
    ]
    assert "Đảng viên (1)" in html and "không thuộc chi bộ" not in html
    assert chosen(html) == {
        f"household-{moved.pk}": str(hamlet["an"].pk),
        f"household-{hamlet['other'].pk}": "",
    }
    # Saved as shown (An kept), then DK-1 given to Giang.
    data = dict(form_fields(html, "households-form"), action="save")
    data[f"household-{hamlet['other'].pk}"] = str(hamlet["na_pai_member"].pk)
    assert editor.post(url, data=data).status_code == 302
    assert LocalityAssignment.objects(person=hamlet["an"]).count() == 1
    data[f"household-{moved.pk}"] = str(hamlet["na_pai_member"].pk)
    assert editor.post(url.replace("01/04", "01/05"), data=data).status_code == 302
    html = editor.get(url.replace("01/04", "01/05")).get_data(as_text=True)
    assert "<strong>2/2</strong>" in html and "Hoàng Văn An" not in html
    an = LocalityAssignment.objects.get(person=hamlet["an"])
    assert an.end == datetime.date(2024, 4, 30) and [h.code for h in an.households] == ["DK-1"]
