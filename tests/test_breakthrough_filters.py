"""The task list's filter by where the cadre works: the district's own cadres apart from the
communes' (Sơn Dương's 51 of 92), whatever the unit their task concerns."""

import datetime

from admin.breakthrough_filters import INDEX
from documents import Person
from documents.person import Position
from tests.test_breakthrough_tasks import new_task, signed_in


def test_tasks_listed_by_the_unit_their_cadre_works_at(app, task_place):
    district = task_place["district"]
    head = Person(
        full_name="Đỗ Xuân Phúc",
        gender="nam",
        birth_year=1970,
        category="can_bo",
        unit=district,
        positions=[Position(title="Trưởng Ban Tổ chức Huyện ủy", start=datetime.date(2020, 10, 1))],
    ).save()
    new_task(task_place, person=head, content="Việc của cán bộ huyện", unit=task_place["nam_quan"])
    new_task(task_place, content="Việc của cán bộ xã")  # Hoàng Văn Tâm works at Nam Quan
    client = signed_in(app, "huyen")
    page = client.get(f"/admin/breakthrough_task/?flt0_{INDEX['cadre_unit']}={district.pk}").get_data(
        as_text=True
    )
    assert "Việc của cán bộ huyện" in page and "Việc của cán bộ xã" not in page
    assert "Cán bộ công tác tại đơn vị" in page
    nam_quan = f"/admin/breakthrough_task/?flt0_{INDEX['cadre_unit']}={task_place['nam_quan'].pk}"
    page = client.get(nam_quan).get_data(as_text=True)
    assert "Việc của cán bộ xã" in page and "Việc của cán bộ huyện" not in page
