"""Console accounts: username, scrypt password hash, role and home unit."""

from mongoengine import DENY, BooleanField, DateTimeField, Document, ReferenceField, StringField
from werkzeug.security import check_password_hash, generate_password_hash

from documents.base import now
from documents.constants import ROLES

MIN_PASSWORD_LENGTH = 10


class User(Document):
    username = StringField(
        required=True, max_length=60, regex=r"^[a-z0-9._-]+$", verbose_name="Tên đăng nhập"
    )
    password_hash = StringField(required=True)
    role = StringField(required=True, choices=ROLES, default="viewer", verbose_name="Vai trò")
    unit = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Đơn vị")
    active = BooleanField(default=True, verbose_name="Đang hoạt động")
    created_at = DateTimeField(default=now)

    meta = {
        "collection": "users",
        "indexes": [{"fields": ["username"], "unique": True}],
    }

    def __str__(self):
        return self.username

    def set_password(self, password):
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)
