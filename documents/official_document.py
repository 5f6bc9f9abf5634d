"""The issuance register (sổ đăng ký văn bản đi): every official document, from draft to issued.

A draft can be changed and previewed freely. Issuing takes the next number of its issuing body's
sequence and freezes the data it prints, in one transaction; the PDF printed from that is then
stored with its SHA-256 and never changes. A wrong document is withdrawn, or replaced by a new
one, never edited. Numbers never repeat and never skip: a number is only taken in the same
transaction that writes it into a document, and that document stays in the register whatever
becomes of it.
"""

import datetime
import hashlib

import gridfs
from bson import ObjectId
from mongoengine import (
    DENY,
    DateField,
    DictField,
    Document,
    IntField,
    ListField,
    ObjectIdField,
    ReferenceField,
    StringField,
)
from mongoengine.connection import get_db
from pymongo import ReturnDocument

from documents import text
from documents.base import (
    RegistryDocument,
    StaleRecord,
    _at_version,
    field_error,
    in_transaction,
    now,
    unit_path,
    vietnam_today,  # noqa: F401  (imported from here by the document views and exports)
)
from documents.constants import DOCUMENT_KINDS, DOCUMENT_STATUSES, DOCUMENT_TYPES, VIETNAM_TIME, label
from documents.history import HistoryEntry, actor

BUCKET = "issued_pdfs"
REGISTERED = "Văn bản đã vào sổ (đã có số) không sửa được: hãy thu hồi hoặc ban hành văn bản thay thế."


class NumberSequence(Document):
    """The last number taken in one sequence of one issuing body (`IssuingBody.sequence_key`)."""

    key = StringField(primary_key=True)
    last = IntField(default=0)

    meta = {"collection": "number_sequences"}


class NotDraft(Exception):
    """The document was issued (or is being issued) already: it can no longer change."""


