from documents import CustomRecord, Household, LocalWork, PartyOrganization, Person, Unit


def test_seed_demo_loads_the_district_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = (
        Unit.objects.count(),
        PartyOrganization.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
    )
    # Lạng Sơn's tree; Tuyên Quang's (documents/demo_breakthrough.py) stands beside it.
    lang_son = Unit.objects.under(Unit.objects.get(code="LS"))
    assert lang_son.count() + 1 == 224 and 200 <= lang_son.hamlets().count() <= 210
    assert counts[2] > 3000 and counts[3] > 20_000
    assert Household.objects(member_in_charge=None).count() == 0
    assert Household._get_collection().count_documents({"version": 0}) == counts[3]
    # The model kinds loaded as stand-alone kinds moved into Mô hình, phần việc with their records
    # (3), beside Lộc Bình's other 19 models and 235 work items and Đồng Diễn's model.
    assert "records: 3" in first.output and "local_works: 258" in first.output
    assert LocalWork.objects.count() == 258 and CustomRecord.objects.count() == 0
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert (
        Unit.objects.count(),
        PartyOrganization.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
    ) == counts
    assert "units: 0" in second.output and "households: 0" in second.output
    assert "records: 0" in second.output and "local_works: 0" in second.output
    assert LocalWork.objects.count() == 258


def test_demo_people_hold_several_posts(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    nam_quan = Unit.objects.get(kind="xa", name="Nam Quan")
    staff = Person.objects(unit=nam_quan, category__in=["can_bo", "cong_chuc", "khong_chuyen_trach"])
    assert staff.count() >= 30
    assert any(len(p.current_positions) >= 2 for p in Person.objects(ancestors=nam_quan.pk))
