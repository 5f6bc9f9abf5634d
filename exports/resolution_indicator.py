"""The report on resolution indicators of a unit and year (kind `chi_tieu_nghi_quyet`): the
totals of the summary page ("16/16 chỉ tiêu đạt và vượt"; `documents.resolution_indicator_summary.
summary`, the same named query), then each resolution with its indicators (plan, actual, percent,
met or not) and the missed ones named. The year is `--year`; a term resolution is reported with
its latest actuals, as on the summary page."""

from documents.constants import TARGET_DIRECTIONS, label
from documents.unit import in_sentence

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/resolution_indicator_report.html"
PARAMETERS = ("year",)
COLUMNS = ("STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt", "Đánh giá")
WIDTHS = (6, 34, 19, 15, 11, 15)
VERDICTS = {True: "Đạt và vượt", False: "Không đạt", None: "Chưa có kết quả"}


def summary(unit, document_type, parameters=None):
    values = parameters or {}
    year = f" năm {values['year']}" if values.get("year") else ""
    return f"kết quả thực hiện các chỉ tiêu nghị quyết{year} của {in_sentence(unit)}"


def rows(document):
    """The indicators the report prints, counted from the stored lists' lengths."""
    from documents import ResolutionIndicators

    year = (document.parameters or {}).get("year")
    found = ResolutionIndicators.objects.under(document.unit).covering(int(year or 0))
    return sum(len(record.targets) for record in found.only("targets"))


def plan_text(target):
    """The plan as the report writes it: "11,61 %" with where it starts from when that is not 0
    ("từ 20,5 %"), a level's text for a qualitative indicator."""
    planned = target.shown(target.target)
    if target.qualitative or not target.baseline:
        return planned
    return f"{planned} (từ {target.shown(target.baseline)})"


def totals_sentence(found):
    """ "16/16 chỉ tiêu đạt và vượt", with the missed and unreported counted after it."""
    parts = [f"{found.met}/{found.total} chỉ tiêu đạt và vượt"]
    if found.missed:
        parts.append(f"{found.missed} chỉ tiêu không đạt")
    if found.unreported:
        parts.append(f"{found.unreported} chỉ tiêu chưa có kết quả")
    return "; ".join(parts)


def gather(document, day):
    from documents.resolution_indicator import met
    from documents.resolution_indicator_summary import summary as summarize

    unit = document.unit
    year = int((document.parameters or {}).get("year") or day.year)
    found = summarize(unit, year)
    resolutions, missed = [], []
    for row in found.resolutions:
        record = row.record
        organization = getattr(record.organization, "name", "")
        for target in row.missed:
            missed.append(
                f"{target.indicator}: thực hiện {target.shown(target.actual)}, kế hoạch "
                f"{target.shown(target.target)}, đạt {target.percent_text} ({organization})"
            )
        resolutions.append(
            {
                "resolution": record.resolution,
                "organization": organization,
                "period": record.period_text,
                "sentence": f"{len(row.met)}/{row.total} chỉ tiêu đạt và vượt",
                "table": {
                    "columns": list(COLUMNS),
                    "rows": [
                        [
                            n,
                            _indicator(target),
                            plan_text(target),
                            target.shown(target.actual),
                            target.percent_text if target.actual is not None else "",
                            VERDICTS[met(target)],
                        ]
                        for n, target in enumerate(record.targets, 1)
                    ],
                    "widths": list(WIDTHS),
                    "numeric": [],
                    "centered": [4, 5],
                },
            }
        )
    return {
        "unit": in_sentence(unit),
        "year": year,
        "total": found.total,
        "sentence": totals_sentence(found) if found.total else "",
        "resolutions": resolutions,
        "missed": missed,
        "unreported": [
            f"{target.indicator} ({getattr(row.record.organization, 'name', '')})"
            for row in found.resolutions
            for target in row.unreported
        ],
    }


def _indicator(target):
    """The indicator's name, with its direction when lower is better ("càng thấp càng tốt")."""
    if target.direction == "lower":
        return f"{target.indicator} ({label(TARGET_DIRECTIONS, 'lower').lower()})"
    return target.indicator
