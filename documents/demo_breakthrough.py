"""Demo breakthrough tasks (issue 11, item 9): Tuyên Quang province, its own tree beside Lạng Sơn.

Demo data. Where the figures come from (shared/domain/articles):

- 01, Nhân Lý (Chiêm Hóa), 2022: 5 cadres given 18 tasks by Huyện ủy, HĐND and UBND huyện (7 for
  the year 2022, 11 for the term 2021–2025); 47 commune and hamlet officials given 47 tasks by Đảng
  ủy xã; Phạm Văn Sử, Hoàng Văn Thắng, Ma Doãn Đức, Hà Thị Hải, Hà Đức Vần (Ba Hai) and Hà Đức Hồ
  (Ba Một), their posts and the tasks the article names; the admission target met at 50% in 2020
  and 87% in 2021; forest planted, 73,8 ha in 2022 and 630 ha in all; "gần 15 ha" (13 + 1,6) of
  high-quality seedlings.
- 02, Sơn Dương, 2021: 92 cadres given tasks by Ban Thường vụ Huyện ủy, 51 of them standing
  committee members and heads of district agencies and offices; Đỗ Xuân Phúc's task (400 hamlets
  and blocks, 12 heads not members, its 3 solutions); Hoàng Thế Mạnh's (Hợp Thành: environment and
  food safety, the waste-sorting model in Đồng Diễn).

Invented: every other name (people, hamlets beyond those named, communes of Sơn Dương beyond Hợp
Thành and Thiện Kế), the fifth Nhân Lý cadre (a Phó Chủ tịch HĐND xã) and his tasks, every other
task, every baseline, yearly target, check-in date and value, and the states. The data describe
30 June 2024 (`demo.AS_OF`, as Lộc Bình does): tasks of 2020–2022 are evaluated, the term tasks
2021–2025 are in progress, two of them (Nhân Lý's income and poverty) behind the share of the
term gone. These units keep no household registry (0 households), so no Lạng Sơn figure changes.
"""

import datetime
import random

from documents.breakthrough import BreakthroughTask, CheckIn, Milestone, Reading, Target
from documents.demo import DAO_FAMILY_NAMES, Loader, Seat, _organization, _person, insert_new, object_id
from documents.issuing_body import IssuingBody
from documents.unit import Unit

SEED = "tuyen-quang-dot-pha"
PROVINCE = ("TQ", "Tuyên Quang")
# Tuyên Quang is mostly Tày and Kinh, with Dao and Sán Chay.
ETHNICITIES = ("Tày", "Kinh", "Dao", "Sán Chay", "Nùng")
ETHNICITY_WEIGHTS = (48, 36, 9, 5, 2)
FAMILY_NAMES = (
    "Ma", "Hà", "Hoàng", "Nguyễn", "Lý", "Quan", "Nông", "Phạm", "Trần", "Lê", "Vũ", "Đỗ", "Lương",
    "Chu", "Âu", "Đinh", "Bế", "Trịnh",
)  # fmt: skip  # word lists read better filled than one a line
TERM = (2021, 2025)
# Outcome of a generated one-year task, as a share of the way from baseline to target, and how often.
OUTCOMES = ((1.2, 2), (1.0, 6), (0.8, 1.5))
# Of the generated tasks not finished in their year, the share carried into the next one.
CARRIED_OVER_SHARE = 0.3


def load_breakthrough():
    """Insert what is missing of the Tuyên Quang demo; return how many documents each collection gained."""
    from documents.demo_breakthrough_nhan_ly import load_chiem_hoa
    from documents.demo_breakthrough_son_duong import load_son_duong

    IssuingBody.ensure_indexes()
    BreakthroughTask.ensure_indexes()
    demo = TaskDemo()
    code, name = PROVINCE
    province = demo.unit(code, "tinh", name, None)
    committee = demo.organization("dang_bo_tinh", f"Đảng bộ tỉnh {name}", province, None)
    load_chiem_hoa(demo, province, committee)
    load_son_duong(demo, province, committee)
    return demo.finish()


