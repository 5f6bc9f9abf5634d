"""Demo issuing bodies: the district Party committee and its organization board, a commune's Party
committee and its People's Committee, each as the documents they issue print them."""

import datetime

from documents.issuing_body import IssuingBody
from documents.unit import Unit

# (key, unit code or commune name, fields). The district term runs from the day after the
# 2020 congress closed; a state office numbers from 01 each year in one sequence.
# fmt: off
BODIES = [
    ("huyen_uy", None, dict(
        name="Huyện ủy Lộc Bình", parent_name="Đảng bộ tỉnh Lạng Sơn", abbreviation="HU",
        rule_book="dang_36", place_name="Lộc Bình", authority="T/M Ban Thường vụ",
        signer_post="Phó Bí thư", signer_name="Hoàng Văn Nam", numbering="loai_nhiem_ky",
        term_start=datetime.date(2020, 8, 1), filing_line="Lưu Văn phòng Huyện ủy")),
    ("ban_to_chuc", None, dict(
        name="Ban Tổ chức Huyện ủy Lộc Bình", printed_name="Ban Tổ chức", parent_name="Huyện ủy Lộc Bình",
        abbreviation="BTCHU",
        rule_book="dang_36", place_name="Lộc Bình", authority="K/T Trưởng ban",
        signer_post="Phó Trưởng ban", signer_name="Nông Thị Hạnh", numbering="loai_nhiem_ky",
        term_start=datetime.date(2020, 8, 1), filing_line="Lưu Ban Tổ chức")),
    ("dang_uy_nam_quan", "Nam Quan", dict(
        name="Đảng ủy xã Nam Quan", parent_name="Đảng bộ huyện Lộc Bình", abbreviation="ĐU",
        rule_book="dang_36", place_name="Nam Quan", authority="T/M Đảng ủy", signer_post="Bí thư",
        signer_name="Lương Văn Thắng", numbering="loai_nhiem_ky", term_start=datetime.date(2020, 6, 1),
        filing_line="Lưu Văn phòng Đảng ủy")),
    ("ubnd_nam_quan", "Nam Quan", dict(
        name="Ủy ban nhân dân xã Nam Quan", printed_name="Ủy ban nhân dân\nxã Nam Quan",
        parent_name="UBND huyện Lộc Bình", abbreviation="UBND",
        rule_book="nha_nuoc_30", place_name="Nam Quan", authority="TM. Ủy ban nhân dân",
        signer_post="Chủ tịch", signer_name="Vi Văn Hùng", numbering="chung_nam", filing_line="Lưu: VT")),
]
# fmt: on


def load_bodies():
    """Insert the demo issuing bodies that are not there yet; return how many went in."""
    from documents.demo import insert_new, object_id

    IssuingBody.ensure_indexes()
    district = Unit.objects(kind="huyen", name="Lộc Bình").first()
    if district is None:
        return {"issuing_bodies": 0}
    bodies = []
    for key, commune_name, fields in BODIES:
        unit = district if commune_name is None else Unit.objects(name=commune_name, parent=district).first()
        if unit is None:
            continue
        body = IssuingBody(pk=object_id("issuing_bodies", key), unit=unit, **fields)
        body.validate()
        bodies.append(body.to_mongo())
    return {"issuing_bodies": insert_new(IssuingBody._get_collection(), bodies)}
