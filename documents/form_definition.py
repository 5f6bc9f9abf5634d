"""Form definitions: the record kinds and fields that staff shape in the console.

A definition is a stand-alone kind of record (its own menu entry and list), a kind of a fixed
family with kinds (`KINDED_FAMILIES`: a model or work item kind, whose records have the family's
fixed fields and the kind's own), or an extension of a fixed family (people, households...). Its
fields are an ordered list; a field's `key` never changes once saved (renaming changes the label
only) and a field is never removed, only retired, so data already entered keeps its meaning.
Every saved change is a new version in the history, like any registry record.
"""

import datetime
import re
from contextlib import contextmanager
from contextvars import ContextVar

from mongoengine import (
    BooleanField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    FloatField,
    IntField,
    ListField,
    StringField,
)
from mongoengine.errors import ValidationError

from documents import text
from documents.base import RegistryDocument, StaleRecord, field_error, record_exists
from documents.constants import label

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
KEY_RULE = "chỉ gồm chữ thường không dấu, số và gạch dưới, bắt đầu bằng chữ, tối đa 40 ký tự"

FIELD_TYPES = (
    ("text", "Văn bản ngắn"),
    ("long_text", "Văn bản dài"),
    ("integer", "Số nguyên"),
    ("decimal", "Số thập phân"),
    ("percent", "Phần trăm"),
    ("money", "Số tiền (đồng)"),
    ("date", "Ngày"),
    ("month", "Tháng"),
    ("year", "Năm"),
    ("choice", "Chọn một"),
    ("choices", "Chọn nhiều"),
    ("yes_no", "Có / Không"),
    ("person", "Tham chiếu: người"),
    ("unit", "Tham chiếu: đơn vị hành chính"),
    ("household", "Tham chiếu: hộ gia đình"),
    ("party_organization", "Tham chiếu: tổ chức đảng"),
    ("file", "Tệp đính kèm"),
    ("group", "Nhóm lặp (bảng nhiều dòng)"),
)
NUMBER_TYPES = ("integer", "decimal", "percent", "money", "year")
CHOICE_TYPES = ("choice", "choices")
REFERENCE_TYPES = ("person", "unit", "household", "party_organization")
TEXT_LIMITS = {"text": 500, "long_text": 10_000}
# A text rule's pattern is matched by Python's backtracking engine, which has no time limit: the
# pattern is kept short and simple (`pattern_problem`) and the values it checks short.
PATTERN_MAX = 200
PATTERN_VALUE_MAX = 200
WIDE_REPEATS_MAX = 2  # repeats of a free length (+, *, {0,50}) in one pattern
WIDE_REPEAT = 20  # a repeat is free when its longest and shortest lengths differ by more

# The options of a field that only some types use (the editor shows them for those types only);
# the other options apply to every type.
_TEXT_TYPES = tuple(TEXT_LIMITS)
_VALUE_TYPES = tuple(t for t, _ in FIELD_TYPES if t not in (*REFERENCE_TYPES, "file", "group"))
OPTION_TYPES = {
    "min_value": NUMBER_TYPES,
    "max_value": NUMBER_TYPES,
    "measure": NUMBER_TYPES,
    "default": _VALUE_TYPES,
    "min_length": _TEXT_TYPES,
    "max_length": _TEXT_TYPES,
    "pattern": _TEXT_TYPES,
    "rule_message": _TEXT_TYPES,
    "choices": CHOICE_TYPES,
    "searchable": ("text", "long_text", "choice"),
    "filterable": tuple(t for t, _ in FIELD_TYPES if t not in ("group", "file")),
    "sub_fields": ("group",),
}

FAMILIES = (
    ("standalone", "Loại hồ sơ riêng"),
    ("person", "Nhân sự"),
    ("household", "Hộ gia đình"),
    ("unit", "Đơn vị hành chính"),
    ("party_organization", "Tổ chức đảng"),
    ("breakthrough_task", "Việc đột phá"),
    ("cadre_rating", "Đánh giá, xếp loại cán bộ"),
    ("locality_assignment", "Phân công phụ trách địa bàn"),
    ("locality_visit", "Về địa bàn"),
    ("local_work", "Loại mô hình, phần việc, công trình"),
    ("cell_meeting", "Buổi sinh hoạt chi bộ"),
    ("resolution_indicators", "Chỉ tiêu nghị quyết"),
    ("recruitment_target", "Chỉ tiêu kết nạp đảng viên"),
    ("candidate", "Quần chúng phấn đấu vào Đảng"),
    ("cell_review", "Phiếu đánh giá chất lượng chi bộ"),
)
# Families whose every definition is a kind of its own: each record names its definition in
# `kind` and carries that kind's fields only (`documents.custom_record.Kinded`), rather than the
# fields every definition adds to all the family's records.
KINDED_FAMILIES = ("standalone", "local_work", "cell_review")
DEFAULT_MENU_GROUP = "Hồ sơ khác"  # models and work items have their own family (documents/local_work.py)


