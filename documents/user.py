"""Console accounts: username, scrypt password hash, role and home unit; their sessions and throttles.

An account is saved like a registry record: only while still at the version its form was opened
at, with a history entry (who, when, before and after) in the same transaction. The history
says a password changed, never what it is.
"""

import datetime
import hashlib
import secrets
import unicodedata

from mongoengine import (
    DENY,
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    IntField,
    ReferenceField,
    StringField,
)
from werkzeug.security import check_password_hash, generate_password_hash

from documents.base import field_error, now, write_versioned
from documents.constants import ROLES

MIN_PASSWORD_LENGTH = 10
# What a password may hold but that shows nothing: spaces and separators, format characters
# (zero-width space, U+FEFF), combining marks on their own, and the letters fonts draw blank.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf", "Mn", "Me"})
BLANK_LETTERS = frozenset("\u2800\u3164\u115f\u1160\uffa0")


class User(Document):
    label = "Tài khoản"
    username = StringField(
        required=True, max_length=60, regex=r"^[a-z0-9._-]+$", verbose_name="Tên đăng nhập"
    )
    password_hash = StringField(required=True)
    role = StringField(required=True, choices=ROLES, default="viewer", verbose_name="Vai trò")
    unit = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Đơn vị")
    active = BooleanField(default=True, verbose_name="Đang hoạt động")
    created_at = DateTimeField(default=now, verbose_name="Tạo lúc")
    version = IntField(default=0)

    # The fields an account's history keeps; the password only as "changed".
    RECORDED = ("username", "role", "unit", "active")
    PASSWORD_CHANGED = "đã đổi"

    meta = {
        "collection": "users",
        "ordering": ["username"],
        "indexes": [{"fields": ["username"], "unique": True}],
    }

    def __str__(self):
        return self.username

    @property
    def is_admin(self):
        return self.role == "admin"

    @property
    def can_write(self):
        return self.role in ("admin", "editor")

    def clean(self):
        if self.role != "admin" and self.unit is None:
            raise field_error("unit", "Tài khoản biên tập hoặc chỉ xem cần có đơn vị làm việc.")

    def set_password(self, password):
        # Characters that show nothing only look like a password: they do not count.
        categories = [unicodedata.category(c) for c in password]
        if any(category in ("Cc", "Cs") for category in categories):
            raise ValueError("Mật khẩu không được chứa ký tự điều khiển (Tab, xuống dòng, NUL...).")
        visible = sum(
            c not in BLANK_LETTERS and category not in INVISIBLE_CATEGORIES
            for c, category in zip(password, categories, strict=True)
        )
        if visible < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự nhìn thấy được, "
                "không kể khoảng trắng và ký tự vô hình."
            )
        self.password_hash = generate_password_hash(password, method="scrypt")
        self._password_changed = True

    def recorded_state(self, son):
        return {k: son[k] for k in self.RECORDED if son.get(k) is not None}

    def save(self, **kwargs):
        """Validate, then write the account and its history entry in one transaction; an existing
        account only while still at the version it was read at (StaleRecord otherwise), and only
        when a stored field changed."""

        def amend(entry):
            if getattr(self, "_password_changed", False):  # a new password always has a new hash
                entry.changed = sorted([*entry.changed, "password"])
                entry.after["password"] = self.PASSWORD_CHANGED

        write_versioned(self, amend=amend)
        self._password_changed = False
        self._clear_changed_fields()
        self._created = False
        return self

    @classmethod
    def nobody(cls):
        """An unsaved account whose password check takes as long as a real one and never passes."""
        if not hasattr(cls, "_nobody"):
            cls._nobody = cls(username="nobody")
            cls._nobody.set_password(secrets.token_urlsafe(16))
        return cls._nobody

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def end_sessions(self):
        """Sign the account out everywhere."""
        LoginSession.objects(data__user_id=str(self.pk)).delete()


class LoginSession(Document):
    """A browser's session, kept server-side; its cookie carries only a random token.

    The id is the SHA-256 of the token, so the collection alone opens no session. MongoDB's TTL
    monitor removes a session once `expires_at` has passed; reads check it too.
    """

    id = StringField(primary_key=True)
    data = DictField()
    created_at = DateTimeField(default=now)
    expires_at = DateTimeField(required=True)

    meta = {
        "collection": "sessions",
        "indexes": [
            {"fields": ["expires_at"], "expireAfterSeconds": 0},
            "data.user_id",
        ],
    }

    @staticmethod
    def key(token):
        return hashlib.sha256(token.encode()).hexdigest()


class LoginThrottle(Document):
    """Failed sign-ins counted per account and per address, shared by every worker."""

    id = StringField(primary_key=True)
    failures = IntField(default=0)
    last_failure = DateTimeField()

    meta = {
        "collection": "login_throttles",
        "indexes": [{"fields": ["last_failure"], "expireAfterSeconds": 24 * 3600}],
    }

    # Free attempts before waits start, then the wait doubles from BASE_WAIT up to MAX_WAIT.
    FREE = {"user": 5, "address": 20}
    BASE_WAIT = datetime.timedelta(seconds=15)
    MAX_WAIT = datetime.timedelta(minutes=15)

    @classmethod
    def wait(cls, keys, at=None):
        """How long sign-in stays closed for these keys (timedelta(0) when it is open)."""
        at = at or now()
        longest = datetime.timedelta(0)
        for row in cls.objects(id__in=list(keys)):
            extra = row.failures - cls.FREE[row.id.split(":", 1)[0]]
            if extra < 0 or row.last_failure is None:
                continue
            delay = min(cls.MAX_WAIT, cls.BASE_WAIT * 2**extra)
            longest = max(longest, row.last_failure + delay - at)
        return longest

    @classmethod
    def fail(cls, keys):
        for key in keys:
            cls.objects(id=key).update_one(inc__failures=1, set__last_failure=now(), upsert=True)

    @classmethod
    def clear(cls, key):
        cls.objects(id=key).delete()
