"""A body that issues official documents (a Party committee, its organization board, a People's
Committee), configured once: its names as printed, the rule book it follows, its signer and how it
numbers what it issues."""

import datetime

from mongoengine import DENY, DateField, ReferenceField, StringField, ValidationError

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.constants import NUMBERING_SCOPES, RULE_BOOKS, VIETNAM_TIME


class IssuingBody(RegistryDocument):
    label = "Cơ quan ban hành"
    name = StringField(required=True, max_length=200, verbose_name="Tên cơ quan ban hành")
    # How the header prints the name, when not the full name: an organization board prints "Ban Tổ
    # chức" under its committee; a line break is kept ("Ủy ban nhân dân" / "xã Nam Quan").
    printed_name = StringField(max_length=200, verbose_name="Tên in ở tiêu đề (nếu khác tên đầy đủ)")
    parent_name = StringField(required=True, max_length=200, verbose_name="Cơ quan cấp trên trực tiếp")
    abbreviation = StringField(required=True, max_length=20, verbose_name="Ký hiệu cơ quan")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Địa bàn")
    rule_book = StringField(required=True, choices=RULE_BOOKS, default="dang_36", verbose_name="Thể thức")
    place_name = StringField(required=True, max_length=100, verbose_name="Địa danh ghi ngày tháng")
    authority = StringField(max_length=100, verbose_name="Thẩm quyền ký (T/M, K/T, T/L...)")
    signer_post = StringField(required=True, max_length=100, verbose_name="Chức vụ người ký")
    signer_name = StringField(required=True, max_length=120, verbose_name="Họ tên người ký")
    numbering = StringField(
        required=True, choices=NUMBERING_SCOPES, default="loai_nhiem_ky", verbose_name="Cách đánh số"
    )
    term_start = DateField(verbose_name="Nhiệm kỳ từ ngày")
    term_end = DateField(verbose_name="Nhiệm kỳ đến ngày")
    filing_line = StringField(max_length=200, verbose_name="Dòng lưu ở Nơi nhận")
    # A body whose documents take their numbers from another's register: the Ban Thường vụ and the
    # Huyện ủy both print "HU" and number in one sequence (else two "Số 15-QĐ/HU").
    numbered_with = ReferenceField("self", verbose_name="Đánh số chung với")

    multiline_fields = ("printed_name", "parent_name")

    meta = {
        "collection": "issuing_bodies",
        "ordering": ["sort_name"],
        "indexes": [{"fields": ["abbreviation", "name"], "unique": True}, ("ancestors", "sort_name")],
    }

    def __str__(self):
        return self.name or ""

    @property
    def party(self):
        return self.rule_book == "dang_36"

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name, self.parent_name, self.abbreviation]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        super().clean()
        self.check_shared_numbering()
        if self.numbering == "loai_nhiem_ky" and self.numbered_with is None:
            if not self.party:
                raise field_error(
                    "numbering", "Cơ quan nhà nước đánh số từ 01 mỗi năm (Nghị định 30/2020/NĐ-CP)."
                )
            if self.term_start is None:
                raise field_error("term_start", "Đánh số theo nhiệm kỳ cần ngày bắt đầu nhiệm kỳ.")
            if self.term_end is not None and self.term_end < self.term_start:
                raise field_error("term_end", "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
        self.check_authority()
        self.check_renumbering()

    def check_shared_numbering(self):
        """A body numbers with another of its unit that prints the same symbol in the same rule
        book, and that numbers on its own (one register, never a chain)."""
        owner = self.numbered_with
        if owner is None:
            return
        if owner.pk == self.pk:
            raise field_error("numbered_with", "Một cơ quan không đánh số chung với chính nó.")
        if owner.numbered_with is not None:
            raise field_error(
                "numbered_with", f"{owner.name} đánh số chung với cơ quan khác: hãy chọn cơ quan đó."
            )
        if self.pk is not None and IssuingBody.objects(numbered_with=self.pk).first() is not None:
            raise field_error(
                "numbered_with", "Đã có cơ quan đánh số chung với cơ quan này: cơ quan này phải tự đánh số."
            )
        same = (
            owner.unit == self.unit,
            owner.abbreviation == self.abbreviation,
            owner.rule_book == self.rule_book,
        )
        if not all(same):
            raise field_error(
                "numbered_with",
                "Chỉ đánh số chung với cơ quan cùng địa bàn, cùng ký hiệu và thể thức (như Ban Thường vụ "
                "với Huyện ủy).",
            )

    def check_authority(self):
        """The authority line as the body's rule book writes it (DOCUMENT_FORMAT.md)."""
        line = " ".join((self.authority or "").upper().split())
        if self.party and line.startswith(("TM.", "KT.", "TL.", "TUQ.")):
            raise field_error(
                "authority", "Văn bản Đảng viết thẩm quyền ký có gạch chéo: T/M, K/T, T/L, T/UQ."
            )
        if self.party and line.startswith("K/T BÍ THƯ"):
            message = (
                "Văn bản Đảng không có «K/T Bí thư»: cấp ủy ký «T/M Ban Thường vụ» (hoặc T/M Đảng ủy, "
                "T/M Chi bộ), phó bí thư ký thay."
            )
            raise field_error("authority", message)
        if not self.party and line.startswith(("T/M", "K/T", "T/L", "T/UQ")):
            raise field_error(
                "authority", "Văn bản nhà nước viết thẩm quyền ký có dấu chấm: TM., KT., TL., TUQ."
            )

    def check_renumbering(self):
        """Refuse a change of numbering or term that would number again what was numbered: every
        document already numbered must keep the sequence it took its number from."""
        from documents.official_document import OfficialDocument

        if self.pk is None:
            return
        sharing = [b.pk for b in IssuingBody.objects(numbered_with=self.pk).only("id")]
        numbered = OfficialDocument.objects(body__in=[self.pk, *sharing], number__ne=None).only(
            "document_type", "issued_on", "sequence", "symbol"
        )
        this_year = datetime.datetime.now(VIETNAM_TIME).year
        for document in numbered:
            day = _day(document.issued_on)
            numbering = (self.numbered_with or self).numbering
            if numbering != "loai_nhiem_ky" and day.year < this_year:
                continue  # an earlier year: its numbers are closed
            try:
                key = self.sequence_key(document.document_type, day)
            except ValidationError:
                continue  # numbered in another committee term
            if key != document.sequence:
                field = "term_start" if numbering == "loai_nhiem_ky" else "numbering"
                field = "numbered_with" if self.numbered_with is not None else field
                message = (
                    f"Đổi như vậy sẽ cấp lại những số đã cấp (như {document.symbol}): nhiệm kỳ mới "
                    "phải bắt đầu sau ngày của văn bản cuối cùng đã đánh số."
                )
                raise field_error(field, message)

    def sequence_key(self, document_type, day):
        """The name of the number sequence a document of `document_type` issued on `day` takes its
        number from (the register of the body it numbers with, if any); refused when the day lies
        outside the committee term being numbered."""
        if self.numbered_with is not None:
            return self.numbered_with.sequence_key(document_type, day)
        if self.numbering == "loai_nhiem_ky":
            if day < self.term_start or (self.term_end is not None and day > self.term_end):
                raise field_error(
                    "issued_on",
                    f"Ngày {day:%d/%m/%Y} nằm ngoài nhiệm kỳ đang đánh số của {self.name}: "
                    "hãy cập nhật nhiệm kỳ của cơ quan ban hành.",
                )
            return f"{self.pk}/{document_type}/nhiem-ky-{self.term_start.isoformat()}"
        if self.numbering == "loai_nam":
            return f"{self.pk}/{document_type}/{day.year}"
        return f"{self.pk}/*/{day.year}"

    def printed(self):
        """The body as the document prints it, kept in the document's snapshot: names change
        (merged communes, renamed committees) and an issued document keeps the names of its day."""
        return {
            "name": self.printed_name or self.name,
            "full_name": self.name,
            "parent_name": self.parent_name,
            "abbreviation": self.abbreviation,
            "rule_book": self.rule_book,
            "place_name": self.place_name,
            "authority": self.authority or "",
            "signer_post": self.signer_post,
            "signer_name": self.signer_name,
            "filing_line": self.filing_line or ("Lưu Văn phòng" if self.party else "Lưu: VT"),
        }


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value