class FieldDefinition(EmbeddedDocument):
    key = StringField(required=True, max_length=40, verbose_name="Mã trường (không đổi)")
    label = StringField(required=True, max_length=200, verbose_name="Tên hiển thị")
    type = StringField(required=True, choices=FIELD_TYPES, verbose_name="Kiểu")
    required = BooleanField(default=False, verbose_name="Bắt buộc")
    min_value = FloatField(verbose_name="Nhỏ nhất")
    max_value = FloatField(verbose_name="Lớn nhất")
    measure = StringField(max_length=30, verbose_name="Đơn vị tính")
    default = StringField(max_length=200, verbose_name="Mặc định")
    min_length = IntField(min_value=0, max_value=TEXT_LIMITS["long_text"], verbose_name="Ít nhất (ký tự)")
    max_length = IntField(min_value=1, max_value=TEXT_LIMITS["long_text"], verbose_name="Nhiều nhất (ký tự)")
    pattern = StringField(max_length=PATTERN_MAX, verbose_name="Mẫu hợp lệ (biểu thức chính quy)")
    rule_message = StringField(max_length=200, verbose_name="Thông báo khi sai mẫu hoặc độ dài")
    help_text = StringField(max_length=500, verbose_name="Hướng dẫn")
    choices = ListField(StringField(max_length=200), verbose_name="Các lựa chọn")
    in_list = BooleanField(default=False, verbose_name="Hiện trong danh sách")
    filterable = BooleanField(default=False, verbose_name="Lọc được")
    searchable = BooleanField(default=False, verbose_name="Tìm được")
    show_if = StringField(max_length=40, verbose_name="Chỉ hiện khi trường (mã)")
    show_if_value = StringField(max_length=200, verbose_name="có giá trị")
    retired = BooleanField(default=False, verbose_name="Đã bỏ (ẩn khỏi biểu mẫu, giữ dữ liệu)")
    sub_fields = ListField(EmbeddedDocumentField("FieldDefinition"), verbose_name="Các cột của nhóm")

    def __str__(self):
        return self.label or self.key or ""

    @property
    def type_label(self):
        return label(FIELD_TYPES, self.type)

    def check(self, keys, nested=False):
        """Refuse a field definition that could not be filled in or checked; `keys` are its siblings'."""
        problems = []
        if not re.fullmatch(KEY_PATTERN, self.key or ""):
            problems.append(f"mã trường «{self.key}» {KEY_RULE}")
        if self.type in CHOICE_TYPES and not [c for c in self.choices if c and c.strip()]:
            problems.append("cần ít nhất một lựa chọn")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            problems.append("giá trị nhỏ nhất lớn hơn giá trị lớn nhất")
        if self.min_length is not None and self.max_length is not None and self.min_length > self.max_length:
            problems.append("độ dài ít nhất lớn hơn độ dài nhiều nhất")
        if self.pattern and pattern_problem(self.pattern):
            problems.append(f"mẫu hợp lệ {pattern_problem(self.pattern)}")
        if self.type == "group":
            if nested:
                problems.append("nhóm lặp không nằm trong nhóm lặp khác")
            elif not self.sub_fields:
                problems.append("nhóm lặp cần ít nhất một cột")
        if self.show_if and (self.show_if == self.key or self.show_if not in keys):
            problems.append(f"trường điều kiện «{self.show_if}» không có trong biểu mẫu")
        if self.default:
            try:
                self.clean_value(self.default)
            except ValueError as exc:
                problems.append(f"giá trị mặc định không hợp lệ ({exc})")
        sub_keys = [f.key for f in self.sub_fields]
        for sub in self.sub_fields:
            if sub_keys.count(sub.key) > 1:
                problems.append(f"mã cột «{sub.key}» bị trùng")
            problems.extend(f"cột «{sub.label}»: {p}" for p in sub.check(sub_keys, nested=True))
        return problems

    def shown_for(self, values):
        """Whether the field applies, given the record's other values (its condition)."""
        if not self.show_if:
            return True
        other = values.get(self.show_if)
        if isinstance(other, list):
            return self.show_if_value in other
        if isinstance(other, bool):
            try:
                return _yes_no(self.show_if_value or "") == other
            except ValueError:
                return False
        return other is not None and str(other) == (self.show_if_value or "")

    def clean_value(self, raw):
        """The value to store for what was entered; ValueError with a Vietnamese message if invalid."""
        if raw is None or raw == "" or raw == []:
            return None
        kind = self.type
        if kind in TEXT_LIMITS:
            value = str(raw).strip() if kind == "long_text" else " ".join(str(raw).split())
            if len(value) > TEXT_LIMITS[kind]:
                raise ValueError(f"Không được dài quá {TEXT_LIMITS[kind]} ký tự.")
            if value:
                self._check_rule(value)
            return value or None
        if kind in NUMBER_TYPES:
            return self._number(raw)
        if kind == "date":
            return _date(raw)
        if kind == "month":
            value = str(raw).strip()
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
                raise ValueError("Tháng không hợp lệ (định dạng năm-tháng, ví dụ 2024-05).")
            return value
        if kind == "choice":
            value = str(raw).strip()
            if value not in self.choices:
                raise ValueError("Lựa chọn không hợp lệ.")
            return value
        if kind == "choices":
            values = [raw] if isinstance(raw, str) else list(raw)
            wrong = [v for v in values if v not in self.choices]
            if wrong:
                raise ValueError("Lựa chọn không hợp lệ.")
            return [c for c in self.choices if c in values] or None
        if kind == "yes_no":
            return _yes_no(raw)
        if kind in REFERENCE_TYPES or kind == "file":
            return _object_id(raw)
        if kind == "group":
            return self._rows(raw)
        raise ValueError("Kiểu trường không xác định.")

    def _check_rule(self, value):
        """The field's own length and pattern rule, said in its own message when it has one."""
        if self.min_length and len(value) < self.min_length:
            raise ValueError(self.rule_message or f"Cần ít nhất {self.min_length} ký tự.")
        if self.max_length and len(value) > self.max_length:
            raise ValueError(self.rule_message or f"Không được dài quá {self.max_length} ký tự.")
        if self.pattern:
            if len(value) > PATTERN_VALUE_MAX:
                raise ValueError(self.rule_message or f"Không được dài quá {PATTERN_VALUE_MAX} ký tự.")
            if pattern_problem(self.pattern) or not re.fullmatch(self.pattern, value):
                raise ValueError(self.rule_message or "Giá trị không đúng dạng quy định.")

    def _number(self, raw):
        if isinstance(raw, bool):
            raise ValueError("Phải là một số.")
        try:
            number = float(text.parse_number(raw) if isinstance(raw, str) else raw)
        except (TypeError, ValueError, OverflowError):
            raise ValueError("Phải là một số.") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("Phải là một số.")
        if self.type in ("integer", "money", "year"):
            if number != int(number):
                raise ValueError("Phải là một số nguyên.")
            number = int(number)
        if abs(number) > 1e15:
            raise ValueError("Số quá lớn.")
        if self.type == "year" and not 1900 <= number <= 2100:
            raise ValueError("Năm phải trong khoảng 1900 đến 2100.")
        if self.min_value is not None and number < self.min_value:
            raise ValueError(f"Phải lớn hơn hoặc bằng {text.figure(self.min_value)}.")
        if self.max_value is not None and number > self.max_value:
            raise ValueError(f"Phải nhỏ hơn hoặc bằng {text.figure(self.max_value)}.")
        return number

    def _rows(self, raw):
        if not isinstance(raw, list):
            raise ValueError("Dữ liệu bảng không hợp lệ.")
        rows = []
        for n, row in enumerate(raw, start=1):
            if not isinstance(row, dict):
                raise ValueError(f"Dòng {n}: dữ liệu không hợp lệ.")
            cleaned = {}
            for sub in self.sub_fields:
                try:
                    cleaned[sub.key] = sub.clean_value(row.get(sub.key))
                except ValueError as exc:
                    raise ValueError(f"Dòng {n}, cột «{sub.label}»: {exc}") from None
            if all(v is None for v in cleaned.values()):
                continue  # a blank line of the table
            for sub in self.sub_fields:
                if cleaned[sub.key] is None and sub.required:
                    raise ValueError(f"Dòng {n}, cột «{sub.label}»: trường này là bắt buộc.")
            rows.append({k: v for k, v in cleaned.items() if v is not None})
        return rows or None


