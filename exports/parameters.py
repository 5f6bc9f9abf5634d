"""The period (and person) a domain document is about: its parameters.

A kind module names what its `gather` reads from `document.parameters`: `PARAMETERS`, those it
needs, and `OPTIONAL_PARAMETERS`, those it may take (a rating sheet's quarter), each drawn from
`TYPES`. Each parameter type says here how it is typed (the same text on the command line and on
the register's form), checked, stored and shown; the command (`exports.official_document`) and
the form (`admin.official_document`) only pass the typed text through `read`.

A kind may also check that its parameters find something to print (`check_parameters(values,
unit)`, raising ParameterError: the minutes of a month without a meeting), at the same inputs.

Stored as plain values: "year" an int, "quarter" an int 1 to 4, "half" 1 (the first six months)
or 2 (the whole year), "month" "YYYY-MM", "date" "YYYY-MM-DD", "person" the id of a Person as in
the console's addresses.
"""

import datetime
import re
from dataclasses import dataclass

from bson import ObjectId

from documents.base import vietnam_today
from documents.form_definition import read_day

FIRST_YEAR = 1945
HALVES = {1: "6 tháng đầu năm", 2: "cả năm"}
YEARS_AHEAD = 10


class ParameterError(ValueError):
    """What is wrong with a document's parameters: {name: Vietnamese message}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _year(typed):
    last = vietnam_today().year + YEARS_AHEAD
    if not re.fullmatch(r"\d{4}", typed) or not FIRST_YEAR <= int(typed) <= last:
        raise ValueError(f"Năm phải là số có 4 chữ số, từ {FIRST_YEAR} đến {last} (ví dụ 2026).")
    return int(typed)


def _quarter(typed):
    if typed not in ("1", "2", "3", "4"):
        raise ValueError("Quý là một số từ 1 đến 4.")
    return int(typed)


def _half(typed):
    if typed not in ("1", "2"):
        raise ValueError("Kỳ báo cáo là 1 (6 tháng đầu năm) hoặc 2 (cả năm).")
    return int(typed)


def _month(typed):
    """ "2026-03" (the command line) or "03/2026", "3/2026" (the form) → "2026-03"."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", typed) or re.fullmatch(r"(\d{1,2})/(\d{4})", typed)
    if match:
        year, month = match.groups() if "-" in typed else reversed(match.groups())
        if 1 <= int(month) <= 12:
            return f"{_year(year)}-{int(month):02d}"
    raise ValueError("Tháng không hợp lệ: hãy viết tháng/năm (ví dụ 03/2026) hoặc năm-tháng (2026-03).")


def _date(typed):
    """ "2026-03-05" (the command line) or "05/03/2026" (the form) → "2026-03-05"."""
    try:
        day = read_day(typed).date()
    except ValueError:
        raise ValueError("Ngày không hợp lệ: hãy viết ngày/tháng/năm (ví dụ 05/03/2026).") from None
    _year(str(day.year))
    return day.isoformat()


def _person(typed):
    if not ObjectId.is_valid(typed):
        raise ValueError(f"Không có cán bộ mã {typed}.")
    return typed


def _shown_month(value):
    year, month = value.split("-")
    return f"tháng {int(month)} năm {year}"


def _shown_half(value):
    return HALVES[int(value)]


def _shown_date(value):
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")


def _shown_person(value):
    from documents import Person

    person = Person.objects(pk=value).only("full_name").first()
    return person.full_name if person else value


@dataclass(frozen=True)
class Parameter:
    """One kind of parameter: its name in `parameters`, its label on the form and in the details,
    the command-line option, how typed text becomes the stored value, how the value reads."""

    name: str
    label: str
    option: str
    help: str
    placeholder: str
    read_text: object
    shown: object
    missing: str
    # (typed value, label) when the form offers a list to choose from; "" is the value left out.
    choices: tuple = ()

    def read(self, typed):
        """The stored value of `typed` (text, or a value already stored); ValueError if wrong."""
        if isinstance(typed, int) and not isinstance(typed, bool):
            typed = str(typed)
        return self.read_text(" ".join(str(typed).split()))