class OfficialDocument(RegistryDocument):
    label = "Văn bản"
    body = ReferenceField(
        "IssuingBody", required=True, reverse_delete_rule=DENY, verbose_name="Cơ quan ban hành"
    )
    kind = StringField(required=True, choices=DOCUMENT_KINDS, verbose_name="Loại văn bản in")
    document_type = StringField(required=True, choices=DOCUMENT_TYPES, default="BC", verbose_name="Thể loại")
    # Required, but checked in `clean`: the console fills a blank one with the kind's usual summary.
    summary = StringField(max_length=300, verbose_name="Trích yếu")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Đơn vị")
    opening = StringField(max_length=3000, verbose_name="Lời mở đầu")
    recipients = ListField(StringField(max_length=200), verbose_name="Nơi nhận")
    # What the kind needs besides the unit (a list view's filters and columns...), as plain values.
    parameters = DictField(verbose_name="Tham số")
    status = StringField(required=True, choices=DOCUMENT_STATUSES, default="draft", verbose_name="Trạng thái")
    number = IntField(verbose_name="Số")
    symbol = StringField(verbose_name="Số, ký hiệu")
    sequence = StringField()
    issued_on = DateField(verbose_name="Ngày ban hành")
    issued_by = StringField(verbose_name="Người ban hành")
    # The data printed, frozen at issue: the body's names of that day and every row of every table.
    snapshot = DictField(verbose_name="Dữ liệu khi ban hành")
    pdf_file = ObjectIdField()
    sha256 = StringField(verbose_name="SHA-256")
    size = IntField(verbose_name="Dung lượng")
    replaces = ReferenceField("OfficialDocument", verbose_name="Thay thế văn bản")
    replaced_by = ReferenceField("OfficialDocument", verbose_name="Được thay thế bởi")
    withdrawn_reason = StringField(max_length=500, verbose_name="Lý do thu hồi")

    multiline_fields = ("opening",)

    meta = {
        "collection": "official_documents",
        "ordering": ["-created_at"],
        "indexes": [
            {"fields": ["sequence", "number"], "unique": True, "sparse": True},
            ("ancestors", "-created_at"),
            ("status", "-created_at"),
            ("body", "-issued_on", "-number"),
            "-created_at",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return f"{self.symbol or 'Dự thảo'} – {self.summary}"

    @property
    def number_text(self):
        """The number and symbol without the word "Số" before them: "01-BC/BTCHU", "12/QĐ-UBND"."""
        return (self.symbol or "").removeprefix("Số: ").removeprefix("Số ")

    @property
    def kind_name(self):
        return label(DOCUMENT_KINDS, self.kind)

    @property
    def type_name(self):
        return label(DOCUMENT_TYPES, self.document_type)

    def name_key(self):
        return text.sort_key(self.summary)

    def search_texts(self):
        return [self.summary, self.symbol]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        self.tidy_typed_text()
        super().clean()
        if not self.summary or text.looks_blank(self.summary):
            raise field_error("summary", "Hãy ghi trích yếu của văn bản.")
        if self.body is not None and self.unit is not None and self.body.unit.pk not in self.ancestors:
            message = (
                f"{self.body.name} chỉ lập văn bản về {self.body.unit} hoặc các đơn vị trực thuộc: "
                "hãy chọn cơ quan ban hành của đơn vị này hoặc cấp trên."
            )
            raise field_error("body", message)

    def tidy_typed_text(self):
        """What a draft prints as typed (summary, opening, recipients), without the control
        characters no one means to print (NUL, ESC...); a recipient line showing nothing is dropped."""
        self.summary = text.without_controls(self.summary)
        if self.opening:
            lines = text.without_controls(self.opening, keep="\n").splitlines()
            self.opening = "\n".join(" ".join(line.split()) for line in lines)
        recipients = [" ".join(text.without_controls(line).split()) for line in self.recipients or []]
        recipients = [line for line in recipients if not text.looks_blank(line)]
        if recipients != list(self.recipients or []):
            self.recipients = recipients

    def recorded_state(self, son=None):
        """History leaves out the frozen snapshot: it never changes and stays on the document."""
        return {k: v for k, v in super().recorded_state(son).items() if k != "snapshot"}

    def save(self, action=None, also=None, **kwargs):
        """Save a draft. The stored entry must be a draft too: a state built from elsewhere (an
        earlier version in the history) never overwrites an entry in the register. The check
        reads the version the save is written over, and every change of state takes a new
        version, so an entry issued meanwhile fails the versioned write instead."""
        stored_entry = (
            not self._created
            and self.pk is not None
            and self._get_collection().count_documents(
                {**_at_version(self.pk, self.version or 0), "status": {"$ne": "draft"}}, limit=1
            )
        )
        if self.status != "draft" or stored_entry:
            raise field_error("summary", REGISTERED)
        return super().save(action=action, also=also, **kwargs)

    def delete(self, **kwargs):
        if self.status != "draft":
            raise field_error("status", "Văn bản đã vào sổ (có số) không xóa được; hãy thu hồi nếu cần.")
        super().delete(**kwargs)

    def take_number(self, day, snapshot):
        """Give the draft the next number of its body's sequence and freeze `snapshot`, in one
        transaction; a document it replaces is marked replaced in the same transaction."""
        if self.status != "draft":
            raise NotDraft(self.pk)  # said before anything about what it replaces (`state_line`)
        body = self.body
        key = body.sequence_key(self.document_type, day)
        NumberSequence._get_collection().update_one({"_id": key}, {"$setOnInsert": {"last": 0}}, upsert=True)
        replaced = self.replaces
        if replaced is not None and replaced.status != "issued":
            message = (
                f"{replaced.symbol} không còn hiệu lực (đã được thay thế hoặc thu hồi): dự thảo này "
                "không thay thế nó được nữa; hãy lập văn bản mới."
            )
            raise field_error("replaces", message)
        replaced_at = replaced.version if replaced is not None else None

        def changes(session):
            taken = NumberSequence._get_collection().find_one_and_update(
                {"_id": key}, {"$inc": {"last": 1}}, session=session, return_document=ReturnDocument.AFTER
            )
            number = taken["last"]
            if replaced is not None:
                replaced.version = replaced_at  # as read, again on a retried transaction
                replaced._transition(
                    "withdraw", ("issued",), {"status": "replaced", "replaced_by": self.pk}, session=session
                )
            return {
                "status": "issuing",
                "number": number,
                "symbol": symbol(body.rule_book, number, self.document_type, body.abbreviation),
                "sequence": key,
                "issued_on": datetime.datetime(day.year, day.month, day.day),
                "issued_by": actor.get(),
                "snapshot": snapshot,
            }

        self._transition("issue", ("draft",), changes)

    def store_pdf(self, data):
        """Keep the PDF printed from the frozen snapshot and lock the document as issued. When two
        staff finish the same issue at once, one PDF is kept and the other's bytes are dropped."""
        file_id = ObjectId()
        pdfs().put(data, _id=file_id, filename=f"{self.symbol}.pdf", metadata={"document": self.pk})
        changes = {
            "status": "issued",
            "pdf_file": file_id,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        try:
            self._transition("issue", ("issuing",), changes)
        except (NotDraft, StaleRecord):
            pdfs().delete(file_id)
            raise

    def withdraw(self, reason):
        """Withdraw the issued document for `reason`. The state is written with a raw `$set`, which
        skips MongoEngine's checks, so the reason's rules are checked here first."""
        if self.status != "issued":
            raise NotDraft(self.pk)  # said before anything about the reason (`state_line`)
        reason = " ".join((reason or "").split())
        if not reason:
            raise field_error("withdrawn_reason", "Hãy ghi lý do thu hồi.")
        longest = self._fields["withdrawn_reason"].max_length
        if len(reason) > longest:
            length = f"{text.figure(len(reason))} ký tự, quá {text.figure(longest)} ký tự"
            raise field_error("withdrawn_reason", f"Lý do thu hồi dài {length}: hãy viết gọn lại.")
        self._transition("withdraw", ("issued",), {"status": "withdrawn", "withdrawn_reason": reason})

    def left_force(self):
        """{"on": the day in Vietnam, "by": who} this document was withdrawn or replaced, as its
        history records it; None while it is in force."""
        if self.status not in ("withdrawn", "replaced"):
            return None
        entry = HistoryEntry.of(self).filter(action="withdraw").first()
        if entry is None:
            return None
        day = entry.at.replace(tzinfo=datetime.UTC).astimezone(VIETNAM_TIME).date()
        return {"on": day, "by": entry.actor}

    def state_line(self):
        """Where the entry stands, for a refusal: "Văn bản này đã bị thu hồi (lý do: ...)"."""
        if self.status == "withdrawn":
            return f"Văn bản này đã bị thu hồi (lý do: {self.withdrawn_reason.rstrip('. ')})."
        if self.status == "replaced":
            by = self.replaced_by.symbol if self.replaced_by is not None else "văn bản khác"
            return f"Văn bản này đã được thay thế bởi {by}."
        if self.status == "draft":
            return "Văn bản này còn là dự thảo, chưa ban hành."
        if self.status == "issuing":
            return "Văn bản này đang được ban hành (có thể do người khác vừa bấm): hãy tải lại trang."
        return "Văn bản này đã được ban hành (có thể do người khác vừa bấm)."

    def pdf(self):
        """The stored bytes of the issued PDF."""
        return pdfs().get(self.pdf_file).read() if self.pdf_file else None

    def _transition(self, action, statuses, changes, session=None):
        """Move the document from one of `statuses` to a new state, with its history entry, in one
        transaction (or in `session`'s); `changes` is a dict or a function of the session giving one."""
        collection = self._get_collection()
        read_version = self.version or 0

        def write(session):
            fields = changes(session) if callable(changes) else changes
            current = {**_at_version(self.pk, read_version), "status": {"$in": list(statuses)}}
            update = {"$set": {**fields, "version": read_version + 1, "updated_at": now()}}
            before = collection.find_one_and_update(current, update, session=session)
            if before is None:
                if collection.count_documents(
                    {"_id": self.pk, "status": {"$nin": list(statuses)}}, session=session
                ):
                    raise NotDraft(self.pk)
                raise StaleRecord(self.pk)
            after = collection.find_one({"_id": self.pk}, session=session)
            self.version = read_version + 1
            entry = HistoryEntry.entry(self, action, self.recorded_state(before), self.recorded_state(after))
            HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)

        if session is not None:
            write(session)
        else:
            try:
                in_transaction(write)
            except BaseException:
                self.version = read_version
                raise
            self.reload()


def symbol(rule_book, number, document_type, abbreviation):
    """The number and symbol as printed: "Số 05-BC/ĐU" (Party), "Số: 12/QĐ-UBND" (state);
    numbers below 10 take a leading zero. A draft (no number yet) leaves the number blank."""
    shown = f"{number:02d}" if number is not None else "\u2003\u2003"
    if rule_book == "dang_36":
        return f"Số {shown}-{document_type}/{abbreviation}"
    return f"Số: {shown}/{document_type}-{abbreviation}"


def date_line(place, day):
    """ "Lộc Bình, ngày 05 tháng 01 năm 2024": a day below 10 and the months January and February
    take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def pdfs():
    return gridfs.GridFS(get_db(), collection=BUCKET)