# How a change of a field option reads in a record's notice.
OPTION_NAMES = (
    ("required", "bắt buộc"),
    ("min_value", "giới hạn nhỏ nhất"),
    ("max_value", "giới hạn lớn nhất"),
    ("choices", "các lựa chọn"),
    ("min_length", "độ dài ít nhất"),
    ("max_length", "độ dài nhiều nhất"),
    ("pattern", "mẫu hợp lệ"),
)

# Field options whose change can make stored values fail: a dry run shows which records.
CHECKED_OPTIONS = (
    "type",
    "required",
    "min_value",
    "max_value",
    "choices",
    "sub_fields",
    "min_length",
    "max_length",
    "pattern",
)


SHOWN_RECORDS = 20  # records a dry run lists by name; the rest are counted


class Trial:
    """The dry run of one field's change: the records checked, those whose value would fail, and
    for a change of type, each value as it would be converted."""

    def __init__(self, old, new):
        self.old, self.new = old, new
        self.checked = 0
        self.missing = 0  # records with no value for a field now required
        self.missing_records = []  # the first of them, to link to
        self.dependents = []  # fields shown only on a value of this one
        self.failing = []  # (record, stored value, message)
        self.converted = []  # (record, new value), for a change of type

    @property
    def converting(self):
        return self.old.type != self.new.type

    @property
    def affects(self):
        """Whether the change touches any record: a value that fails, converts, or is now missing."""
        return bool(self.failing or self.converted or self.missing)

    def check(self, record):
        value = record.values.get(self.old.key)
        self.checked += 1
        try:
            new = self.new.clean_value(_as_entered(value) if self.converting else value)
        except ValueError as exc:
            self.failing.append((record, value, str(exc)))
            return
        if self.converting and (new != value or type(new) is not type(value)):
            self.converted.append((record, new))


