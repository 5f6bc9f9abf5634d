"""Console accounts: username, scrypt password hash, role and home unit; their sessions and throttles."""

import datetime
import hashlib
import secrets

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

from documents.base import field_error, now
from documents.constants import ROLES

MIN_PASSWORD_LENGTH = 10


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
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
        self.password_hash = generate_password_hash(password, method="scrypt")

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