TYPES = {
    p.name: p
    for p in (
        Parameter("year", "Năm", "--year", "Năm (YYYY).", "yyyy", _year, str, "Hãy nhập năm."),
        Parameter("quarter", "Quý", "--quarter", "Quý (1 đến 4).", "1 đến 4", _quarter, str, "Hãy chọn quý."),
        Parameter(
            "half",
            "Kỳ báo cáo",
            "--half",
            "Kỳ báo cáo: 1 = 6 tháng đầu năm, 2 = cả năm (bỏ trống: cả năm).",
            "",
            _half,
            _shown_half,
            "Hãy chọn kỳ báo cáo.",
            choices=(("", "Cả năm"), ("1", "6 tháng đầu năm (đến 30/6)")),
        ),  # fmt: skip
        Parameter(
            "month",
            "Tháng",
            "--month",
            "Tháng (YYYY-MM).",
            "mm/yyyy",
            _month,
            _shown_month,
            "Hãy nhập tháng.",
        ),  # fmt: skip
        Parameter("date", "Ngày", "--date", "", "dd/mm/yyyy", _date, _shown_date, "Hãy nhập ngày."),
        Parameter(
            "person",
            "Cán bộ",
            "--person",
            "Mã cán bộ (như trong địa chỉ trang của người đó).",
            "",
            _person,
            _shown_person,
            "Hãy chọn cán bộ.",
        ),  # fmt: skip
    )
}


def required(module):
    return tuple(getattr(module, "PARAMETERS", ()))


def optional(module):
    return tuple(getattr(module, "OPTIONAL_PARAMETERS", ()))


def taken(module):
    """The parameters `module` takes, required or not, in the order of `TYPES`."""
    names = set(required(module)) | set(optional(module))
    return tuple(name for name in TYPES if name in names)


def read(module, typed, unit):
    """The parameters of a document of the kind `module` about `unit` (`read_values`), and what the
    kind checks of them (`check_parameters`)."""
    values = read_values(typed, unit, required(module), optional(module))
    check = getattr(module, "check_parameters", None)
    if check is not None:
        check(values, unit)
    return values


def read_values(typed, unit, needed, may_take=()):
    """The parameters named in `needed` and `may_take` from `typed` ({name: text or value}, blank
    or absent when not given), checked: a needed one missing, a value badly written, a person who
    is not at `unit` or below it are refused with a ParameterError naming each field. Only those
    named are kept."""
    from documents import Person

    values, errors = {}, {}
    for name in (n for n in TYPES if n in {*needed, *may_take}):
        parameter = TYPES[name]
        given = typed.get(name)
        if given is None or str(given).strip() == "":
            if name in needed:
                errors[name] = parameter.missing
            continue
        try:
            values[name] = parameter.read(given)
        except ValueError as exc:
            errors[name] = str(exc)
    person = values.get("person")
    if person and (unit is None or not Person.objects(pk=person).under(unit).count()):
        where = f" thuộc {in_words(unit)}" if unit is not None else ""
        errors["person"] = f"Không có cán bộ mã {person}{where}."
    if errors:
        raise ParameterError(errors)
    return values


def stored(parameters):
    """The period parameters among a document's `parameters` (which may hold a kind's own, such as
    a printed list's table)."""
    return {name: value for name, value in (parameters or {}).items() if name in TYPES}


def described(parameters):
    """[(label, value as read)] of the period parameters, for the draft's page."""
    values = stored(parameters)
    return [(TYPES[name].label, TYPES[name].shown(values[name])) for name in TYPES if name in values]


def period_words(parameters):
    """The period as a sentence names it: "năm 2026", "quý 2 năm 2026", "tháng 3 năm 2026"."""
    values = parameters or {}
    if values.get("month"):
        return _shown_month(values["month"])
    if values.get("half") == 1 and values.get("year"):
        return f"6 tháng đầu năm {values['year']}"
    if values.get("quarter") and values.get("year"):
        return f"quý {values['quarter']} năm {values['year']}"
    return f"năm {values['year']}" if values.get("year") else ""


def in_words(unit):
    from documents.unit import in_sentence

    return in_sentence(unit)


def as_typed(name, value):
    """A stored value as its input shows it again: "03/2026", "05/03/2026", "2026"."""
    if name == "month":
        year, month = value.split("-")
        return f"{month}/{year}"
    if name == "date":
        return _shown_date(value)
    if TYPES[name].choices and str(value) not in dict(TYPES[name].choices):
        return ""  # the value a choice leaves out ("cả năm": half 2)
    return str(value)