def _as_entered(value):
    """A stored value as a person would type it, for reading it as another type."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return text.figure(value)
    if isinstance(value, list):
        return value if all(isinstance(v, str) for v in value) else str(value)
    return str(value)


class FormDefinition(RegistryDocument):
    label = "Định nghĩa biểu mẫu"
    code = StringField(required=True, max_length=40, verbose_name="Mã loại (không đổi)")
    name = StringField(required=True, max_length=200, verbose_name="Tên")
    family = StringField(required=True, choices=FAMILIES, default="standalone", verbose_name="Áp dụng cho")
    menu_group = StringField(max_length=100, default=DEFAULT_MENU_GROUP, verbose_name="Nhóm trên menu")
    description = StringField(max_length=2000, verbose_name="Mô tả")
    fields = ListField(EmbeddedDocumentField(FieldDefinition), verbose_name="Các trường")

    multiline_fields = ("description",)

    meta = {
        "collection": "form_definitions",
        "ordering": ["sort_name"],
        "indexes": [
            {"fields": ["code"], "unique": True},
            ("sort_name", "_id"),
            ("family", "sort_name"),
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return self.name or self.code or ""

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name, self.code]

    @classmethod
    def under_filter(cls, unit_id):
        return {"_id": None}  # definitions are the admins' work

    @property
    def active_fields(self):
        return [f for f in self.fields if not f.retired]

    def field(self, key):
        return next((f for f in self.fields if f.key == key), None)

    def clean(self):
        self.code = self.code.strip().lower() if self.code else self.code
        if self.code and not re.fullmatch(KEY_PATTERN, self.code):
            raise field_error("code", f"Mã loại {KEY_RULE}.")
        if self.family != "standalone":
            self.menu_group = None
        self._check_index_room()
        self._check_family_keys()
        keys = [f.key for f in self.fields]
        for n, field in enumerate(self.fields):
            if keys.index(field.key) != n:
                raise field_error("fields", f"Trường thứ {n + 1}: mã trường «{field.key}» bị trùng.")
            problems = field.check(keys)
            if problems:
                raise field_error("fields", f"Trường «{field.label}»: {'; '.join(problems)}.")
        super().clean()

    def referrers(self):
        """A stand-alone kind cannot go while records of it exist (they would be left without a form)."""
        found = super().referrers()
        if self.family in KINDED_FAMILIES:
            count = self.records().count()
            if count:
                found.append((f"hồ sơ loại «{self.name}»", count))
        return found

    def _check_family_keys(self):
        """Definitions extending one family share the record's `values`: their keys must differ."""
        if self.family in KINDED_FAMILIES:
            return
        taken = {
            f.key: d.name
            for d in FormDefinition.objects(family=self.family, code__ne=self.code)
            for f in d.fields
        }
        for field in self.fields:
            if field.key in taken:
                other = taken[field.key]
                message = f"Mã trường «{field.key}» đã dùng trong biểu mẫu «{other}» (cùng nhóm hồ sơ)."
                raise field_error("fields", message)

    def _check_index_room(self):
        others = FormDefinition.objects(family=self.family, code__ne=self.code)
        room = MAX_FILTERABLE_FIELDS.get(self.family, MAX_EXTENSION_FILTERS)
        if len(indexed_keys([*others, self])) > room:
            message = (
                f"Nhóm hồ sơ này có tối đa {room} trường «Lọc được»; "
                "hãy bỏ đánh dấu ở những trường ít dùng để lọc."
            )
            raise field_error("fields", message)

    def check_change(self, stored):
        """Refuse a change from the `stored` definition that would lose or misread data."""
        if stored is None:
            return
        if self.code != stored.code:
            raise field_error("code", "Mã loại không đổi được sau khi đã lưu.")
        if self.family != stored.family:
            raise field_error("family", "Không đổi được nhóm hồ sơ áp dụng sau khi đã lưu.")
        now = {f.key: f for f in self.fields}
        for old in stored.fields:
            new = now.get(old.key)
            if new is None:
                message = (
                    f"Không xóa được trường «{old.label}» (mã {old.key}): "
                    "hãy đánh dấu «Đã bỏ» để ẩn nó mà vẫn giữ dữ liệu đã nhập."
                )
                raise field_error("fields", message)
            if new.type != old.type and "group" in (new.type, old.type) and self.has_values(old.key):
                message = f"Trường «{old.label}»: nhóm lặp đã có dữ liệu không đổi kiểu được."
                raise field_error("fields", message)
            self._check_columns(old, new)
            if new.type != old.type and self.has_values(old.key) and not getattr(self, "confirmed", False):
                message = (
                    f"Trường «{old.label}»: đổi kiểu dữ liệu của trường đã có dữ liệu cần chạy thử "
                    "rồi xác nhận."
                )
                raise field_error("fields", message)

    def differences_since(self, version):
        """What changed in this definition since `version`, one Vietnamese line per field."""
        from documents.history import HistoryEntry

        entry = HistoryEntry.objects(
            kind=self._get_collection_name(), record_id=self.pk, version=version
        ).first()
        if entry is None:
            return []
        then = {f["key"]: f for f in entry.after.get("fields", [])}
        lines = []
        for field in self.fields:
            old = then.get(field.key)
            if old is None:
                lines.append(f"thêm trường «{field.label}»")
                continue
            if old.get("label") != field.label:
                lines.append(f"trường «{old.get('label')}» đổi tên thành «{field.label}»")
            if field.retired and not old.get("retired"):
                lines.append(f"bỏ trường «{field.label}» (dữ liệu vẫn giữ)")
            if old.get("type") != field.type:
                lines.append(
                    f"trường «{field.label}» đổi kiểu từ {label(FIELD_TYPES, old.get('type'))} "
                    f"sang {field.type_label}"
                )
            for option, what in OPTION_NAMES:
                if (old.get(option) or None) != (getattr(field, option) or None):
                    lines.append(f"trường «{field.label}» đổi {what}")
        return lines

    def _check_columns(self, old, new):
        """A table column that holds data stays: its rows cannot keep a value the form no longer has."""
        now = {sub.key: sub for sub in new.sub_fields}
        for column in old.sub_fields:
            kept = now.get(column.key)
            if (kept is None or (kept.retired and not column.retired)) and self.records().filter(
                __raw__={f"values.{old.key}.{column.key}": {"$exists": True}}
            ).first():
                message = (
                    f"Cột «{column.label}» của «{old.label}» đã có dữ liệu: chưa bỏ được cột của "
                    "nhóm lặp (dữ liệu các dòng sẽ mất); hãy giữ cột, có thể đổi tên."
                )
                raise field_error("fields", message)

    def records(self):
        """The records whose values this definition checks."""
        if self.family in KINDED_FAMILIES:
            return family_document(self.family).objects(kind=self.code)
        return family_document(self.family).objects

    def has_values(self, key):
        """Whether any record holds a value for the field `key`."""
        return self.records().filter(**{f"values__{key}__exists": True}).first() is not None

    def dry_run(self, stored):
        """What this change would do to the records already entered: one Trial per field whose type,
        bounds, requirement or choices change."""
        trials = []
        now = {f.key: f for f in self.fields}
        for old in stored.fields if stored else []:
            new = now.get(old.key)
            if new is None or new.retired or all(getattr(old, o) == getattr(new, o) for o in CHECKED_OPTIONS):
                continue
            trial = Trial(old, new)
            for record in self.records().filter(**{f"values__{old.key}__exists": True}):
                trial.check(record)
            if new.required and not old.required:
                lacking = self.records().filter(**{f"values__{old.key}__exists": False})
                trial.missing = lacking.count()
                trial.missing_records = list(lacking.limit(SHOWN_RECORDS))
            trial.dependents = [f for f in self.active_fields if f.show_if == old.key]
            trials.append(trial)
        return trials

    def convert(self, trials):
        """Write the converted values of fields whose type changed, each as an edit in the record's
        history. Values that do not convert are left as they are (the dry run listed them)."""
        changes = {}  # record id -> (record, {key: new value}): one edit per record
        for trial in trials:
            if trial.converting:
                for record, value in trial.converted:
                    changes.setdefault(record.pk, (record, {}))[1][trial.new.key] = value
        converted = skipped = 0
        for record, values in changes.values():
            try:
                record.write_values(values)
            except StaleRecord:
                skipped += 1  # edited meanwhile: its values stay as entered, checked at its next edit
            else:
                converted += len(values)
        return converted, skipped

    def save(self, action=None, also=None, **kwargs):
        stored = (
            FormDefinition.objects(pk=self.pk).first() if self.pk is not None and not self._created else None
        )
        self.check_change(stored)
        super().save(action=action, also=also, **kwargs)
        ensure_extension_indexes(self.family)
        if stored is not None and stored.searchable_texts_keys() != self.searchable_texts_keys():
            self.reindex_search()
        return self

    def searchable_texts_keys(self):
        return {f.key for f in self.active_fields if f.searchable}

    def searchable_texts(self, values):
        """The stored values of the fields marked «Tìm được», as texts for search."""
        keys = [f.key for f in self.active_fields if f.searchable and f.type in OPTION_TYPES["searchable"]]
        return [str(values[key]) for key in keys if values.get(key)]

    def reindex_search(self):
        """Recompute the search words of the records this definition checks, after the fields
        marked «Tìm được» changed (derived data: no history entry)."""
        from pymongo import UpdateOne

        with remembering_extensions():
            batch = []
            collection = self.records()._collection
            for record in self.records():
                if self.family in KINDED_FAMILIES:
                    record._definition = self
                terms, exact = record.search_words()
                batch.append(
                    UpdateOne({"_id": record.pk}, {"$set": {"search_terms": terms, "search_exact": exact}})
                )
                if len(batch) == 1000:
                    collection.bulk_write(batch, ordered=False)
                    batch = []
            if batch:
                collection.bulk_write(batch, ordered=False)

    def clean_values(self, values):
        """The values to store for `values` as entered: converted, checked, conditions applied.

        Keys the definition does not use now (retired fields, older versions) are kept as they are.
        Raises a ValidationError naming each wrong field as `values.<key>`.
        """
        values = dict(values or {})
        errors = {}
        for field in self.active_fields:
            try:
                values[field.key] = field.clean_value(values.get(field.key))
            except ValueError as exc:
                errors[field.key] = str(exc)
        # Conditions read the converted values, whichever order the fields come in.
        for field in self.active_fields:
            if not field.shown_for(values):
                values[field.key] = None  # a field that does not apply keeps nothing, right or wrong
                errors.pop(field.key, None)
            elif field.key not in errors and values[field.key] is None and field.required:
                errors[field.key] = "Trường này là bắt buộc."
        if errors:
            raise ValidationError(
                "Giá trị không hợp lệ.",
                errors={
                    f"values.{k}": ValidationError(m, field_name=f"values.{k}") for k, m in errors.items()
                },
            )
        return {k: v for k, v in values.items() if v is not None}