def district_bodies(demo, district, *, signers, term_start):
    """Ban Thường vụ Huyện ủy, Huyện ủy, HĐND and UBND of `district`, as their documents print them.

    `signers`: (Bí thư Huyện ủy, Chủ tịch HĐND, Chủ tịch UBND). Both Party bodies print "HU" and
    number by kind in the committee's term in one register ("Số 15-QĐ/HU"): the Ban Thường vụ
    numbers with the Huyện ủy. State bodies number from 01 each year.
    """
    name, province = district.name, PROVINCE[1]
    party = dict(
        parent_name=f"Đảng bộ tỉnh {province}",
        abbreviation="HU",
        rule_book="dang_36",
        place_name=name,
        signer_post="Bí thư",
        signer_name=signers[0],
        numbering="loai_nhiem_ky",
        term_start=term_start,
        filing_line="Lưu Văn phòng Huyện ủy",
    )
    state = dict(rule_book="nha_nuoc_30", place_name=name, numbering="chung_nam", filing_line="Lưu: VT")
    code = district.code
    committee = demo.body(
        f"{code}:huyen_uy", district, name=f"Huyện ủy {name}", authority="T/M Huyện ủy", **party
    )
    return {
        "ban_thuong_vu": demo.body(
            f"{code}:ban_thuong_vu",
            district,
            name=f"Ban Thường vụ Huyện ủy {name}",
            printed_name=f"Huyện ủy {name}",
            authority="T/M Ban Thường vụ",
            numbered_with=committee,
            **party,
        ),
        "huyen_uy": committee,
        "hdnd": demo.body(
            f"{code}:hdnd",
            district,
            name=f"Hội đồng nhân dân huyện {name}",
            printed_name=f"Hội đồng nhân dân\nhuyện {name}",
            parent_name=f"HĐND tỉnh {province}",
            abbreviation="HĐND",
            authority="TM. Thường trực HĐND",
            signer_post="Chủ tịch",
            signer_name=signers[1],
            **state,
        ),
        "ubnd": demo.body(
            f"{code}:ubnd",
            district,
            name=f"Ủy ban nhân dân huyện {name}",
            printed_name=f"Ủy ban nhân dân\nhuyện {name}",
            parent_name=f"UBND tỉnh {province}",
            abbreviation="UBND",
            authority="TM. Ủy ban nhân dân",
            signer_post="Chủ tịch",
            signer_name=signers[2],
            **state,
        ),
    }


def commune_committee_body(demo, commune, district, signer):
    """The Đảng ủy of a commune: "ĐẢNG BỘ HUYỆN CHIÊM HÓA / ĐẢNG ỦY XÃ NHÂN LÝ", "Số 12-QĐ/ĐU"."""
    return demo.body(
        f"{commune.code}:dang_uy",
        commune,
        name=f"Đảng ủy xã {commune.name}",
        parent_name=f"Đảng bộ huyện {district.name}",
        abbreviation="ĐU",
        rule_book="dang_36",
        place_name=commune.name,
        authority="T/M Đảng ủy",
        signer_post="Bí thư",
        signer_name=signer,
        numbering="loai_nhiem_ky",
        term_start=datetime.date(2020, 6, 1),
        filing_line="Lưu Văn phòng Đảng ủy",
    )


def measured(indicator, measure, baseline, target, weight=1):
    """A target measured in `measure`: lower is better when the target is below the baseline."""
    direction = "lower" if target < baseline else "higher"
    return dict(
        indicator=indicator,
        measure=measure,
        direction=direction,
        baseline=float(baseline),
        target=float(target),
        weight=float(weight),
    )


def levels(indicator, level_1, level_2, level_3, weight=1):
    """A qualitative target: the check-in picks one of the three described levels."""
    return dict(
        indicator=indicator,
        direction="qualitative",
        level_1=level_1,
        level_2=level_2,
        level_3=level_3,
        weight=float(weight),
    )


def post_at(titles, unit):
    """The posts as a task names them: "Phó Bí thư Chi bộ, Trưởng thôn Ba Hai"."""
    word = Unit.kind_words[unit.kind].lower()
    joined = ", ".join(titles)
    return f"{joined} {unit.name}" if joined.endswith(word) else f"{joined} {word} {unit.name}"


