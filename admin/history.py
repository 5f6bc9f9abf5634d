"""A record's history as its page shows it, and an admin's restore of an earlier version."""

import datetime

from bson import ObjectId
from flask import abort, flash, redirect, request
from flask_admin import expose
from mongoengine import DoesNotExist, ReferenceField, ValidationError
from mongoengine.base import BaseDocument
from mongoengine.errors import NotUniqueError

from admin.auth import current_user
from admin.forms import TokenForm
from documents.base import StaleRecord
from documents.constants import HISTORY_ACTIONS, label
from documents.history import HistoryEntry

SHOWN_ENTRIES = 50
# Versions a record may go back to (a task's check-in or move is a version like an edit).
RESTORABLE = ("create", "edit", "restore", "check_in", "move")
# The largest integer MongoDB stores (8 bytes): a version beyond it names no version.
MAX_VERSION = 2**63 - 1


def parse_version(value):
    """A version number from a form or an address; None when it is missing, not a number, or
    beyond what MongoDB stores."""
    try:
        version = int(value)
    except (TypeError, ValueError):
        return None
    return version if 0 <= version <= MAX_VERSION else None


def opened_version(form):
    """The version an edit form says it was opened at. Only what was posted counts: WTForms keeps
    the record's own version in a field the post left out."""
    posted = form.version.raw_data
    return parse_version(posted[0]) if posted else None


class HistoryRow:
    def __init__(self, entry, changes, restorable):
        self.version = entry.version
        self.at = entry.at
        self.actor = entry.actor
        self.action = label(HISTORY_ACTIONS, entry.action)
        self.changes = changes
        self.restorable = restorable


class OriginalRow:
    """The state a record had before its first recorded change (loaded data has no 'create' entry)."""

    version = 0
    at = None
    actor = ""
    action = "Dữ liệu ban đầu"
    changes = ()

    def __init__(self, restorable):
        self.restorable = restorable


