"""`flask documents render --body`: a body named by its abbreviation when no other body of the
unit shares it, else by its full name or id (Ban Thường vụ Huyện ủy and Huyện ủy both print "HU",
numbering in one register); a name that fits none, or several, lists the choices by name and id."""

import io

import pytest
from pypdf import PdfReader

from tests.conftest import commune_peoples_committee, district_committee

RENDER = ["documents", "render", "danh_sach_can_bo", "--unit", "06526", "--date", "2026-03-05"]


@pytest.fixture
def bodies(district):
    committee = district_committee(district["district"], authority="T/M Huyện ủy", signer_name="Nông Văn Một")
    standing = district_committee(
        district["district"],
        name="Ban Thường vụ Huyện ủy Lộc Bình",
        printed_name="Huyện ủy Lộc Bình",
        numbered_with=committee,
        signer_name="Lý Thị Hai",
    )
    state = commune_peoples_committee(district["nam_quan"])
    return {"committee": committee, "standing": standing, "state": state}


def render(app, tmp_path, body):
    out = tmp_path / "out.pdf"
    result = app.test_cli_runner().invoke(args=[*RENDER, "--body", body, "--out", str(out)])
    text = ""
    if result.exit_code == 0:
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split()
        )
    return result, text


def test_a_shared_abbreviation_asks_for_the_name_or_id(app, bodies, tmp_path):
    result, _ = render(app, tmp_path, "HU")
    assert result.exit_code != 0
    committee, standing = bodies["committee"], bodies["standing"]
    assert (
        "«HU» ứng với 2 cơ quan. Hãy chọn một cơ quan ban hành bằng --body (ký hiệu, tên đầy đủ hoặc mã)"
        in (result.output)
    )
    assert f"«Ban Thường vụ Huyện ủy Lộc Bình» (HU, mã {standing.pk})" in result.output
    assert f"«Huyện ủy Lộc Bình» (HU, mã {committee.pk})" in result.output
    assert "Ủy ban nhân dân" not in result.output  # only the bodies that abbreviation fits


@pytest.mark.parametrize(
    ("named", "signer"),
    [
        ("Ban Thường vụ Huyện ủy Lộc Bình", "Lý Thị Hai"),
        ("  ban thường vụ   HUYỆN ỦY lộc bình ", "Lý Thị Hai"),  # any case, spaces tidied
        ("Huyện ủy Lộc Bình", "Nông Văn Một"),
        ("committee", "Nông Văn Một"),  # by id
        ("standing", "Lý Thị Hai"),
        ("UBND", "Vi Văn Hùng"),  # a unique abbreviation still does
        ("ubnd", "Vi Văn Hùng"),
    ],
)
def test_a_body_named_by_its_name_id_or_unique_abbreviation(app, bodies, tmp_path, named, signer):
    named = str(bodies[named].pk) if named in bodies else named
    result, text = render(app, tmp_path, named)
    assert result.exit_code == 0, result.output
    assert signer in text and "DỰ THẢO" in text


def test_a_body_that_is_not_there_lists_every_choice(app, bodies, tmp_path):
    result, _ = render(app, tmp_path, "Ban Thường vụ Tỉnh ủy")
    assert result.exit_code != 0 and "ứng với" not in result.output
    for body in bodies.values():
        assert f"«{body.name}» ({body.abbreviation}, mã {body.pk})" in result.output