def reference_document(field_type):
    """The document a reference field of `field_type` points at."""
    from documents import BreakthroughTask, Household, PartyOrganization, Person, Unit

    return {
        "person": Person,
        "unit": Unit,
        "household": Household,
        "party_organization": PartyOrganization,
        "breakthrough_task": BreakthroughTask,
    }[field_type]


def family_document(family):
    """The document whose records a definition of `family` (a `FAMILIES` value) extends or, for a
    kinded family, holds."""
    from documents import (
        CadreRating,
        Candidate,
        CellMeeting,
        CellReview,
        CustomRecord,
        LocalityAssignment,
        LocalityVisit,
        LocalWork,
        RecruitmentTarget,
        ResolutionIndicators,
    )

    extra = {
        "cell_meeting": CellMeeting,
        "cell_review": CellReview,
        "resolution_indicators": ResolutionIndicators,
        "recruitment_target": RecruitmentTarget,
        "candidate": Candidate,
        "standalone": CustomRecord,
        "local_work": LocalWork,
        "cadre_rating": CadreRating,
        "locality_assignment": LocalityAssignment,
        "locality_visit": LocalityVisit,
    }
    return extra[family] if family in extra else reference_document(family)


def missing_references(definition, values):
    """Refuse values that name records no longer there (deleted, or in the trash)."""
    missing = {}
    for field in definition.active_fields:
        value = values.get(field.key)
        if field.type in REFERENCE_TYPES and value is not None:
            if not record_exists(reference_document(field.type), value):
                missing[f"values.{field.key}"] = ValidationError("Hồ sơ được chọn không còn.")
    if missing:
        raise ValidationError("Giá trị không hợp lệ.", errors=missing)