class HistoryMixin:
    """Adds the history table to a registry view's record page, and the restore action."""

    details_template = "admin/registry/details.html"

    def history_rows(self, model):
        entries = list(HistoryEntry.of(model).limit(SHOWN_ENTRIES))
        names = self._referenced_names(entries)
        user = current_user()
        rows = []
        original = HistoryEntry.original_state(model) if len(entries) < SHOWN_ENTRIES else None
        for entry in entries:
            changes = []
            for name in entry.changed:
                before, after = entry.before.get(name), entry.after.get(name)
                if name in self.history_hidden or (not before and not after):
                    continue  # nothing a reader needs: the kind, an empty list on both sides
                if name == "values":
                    changes.extend(self._defined_changes(before or {}, after or {}, name in entry.before))
                    continue
                changes.append(self._change(model, name, before, after, name in entry.before, names))
            restorable = (
                bool(user and user.is_admin) and entry.action in RESTORABLE and entry.version != model.version
            )
            rows.append(HistoryRow(entry, changes, restorable))
        if original is not None:
            rows.append(OriginalRow(bool(user and user.is_admin)))
        return rows

    # Fields whose changes the history table leaves out.
    history_hidden = ("kind",)

    def _change(self, model, name, before, after, had_before, names):
        """(label, before, after) of a field's change as the history reads it (before None when
        the field had no value stored before); a view may read one of its fields its own way."""
        shown_before = self._shown(name, before, names) if had_before else None
        return self.column_labels.get(name, name), shown_before, self._shown(name, after, names)

    def _defined_changes(self, before, after, had_before):
        """One line per defined field that changed, under its label, its values as pages show them."""
        definition = self.definition()
        for key in sorted(set(before) | set(after), key=lambda k: _position(definition, k)):
            if before.get(key) == after.get(key):
                continue
            field = definition.field(key) if definition else None
            if field is None:
                yield key, _plain(before.get(key)) if had_before else None, _plain(after.get(key))
                continue
            shown = [shown_value(field, value) for value in (before.get(key), after.get(key))]
            yield field.label, shown[0] if had_before else None, shown[1]

    def _referenced_names(self, entries):
        """Names of every record the entries refer to, one query per referenced collection."""
        wanted = {}
        for entry in entries:
            for state in (entry.before, entry.after):
                for name, value in state.items():
                    field = self.model._fields.get(name)
                    if isinstance(field, ReferenceField) and isinstance(value, ObjectId):
                        wanted.setdefault(field.document_type, set()).add(value)
        return {
            doc.pk: str(doc) for document, ids in wanted.items() for doc in document.objects(pk__in=list(ids))
        }

    def _shown(self, name, value, names):
        field = self.model._fields.get(name)
        if value is None or value == "":
            return "(trống)"
        if isinstance(value, ObjectId):
            return names.get(value, "(đã xóa)")
        if getattr(field, "choices", None):
            return label(field.choices, value)
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, datetime.datetime):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, list):
            return "; ".join(_item_name(item, field) for item in value)
        return str(value)

    @expose("/restore/", methods=["POST"])
    def restore_view(self):
        """Bring a record back to an earlier version; the restore is itself a new version."""
        user = current_user()
        if user is None or not user.is_admin:
            abort(403)
        model = self.get_one(request.args.get("id"))
        details = self.get_url(".details_view", id=model.pk)
        form = TokenForm(request.form)
        if not form.validate():
            flash(" ".join(form.csrf_token.errors), "error")
            return redirect(details)
        version = parse_version(request.args.get("version"))
        if version is None:
            abort(404)
        if version == 0:
            after = HistoryEntry.original_state(model)
        else:
            entry = HistoryEntry.of(model).filter(version=version).first()
            after = entry.after if entry is not None and entry.action in RESTORABLE else None
        if after is None:
            abort(404)
        state = {**after, "_id": model.pk, "version": model.version, "created_at": model.created_at}
        restored = self.model._from_son(state, created=False)
        try:
            restored.save(action="restore")
        except StaleRecord:
            flash("Hồ sơ vừa được người khác sửa: hãy xem lại rồi khôi phục lần nữa.", "error")
        except ValidationError as exc:
            reasons = [getattr(e, "message", str(e)) for e in (exc.errors or {}).values()] or [exc.message]
            flash(f"Không khôi phục được phiên bản {version}: {' '.join(reasons)}", "error")
        except NotUniqueError:
            field = self.column_labels.get(self.unique_field, "Một giá trị không được trùng")
            flash(
                f"Không khôi phục được phiên bản {version}: {field} của phiên bản đó nay đã thuộc về "
                "một hồ sơ khác. Hãy đổi hồ sơ kia trước, hoặc sửa hồ sơ này.",
                "error",
            )
        except DoesNotExist:
            flash(
                f"Không khôi phục được phiên bản {version}: hồ sơ mà phiên bản đó tham chiếu tới không còn "
                "(có thể đang ở thùng rác). Hãy khôi phục hồ sơ đó trước.",
                "error",
            )
        else:
            flash(
                f"Đã khôi phục hồ sơ về phiên bản {version} (lưu thành phiên bản {restored.version}).",
                "success",
            )
        return redirect(details)


def _position(definition, key):
    keys = [f.key for f in definition.fields] if definition else []
    return keys.index(key) if key in keys else len(keys)


def _plain(value):
    return "(trống)" if value is None or value == "" else str(value)


def shown_value(field, value):
    from admin.defined_fields import shown_plain

    return "(trống)" if value is None else shown_plain(field, value)


def _item_name(item, field=None):
    """How one row of a list field reads: a sub-record as its document says (`__str__`), a post
    by its title, a file by its name."""
    inner = getattr(getattr(field, "field", None), "document_type", None)
    if isinstance(item, dict) and inner is not None and inner.__str__ is not BaseDocument.__str__:
        try:
            return str(inner._from_son(item))
        except Exception:  # a row stored by an older shape: read as before
            pass
    if isinstance(item, dict):
        return str(item.get("title") or item.get("name") or item.get("label") or "")
    return str(item)
