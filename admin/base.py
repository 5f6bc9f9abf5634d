"""The secure base of every console view: sign-in, CSRF, search, keyset pages, field errors."""

import datetime

import mongoengine
from bson import ObjectId
from bson.errors import InvalidId
from flask import abort, flash, g, has_request_context, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.ajax import QueryAjaxModelLoader
from flask_admin.contrib.mongoengine.typefmt import DEFAULT_FORMATTERS
from flask_admin.model.typefmt import DETAIL_FORMATTERS
from mongoengine.base.document import NON_FIELD_ERRORS
from mongoengine.dereference import DeReference
from mongoengine.errors import NotUniqueError

from admin import formatters, scope
from admin.auth import current_user
from admin.forms import ConsoleForm
from admin.paging import Cursor, fetch_page
from documents import text

PAGE_SIZE = 20


class SecureMixin:
    """Access for signed-in accounts only; others go to the login page."""

    def is_accessible(self):
        return current_user() is not None

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


class HomeView(SecureMixin, AdminIndexView):
    @expose("/")
    def index(self):
        from documents import Household, PartyOrganization, Person, Unit

        totals = [
            ("Đơn vị hành chính", Unit, "unit.index_view"),
            ("Tổ chức đảng", PartyOrganization, "party_organization.index_view"),
            ("Nhân sự", Person, "person.index_view"),
            ("Hộ gia đình", Household, "household.index_view"),
        ]
        cards = [(title, _total(doc), endpoint) for title, doc, endpoint in totals]
        return self.render("admin/home.html", cards=cards, user=current_user())


def _total(document):
    """How many records of `document` the account sees."""
    raw = scope.visible_filter(document)
    collection = document._get_collection()
    # An admin's total comes from collection metadata: no scan, whatever the size.
    return collection.estimated_document_count() if raw is None else collection.count_documents(raw)


class SearchLoader(QueryAjaxModelLoader):
    """Ajax choices for a reference field, searched without diacritics through the index."""

    def __init__(self, name, model, query=None, **options):
        options.setdefault("placeholder", "Gõ để tìm (không cần dấu)")
        super().__init__(name, model, fields=options.pop("fields", ["id"]), **options)
        self.base_query = query or {}

    def get_list(self, term, offset=0, limit=10):
        visible = scope.visible_filter(self.model)
        conditions = [c for c in (self.base_query, visible, text.search_filter(term)) if c]
        query = self.model.objects(__raw__={"$and": conditions}) if conditions else self.model.objects
        return query.limit(limit)