# MongoDB keeps at most 64 indexes on a collection; the fixed ones and these stay well under it.
MAX_FILTERABLE_FIELDS = {"standalone": 48, "local_work": 40, "cell_review": 40}
MAX_EXTENSION_FILTERS = 20
INDEX_PREFIX = "defined:"


def indexed_keys(definitions):
    """Keys of the filterable fields of `definitions`: kinds sharing a key share its index."""
    return {
        f.key
        for definition in definitions
        for f in definition.active_fields
        if f.filterable and f.type not in ("group", "file")
    }


def ensure_extension_indexes(family):
    """One index (values.<key>, _id) per filterable field added to a family, or for a kinded
    family (kind, values.<key>, _id) per key filterable in some kind (kinds sharing a key share its
    index); others dropped."""
    leading = ("kind",) if family in KINDED_FAMILIES else ()
    ensure_value_indexes(
        family_document(family)._get_collection(), FormDefinition.objects(family=family), leading
    )


def ensure_value_indexes(collection, definitions, leading=()):
    """On `collection`, one index (*leading, values.<key>, _id) per key filterable in `definitions`,
    named `defined:<key>`; those of keys no longer filterable are dropped."""
    wanted = {INDEX_PREFIX + key: key for key in indexed_keys(definitions)}
    existing = collection.index_information()
    for name in existing:
        if name.startswith(INDEX_PREFIX) and name not in wanted:
            collection.drop_index(name)
    for name, key in wanted.items():
        if name not in existing:
            collection.create_index([*((f, 1) for f in leading), (f"values.{key}", 1), ("_id", 1)], name=name)


