"""The demo's stand-alone model kinds move into the models and work items family, with their
records, values, history and files, by a command that can be run twice."""

import pytest

from documents import CustomRecord, FormDefinition, HistoryEntry, LocalWork, Unit
from documents.attachment import attach, open_file
from documents.demo_forms import load_forms
from documents.local_work_adopt import NotAdopted, adopt, files


@pytest.fixture
def loaded(app):
    """The three demo model records, at Đoàn Kết (Ái Quốc), Khòn Mùn and Nam Quan."""
    district = Unit(kind="huyen", code="LB", name="Lộc Bình").save()
    ai_quoc = Unit(kind="xa", code="AQ", name="Ái Quốc", parent=district).save()
    nam_quan = Unit(kind="xa", code="NQ", name="Nam Quan", parent=district).save()
    Unit(kind="thon", code="AQ-01", name="Đoàn Kết", parent=ai_quoc).save()
    Unit(kind="thon", code="NQ-01", name="Khòn Mùn", parent=nam_quan).save()
    assert load_forms()["records"] == 3
    goats = CustomRecord.objects(kind="mo_hinh_rung_de").get()
    goats.values["so_de"] = 131
    goats.save()  # a second history entry
    attach(goats, b"bien ban", "bien-ban.pdf")
    return dict(district=district, ai_quoc=ai_quoc, nam_quan=nam_quan)


def test_the_demo_kinds_move_with_every_value_history_entry_and_file(app, loaded):
    before = {r.pk: (r.name, r.values, r.unit.pk, len(HistoryEntry.of(r))) for r in CustomRecord.objects}
    goats_file = CustomRecord.objects(kind="mo_hinh_rung_de").get().attachments[0]
    runner = app.test_cli_runner()
    result = runner.invoke(args=["local-work", "adopt-demo"])
    assert result.exit_code == 0 and "Đã chuyển 3 hồ sơ" in result.output
    assert CustomRecord.objects.count() == 0 and LocalWork.objects.count() == 3
    for pk, (name, values, unit, entries) in before.items():
        work = LocalWork.objects(pk=pk).get()
        assert (work.name, work.values) == (name, values)
        assert unit in (work.hamlet.pk if work.hamlet else None, work.commune.pk)
        history = HistoryEntry.of(work).order_by("version")
        assert [e.action for e in history][-1] == "adopt" and history.count() == entries + 1
    goats = LocalWork.objects(kind="mo_hinh_rung_de").get()
    assert (goats.year, goats.category, goats.hamlet.name, goats.commune.name) == (
        2024,
        "mo_hinh",
        "Đoàn Kết",
        "Ái Quốc",
    )
    assert open_file(goats.attachments[0]).read() == b"bien ban" == open_file(goats_file).read()
    assert files().find_one({"_id": goats_file.file_id})["metadata"]["kind"] == "local_works"
    waste = LocalWork.objects(kind="phan_loai_rac").get()
    assert (waste.year, waste.hamlet, waste.commune) == (2024, None, loaded["nam_quan"])
    definition = FormDefinition.objects(code="mo_hinh_rung_de").get()
    assert definition.family == "local_work" and definition.field("nam").retired
    assert HistoryEntry.of(definition).order_by("-version").first().action == "adopt"
    # Run again: nothing moves, nothing changes.
    again = runner.invoke(args=["local-work", "adopt-demo"])
    assert again.exit_code == 0 and "Đã chuyển 0 hồ sơ" in again.output
    assert LocalWork.objects(pk=goats.pk).get().version == goats.version
    assert load_forms() == {"form_definitions": 0, "records": 0}  # the demo does not load them twice


def test_the_moved_kind_is_listed_with_the_models_and_no_longer_alone(admin_client, loaded):
    adopt("mo_hinh_rung_de", "mo_hinh", year_field="nam")
    assert admin_client.get("/admin/record/?kind=mo_hinh_rung_de").status_code == 404
    page = admin_client.get("/admin/local_work/?kind=mo_hinh_rung_de").get_data(as_text=True)
    assert "Bảo vệ rừng gắn với nuôi dê thôn Đoàn Kết" in page and "131 con" in page
    menu = admin_client.get("/admin/").get_data(as_text=True)
    assert (
        "/admin/record/?kind=mo_hinh_rung_de" not in menu and "/admin/record/?kind=sinh_hoat_chi_bo" in menu
    )


def test_a_record_that_cannot_move_keeps_the_whole_kind_where_it_was(app, loaded):
    waste = CustomRecord.objects(kind="phan_loai_rac").get()
    CustomRecord.objects(pk=waste.pk).update(set__unit=loaded["district"].pk)  # at the district
    with pytest.raises(NotAdopted) as refused:
        adopt("phan_loai_rac", "mo_hinh", year=2024)
    assert str(refused.value).startswith("Hồ sơ «Phân loại rác thải tại nguồn xã Nam Quan» chưa chuyển được")
    assert FormDefinition.objects(code="phan_loai_rac").get().family == "standalone"
    assert CustomRecord.objects(kind="phan_loai_rac").count() == 1 and LocalWork.objects.count() == 0


def test_the_command_says_what_it_needs(app, loaded):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["local-work", "adopt", "trong_duoc_lieu", "--category", "mo_hinh"])
    assert result.exit_code != 0 and "Cần --year-field" in result.output
    result = runner.invoke(
        args=["local-work", "adopt", "khong_co", "--category", "mo_hinh", "--year", "2024"]
    )
    assert result.exit_code != 0 and "Không có loại hồ sơ mã «khong_co»." in result.output
    result = runner.invoke(
        args=["local-work", "adopt", "trong_duoc_lieu", "--category", "mo_hinh", "--year", "2024"]
    )
    assert result.exit_code == 0 and LocalWork.objects(kind="trong_duoc_lieu").get().year == 2024
