"""Models and work items printed and drawn: the chart of a summary's states (`state_chart`), the
same on the summary page, the home page and, later, in the report (kind `mo_hinh_phan_viec`)."""

from documents.constants import LOCAL_WORK_STATES
from documents.local_work_summary import GROUPS
from exports import chart


def state_chart(found, link=None):
    """Each group's records by state as bars, each bar linked by `link(group, state)` when given."""
    bars = []
    for group, noun in GROUPS:
        counts = found.groups[group]
        for state, name in LOCAL_WORK_STATES:
            bar = (f"{noun.capitalize()}: {name.lower()}", counts.states[state])
            bars.append((*bar, link(group, state)) if link else bar)
    on = found.day.strftime("%d/%m/%Y")
    return chart.bars(bars, title=f"Mô hình, công trình, phần việc năm {found.year} (đến {on})")