class TaskDemo:
    """Collects the places, people, bodies and tasks, each validated, and inserts what is missing."""

    def __init__(self):
        self.loader = Loader()
        self.bodies = []
        self.tasks = []

    def unit(self, code, kind, name, parent):
        return self.loader.add(
            Unit(id=object_id("unit", code), kind=kind, code=code, name=name, parent=parent)
        )

    def organization(self, kind, name, unit, parent, key=None):
        return self.loader.add(_organization(kind, name, unit, parent, key))

    def person(self, rng, key, seat, category, titles, *, name=None, gender=None, born=(1965, 1990)):
        """A party member of `seat` holding `titles`; named as the article names them, when it does."""
        person = _person(rng, f"TQ:{key}", seat, category, titles=titles, member=True, born=born)
        person.ethnicity = rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0]
        if name:
            person.full_name, person.gender = name, gender or "nam"
        else:
            family = rng.choice(DAO_FAMILY_NAMES if person.ethnicity == "Dao" else FAMILY_NAMES)
            person.full_name = f"{family} {person.full_name.split(' ', 1)[1]}"
        return self.loader.add(person)

    def body(self, key, unit, **fields):
        body = IssuingBody(pk=object_id("issuing_bodies", f"TQ:{key}"), unit=unit, **fields)
        body.validate()
        self.bodies.append(body.to_mongo())
        return body

    def task(self, key, person, body, unit, content, *, post, period, targets, check_ins, by,
             origin="duoc_giao", state="in_progress", plan=None, solutions=(), milestones=(),
             carry_over=False):  # fmt: skip
        """A task, valid as the console saves it; `period` is a year or (first, last year).

        `check_ins`: [(day, {target key: value}, comment)]. `state` "evaluated" is the state an
        evaluation of its final achievement gives: exceeded above 100%, finished at 100%, else not
        finished, or carried into the next period with `carry_over`.
        """
        first, last = (period, period) if isinstance(period, int) else period
        task = BreakthroughTask(
            id=object_id("breakthrough_tasks", f"TQ:{key}"),
            content=content,
            person=person,
            post=post,
            body=body,
            origin=origin,
            period_kind="nam" if first == last else "nhiem_ky",
            start_year=first,
            end_year=last,
            milestones=[Milestone(year=year, text=text) for year, text in milestones],
            unit=unit,
            plan=plan,
            solutions=list(solutions),
            targets=[Target(key=f"c{n}", **spec) for n, spec in enumerate(targets, 1)],
            check_ins=[_check_in(day, values, comment, by) for day, values, comment in check_ins],
            state="in_progress" if state == "evaluated" else state,
        )
        task.validate()
        if state == "evaluated":
            task.state = _evaluation(task.achievement)
            if carry_over and task.state == "not_finished":
                task.state = "carried_over"
        self.tasks.append(task.to_mongo())
        return task

    def year_task(self, rng, key, person, body, unit, content, target, *, post, year, by, origin="duoc_giao"):
        """A one-year task with one target, a mid-year check-in and its evaluated end of year."""
        final, mid = _outcome(rng, target)
        checked = datetime.date(year, 12, rng.randint(10, 25))
        comments = ("Đang triển khai theo kế hoạch.", "Tự đánh giá kết quả cuối năm.")
        check_ins = [
            (datetime.date(year, 6, 30), {"c1": mid}, comments[0]),
            (checked, {"c1": final}, comments[1]),
        ]
        self.task(
            key,
            person,
            body,
            unit,
            content,
            post=post,
            period=year,
            targets=[target],
            check_ins=check_ins,
            by=by,
            origin=origin,
            state="evaluated",
            carry_over=rng.random() < CARRIED_OVER_SHARE,
        )

    def finish(self):
        counts = self.loader.finish()
        counts["issuing_bodies"] = insert_new(IssuingBody._get_collection(), self.bodies)
        counts["breakthrough_tasks"] = insert_new(BreakthroughTask._get_collection(), self.tasks)
        return counts


def _check_in(day, values, comment, by):
    # Written at 10:00 Vietnam time on its day, so that every load stores the same check-in.
    at = datetime.datetime.combine(day, datetime.time(3))
    readings = [Reading(key=key, value=float(value)) for key, value in values.items()]
    return CheckIn(day=day, readings=readings, comment=comment, by=by, at=at)


def _evaluation(achievement):
    if achievement is not None and achievement > 100:
        return "exceeded"
    return "finished" if achievement == 100 else "not_finished"


def _outcome(rng, target):
    """The final and mid-year values of a generated task: qualitative levels, or numbers rounded
    as their measure is counted."""
    share = rng.choices([s for s, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    if target["direction"] == "qualitative":
        return (3 if share >= 1 else 2), 2
    baseline, goal = target["baseline"], target["target"]
    places = 1 if target["measure"] in ("%", "ha", "triệu đồng") else 0
    if share != 1:
        share *= rng.uniform(0.9, 1.1)
    final = round(baseline + (goal - baseline) * share, places)
    if target["measure"] == "%":
        final = min(final, 100.0)
    final = max(final, 0.0)
    mid = round(baseline + (final - baseline) * rng.uniform(0.35, 0.6), places)
    return final, mid


def place_rng(key):
    """The same names and numbers for a place on every run, whatever else the demo holds."""
    return random.Random(f"{SEED}:{key}")


def committee_seat(demo, unit, parent_committee):
    kind = "dang_bo_huyen" if unit.kind == "huyen" else "dang_bo_co_so"
    word = Unit.kind_words[unit.kind].lower()
    return Seat(unit, demo.organization(kind, f"Đảng bộ {word} {unit.name}", unit, parent_committee))


def cell_seat(demo, seat, unit, name=None, key=None):
    """The cell of a hamlet (or, with `name`, of a district agency) under the committee of `seat`."""
    word = Unit.kind_words[unit.kind].lower()
    kind = "chi_bo_co_so" if name else "chi_bo"
    cell = demo.organization(kind, name or f"Chi bộ {word} {unit.name}", unit, seat.committee, key)
    return Seat(unit, seat.committee, cell)