class RegistryView(SecureMixin, ModelView):
    """List, search and edit one registry document, the same way for every kind."""

    page_size = PAGE_SIZE
    can_set_page_size = False
    simple_list_pager = True
    can_view_details = True
    details_modal = False

    column_type_formatters = {
        **DEFAULT_FORMATTERS,
        # A datetime is also a date: Flask-Admin takes the first type that matches.
        datetime.datetime: formatters.datetime_value,
        datetime.date: formatters.date_value,
    }
    column_type_formatters_detail = {
        **DETAIL_FORMATTERS,
        # A datetime is also a date: Flask-Admin takes the first type that matches.
        datetime.datetime: formatters.datetime_value,
        datetime.date: formatters.date_value,
    }

    list_template = "admin/registry/list.html"
    form_base_class = ConsoleForm

    # The sort field used when the user has not picked a column.
    default_sort = "sort_name"
    search_placeholder_text = "Tìm (không cần dấu)"
    # The field a duplicate-key refusal is shown at.
    unique_field = None
    # The field that places the record in the unit tree, where a move out of scope is refused.
    place_field = None

    def __init__(self, model, *args, **kwargs):
        fields = model._fields
        labels = {name: f.verbose_name for name, f in fields.items() if getattr(f, "verbose_name", None)}
        self.column_labels = {**labels, **(self.column_labels or {})}
        self.column_choices = {name: f.choices for name, f in fields.items() if f.choices}
        if self.column_details_list is None:
            self.column_details_list = [*self.form_columns, "created_at", "updated_at"]
        super().__init__(model, *args, **kwargs)

    # Permissions follow the signed-in account's role.

    @property
    def can_create(self):
        return _account_can_write()

    @property
    def can_edit(self):
        return _account_can_write()

    @property
    def can_delete(self):
        return _account_can_write()

    def get_query(self):
        return scope.visible(self.model.objects)

    def get_one(self, id):
        """The record if the account may see it; 404 otherwise (unknown, malformed or out of scope)."""
        try:
            model = self.get_query().filter(pk=id).first()
        except (mongoengine.ValidationError, InvalidId):
            model = None
        if model is None:
            abort(404)
        return model

    def search_placeholder(self):
        return self.search_placeholder_text

    def init_search(self):
        return True

    # Listing

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        query = self.get_query()
        for index, _name, value in filters or ():
            flt = self._filters[index]
            query = flt.apply(query, flt.clean(value))
        phases = [{}]
        if search and text.tokens(search):
            folded = text.search_filter(search)
            if text.has_diacritics(search):
                exact = text.exact_filter(search)
                phases = [exact, {"$and": [folded, {"$nor": [exact]}]}]
            else:
                phases = [folded]
        sort_field = sort_column or self.default_sort
        desc = bool(sort_desc) if sort_column else False
        db_field = "_id" if sort_field in ("id", "pk") else self.model._fields[sort_field].db_field
        page = fetch_page(
            query,
            sort_field,
            db_field,
            desc,
            page_size or self.page_size,
            phases=phases,
            after=Cursor.decode(request.args.get("after"), len(phases)),
            before=Cursor.decode(request.args.get("before"), len(phases)),
        )
        g.page = page
        rows = self.load_references(page.rows)
        return None, rows

    def load_references(self, rows):
        """Load the documents referenced by this page's rows, one query per collection."""
        return DeReference()(rows, max_depth=2) if rows else rows

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        # Cursors belong to one sort and search: never carry them into other links.
        args.extra_args.pop("after", None)
        args.extra_args.pop("before", None)
        return args

    # Saving

    def validate_form(self, form):
        valid = super().validate_form(form)
        # Flask-Admin's create and edit pages show no error for the hidden CSRF field: say it here.
        csrf_errors = getattr(getattr(form, "csrf_token", None), "errors", None)
        if not valid and csrf_errors and request.endpoint.endswith((".create_view", ".edit_view")):
            flash(" ".join(csrf_errors), "error")
        return valid

    def create_model(self, form):
        model = self.model()
        return model if self._save(form, model) else False

    def update_model(self, form, model):
        return self._save(form, model)

    def _save(self, form, model):
        """Save, turning the document's validation errors into messages at the fields."""
        created = model.pk is None
        try:
            form.populate_obj(model)
            if not scope.may_keep(model):
                self._refuse_placement(form)
                return False
            self.on_model_change(form, model, created)
            model.save()
        except mongoengine.ValidationError as exc:
            self._show_errors(form, exc)
            return False
        except NotUniqueError:
            field = self.unique_field
            message = "Giá trị này đã có ở một bản ghi khác."
            if field and field in form:
                form[field].errors = [*form[field].errors, message]
            else:
                flash(message, "error")
            return False
        self.after_model_change(form, model, created)
        return True

    # Actions

    @action(
        "delete", lazy_gettext("Delete"), lazy_gettext("Are you sure you want to delete selected records?")
    )
    def action_delete(self, ids):
        """Flask-Admin's bulk delete uses `in_bulk`, which ignores the scoped query: filter instead."""
        deleted = 0
        for model in self.get_query().filter(pk__in=[pk for pk in ids if ObjectId.is_valid(pk)]):
            deleted += bool(self.delete_model(model))
        flash(f"Đã xóa {deleted} bản ghi.", "success" if deleted else "error")

    def _refuse_placement(self, form):
        message = "Bạn chỉ được ghi hồ sơ thuộc đơn vị mình phụ trách."
        if self.place_field in form:
            form[self.place_field].errors = [*form[self.place_field].errors, message]
        flash(f"Chưa lưu được: {message}", "error")

    def _show_errors(self, form, exc):
        unplaced = []
        for name, message in _field_errors(exc):
            if name in form:
                form[name].errors = [*form[name].errors, message]
            else:
                unplaced.append(message)
        flash(" ".join(["Chưa lưu được: hãy sửa các ô có thông báo lỗi.", *unplaced]), "error")


def _account_can_write():
    if not has_request_context():
        return True  # Flask-Admin builds its forms at start-up, outside any request
    user = current_user()
    return bool(user and user.can_write)


def _field_errors(exc, prefix=""):
    """(field name, message) pairs from a MongoEngine ValidationError, nested errors flattened."""
    errors = getattr(exc, "errors", None) or {}
    if not errors:
        yield prefix or NON_FIELD_ERRORS, _message(exc)
        return
    for name, inner in errors.items():
        if name == NON_FIELD_ERRORS:
            yield from _field_errors(inner, prefix)
        else:
            yield from _field_errors(inner, name if not prefix else prefix)


def _message(exc):
    return getattr(exc, "message", None) or str(exc)