# Extensions are read on every save of their family's records; a bulk load remembers them.
remembered = ContextVar("remembered_extensions", default=None)


def extension_for(family, definitions=None):
    """The fields every definition extending `family` adds, as one unsaved definition; None if none.

    Read fresh on each call (a change shows at once in every process) unless `definitions` (all of
    them, in name order, read once for a request) are given, or inside `remembering_extensions()`,
    which bulk loads use.
    """
    if family in KINDED_FAMILIES:
        return None  # each record is checked by its own kind's definition
    memo = remembered.get()
    if memo is not None and family in memo:
        return memo[family]
    if definitions is None:
        definitions = list(FormDefinition.objects(family=family).order_by("sort_name"))
    definitions = [d for d in definitions if d.family == family]
    merged = None
    if definitions:
        fields = [f for d in definitions for f in d.fields]
        merged = FormDefinition(code=family, name=label(FAMILIES, family), family=family, fields=fields)
        merged.versions = {d.code: d.version or 0 for d in definitions}
    if memo is not None:
        memo[family] = merged
    return merged


@contextmanager
def remembering_extensions():
    token = remembered.set({})
    try:
        yield
    finally:
        remembered.reset(token)


def pattern_problem(pattern):
    """Why `pattern` cannot be a text field's rule (in Vietnamese), or None when it can: it must be
    a valid regular expression, short, and of a shape that matches in a time bounded by the value's
    length (no repeat of a repeat or of alternatives, no back-reference, few free repeats)."""
    if len(pattern) > PATTERN_MAX:
        return f"dài quá {PATTERN_MAX} ký tự"
    try:
        # The parsed form tells repeats apart from characters; re has no public parser.
        parsed = re._parser.parse(pattern)
    except re.error as exc:
        where = f" (sai ở ký tự thứ {exc.pos + 1})" if exc.pos is not None else ""
        return f"không đúng cú pháp biểu thức chính quy{where}"
    except (RecursionError, OverflowError):
        return "không đúng cú pháp biểu thức chính quy"
    wide = []
    if not _bounded(parsed, wide):
        return "có đoạn lặp lồng nhau hoặc tham chiếu ngược, có thể làm treo máy chủ; hãy viết đơn giản hơn"
    if len(wide) > WIDE_REPEATS_MAX:
        return (
            f"có quá {WIDE_REPEATS_MAX} đoạn lặp tự do (+, *), có thể làm treo máy chủ; hãy ghi rõ số ký tự"
        )
    return None


