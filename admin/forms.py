"""Form base classes: CSRF from Flask-Admin's SecureForm, and WTForms messages in Vietnamese."""

import math

from flask_admin.form import BaseForm, SecureForm
from wtforms import FloatField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from documents import text

# WTForms ships no Vietnamese catalogue; these are its messages that the console can show.
MESSAGES = {
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Number must be at least %(min)s.": "Số phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Số phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải trong khoảng %(min)s đến %(max)s.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày phải không sau %(max)s.",
    "Invalid value, must be one of: %(values)s.": "Giá trị phải là một trong: %(values)s.",
    "Invalid CSRF Token.": "Phiên làm việc không hợp lệ, hãy tải lại trang và thử lại.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu (CSRF), hãy tải lại trang và thử lại.",
    "CSRF failed.": "Kiểm tra bảo vệ biểu mẫu (CSRF) thất bại, hãy tải lại trang và thử lại.",
    "CSRF token expired.": "Biểu mẫu đã hết hạn, hãy tải lại trang và thử lại.",
    "Invalid Choice: could not coerce": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Not a valid choice": "Lựa chọn không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ: hãy gõ ngày/tháng/năm, ví dụ 25/05/2024.",
    "Not a valid integer value.": "Phải là một số nguyên.",
    "Not a valid decimal value.": "Phải là một số.",
    "Not a valid float value.": "Phải là một số.",
}


# MongoEngine's own validation messages (English), by how they begin.
DOCUMENT_MESSAGES = (
    ("Field is required", "Trường này là bắt buộc."),
    ("String value did not match validation regex", "Giá trị không đúng dạng cho phép."),
    ("String value is too long", "Giá trị quá dài."),
    ("String value is too short", "Giá trị quá ngắn."),
    ("Integer value is too small", "Số quá nhỏ."),
    ("Integer value is too large", "Số quá lớn."),
    ("Float value is too small", "Số quá nhỏ."),
    ("Float value is too large", "Số quá lớn."),
    ("Value must be one of", "Lựa chọn không hợp lệ."),
    ("cannot parse date", "Ngày không hợp lệ."),
    ("Invalid", "Giá trị không hợp lệ."),
)


def vietnamese(message):
    """A document validation message as staff should read it."""
    message = str(message)
    for start, translated in DOCUMENT_MESSAGES:
        if message.startswith(start):
            return translated
    return message


def error_text(exc):
    """A document's ValidationError as one line for a flash message: its field messages, or its own."""
    errors = exc.to_dict() if exc.errors else {}
    return "; ".join(vietnamese(v) for v in errors.values()) if errors else vietnamese(exc.message)


class VietnameseMessages:
    """WTForms translations object that answers from MESSAGES."""

    def gettext(self, string):
        return MESSAGES.get(string, string)

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class ConsoleForm(SecureForm):
    """Every console form: CSRF-protected, messages in Vietnamese."""

    class Meta:
        def get_translations(self, form):
            return VietnameseMessages()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Messages name the field by its label: "Mã bảo vệ biểu mẫu: Thiếu mã...", not "CSRF Token".
        if "csrf_token" in self:
            self.csrf_token.label.text = "Mã bảo vệ biểu mẫu"


class SubForm(BaseForm):
    """A row of a list of sub-records (a person's posts): messages in Vietnamese, no token of its own."""

    class Meta:
        def get_translations(self, form):
            return VietnameseMessages()


class LoginForm(ConsoleForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired(), Length(max=60)])
    password = PasswordField("Mật khẩu", validators=[DataRequired(), Length(max=200)])


class TokenForm(ConsoleForm):
    """Carries only a CSRF token: for one-button forms (sign out, restore a version)."""


def prefer_console_catalogue():
    """Let `admin/translations` correct Flask-Admin's own Vietnamese strings, not only add to them.

    Flask-Babel merges each catalogue over the ones listed before it, and Flask-Admin lists the
    application's catalogue first, so its own (with "Kỷ lục" for "record") always won.
    """
    from flask_admin import babel

    def translation_directories(domain):
        directories = super(babel.CustomDomain, domain).translation_directories
        view = babel.get_current_view()
        own = view.admin.translations_path if view is not None else None
        return [*directories, own] if own else directories

    babel.CustomDomain.translation_directories = property(translation_directories)


class NumberField(FloatField):
    """A number typed the Vietnamese way ("0,5", "20.000") and shown back the same way, unrounded."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            self.data = None
            try:
                number = float(text.parse_number(valuelist[0]))
            except ValueError:
                raise ValueError(self.gettext("Not a valid float value.")) from None
            if not math.isfinite(number):  # beyond what a float holds
                raise ValueError("Số quá lớn.")
            self.data = number + 0.0  # "-0" is 0
        elif valuelist:
            self.data = None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else text.figure(self.data)


class LinesField(TextAreaField):
    """A list of short texts typed one per line (the recipients of a document)."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [line.strip() for line in valuelist[0].splitlines() if line.strip()]

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(self.data or [])


def asked_year(value, first, last):
    """The year an address asks for (`?year=`), when a whole number from `first` to `last`; this
    year otherwise (a summary opened from the menu, or junk typed in the address)."""
    from documents.base import vietnam_today

    try:
        year = int(value)
    except (TypeError, ValueError):
        return vietnam_today().year
    return year if first <= year <= last else vietnam_today().year
