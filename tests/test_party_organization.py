import pytest
from mongoengine import ValidationError

from documents import PartyOrganization


def test_moving_an_organization_rewrites_the_paths_below_it(district):
    district_committee = PartyOrganization(
        kind="dang_bo_huyen", name="Đảng bộ huyện Lộc Bình", unit=district["district"]
    ).save()
    nam_quan = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cell = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"], parent=nam_quan
    ).save()
    nam_quan.parent = district_committee
    nam_quan.save()
    assert PartyOrganization.objects.get(pk=cell.pk).parents == [district_committee.pk, nam_quan.pk]


def test_organization_cannot_sit_under_itself_or_below(district):
    nam_quan = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cell = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"], parent=nam_quan
    ).save()
    nam_quan.parent = cell
    with pytest.raises(ValidationError):
        nam_quan.save()
    assert PartyOrganization.objects.get(pk=nam_quan.pk).parent is None