_REPEATS = {re._constants.MAX_REPEAT, re._constants.MIN_REPEAT, re._constants.POSSESSIVE_REPEAT}


def _bounded(items, wide, inside_repeat=False):
    """Whether the parsed pattern `items` has no repeat of a repeat or of alternatives, and no
    back-reference; the free repeats are added to `wide`."""
    for op, arg in items:
        if op in (re._constants.GROUPREF, re._constants.GROUPREF_EXISTS):
            return False
        if op in _REPEATS:
            low, high, body = arg
            if inside_repeat and low != high:
                return False  # a repeat of a variable repeat can try exponentially many splits
            if high - low > WIDE_REPEAT:
                wide.append(op)
            if not _bounded(body, wide, inside_repeat or high > 1):
                return False
            continue
        if op is re._constants.BRANCH and inside_repeat:
            return False
        for part in arg if isinstance(arg, (tuple, list)) else ():
            bodies = part if isinstance(part, list) else [part]
            for body in bodies:
                if isinstance(body, re._parser.SubPattern) and not _bounded(body, wide, inside_repeat):
                    return False
    return True


DAY_TYPED = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})")
DAY_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
BAD_DAY = "Ngày không hợp lệ: hãy gõ ngày/tháng/năm, ví dụ 25/05/2024."


def read_day(typed):
    """The day typed as dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy, or yyyy-mm-dd as machines write
    it), as a datetime at midnight; ValueError with a Vietnamese message otherwise."""
    typed = str(typed).strip()
    match = DAY_TYPED.fullmatch(typed) or DAY_ISO.fullmatch(typed)
    try:
        return datetime.datetime(int(match["y"]), int(match["m"]), int(match["d"]))
    except (TypeError, ValueError):
        raise ValueError(BAD_DAY) from None


def _date(raw):
    if isinstance(raw, datetime.datetime):
        day = raw
    elif isinstance(raw, datetime.date):
        day = datetime.datetime(raw.year, raw.month, raw.day)
    else:
        day = read_day(raw)
    if not 1900 <= day.year <= 2100:
        raise ValueError("Năm của ngày phải trong khoảng 1900 đến 2100.")
    return day


def _yes_no(raw):
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in ("1", "true", "y", "có", "co"):
        return True
    if value in ("0", "false", "n", "không", "khong"):
        return False
    raise ValueError("Chỉ nhận Có hoặc Không.")


def _object_id(raw):
    from bson import ObjectId

    value = getattr(raw, "pk", raw)
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value):
        return ObjectId(value)
    raise ValueError("Hồ sơ được chọn không hợp lệ.")
