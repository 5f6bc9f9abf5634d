"""The secure base of every console view: sign-in, CSRF, search, keyset pages, field errors."""

import datetime
from typing import NamedTuple

import mongoengine
from bson import ObjectId
from bson.errors import InvalidId
from flask import abort, current_app, flash, g, has_request_context, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.ajax import QueryAjaxModelLoader
from flask_admin.contrib.mongoengine.typefmt import DEFAULT_FORMATTERS
from flask_admin.helpers import is_form_submitted
from flask_admin.model.fields import AjaxSelectField
from flask_admin.model.typefmt import DETAIL_FORMATTERS
from mongoengine.base.document import NON_FIELD_ERRORS
from mongoengine.dereference import DeReference
from mongoengine.errors import NotUniqueError
from pymongo.errors import ExecutionTimeout
from wtforms import HiddenField

from admin import formatters, scope
from admin.attachment import AttachmentMixin
from admin.auth import current_user
from admin.defined_fields import DefinedFieldsMixin, RowsField, form_field_name
from admin.fields import ConsoleModelConverter
from admin.filters import PickedFilter, UnderUnitFilter
from admin.forms import ConsoleForm, vietnamese
from admin.history import HistoryMixin, opened_version
from admin.list_export import ListExportMixin
from admin.paging import Cursor, fetch_page
from admin.printed_list import PrintedListMixin
from documents import text
from documents.base import ReferencedRecord, RegistryDocument, StaleRecord, references_of
from documents.form_definition import REFERENCE_TYPES, reference_document
from documents.history import HistoryEntry
from documents.unit import Unit

PAGE_SIZE = 20
OUT_OF_SCOPE = "Bạn chỉ được ghi hồ sơ thuộc đơn vị mình phụ trách."
FOREIGN_REFERENCE = "Bạn chỉ được chọn hồ sơ thuộc đơn vị mình phụ trách."
UNKNOWN_PICK = "Lựa chọn không hợp lệ: không có hồ sơ này."
NO_VERSION = (
    "Chưa lưu được: trang sửa không cho biết hồ sơ đang ở phiên bản nào khi bạn mở nó, nên không "
    "biết có ai sửa trong lúc đó không. Thông tin bạn nhập vẫn còn dưới đây: xem lại rồi bấm Lưu lần nữa."
)


class SecureMixin:
    """Access for signed-in accounts only; others go to the login page."""

    def is_accessible(self):
        return current_user() is not None

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @expose("/api/file/")
    def api_file_view(self):
        """Flask-Admin serves any GridFS file here, unscoped and inline: closed. Files go through
        `AttachmentMixin.attachment_view`."""
        abort(404)


class AdminOnly:
    """For views only admins open (accounts, form definitions): others signed in get 403."""

    def is_accessible(self):
        user = current_user()
        return user is not None and user.is_admin

    def inaccessible_callback(self, name, **kwargs):
        if current_user() is not None:
            abort(403)
        return super().inaccessible_callback(name, **kwargs)


class BoundedPages:
    """For the few lists paged by number (accounts, trash): a page number from the URL is kept in range."""

    max_page = 10_000

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        args.page = min(max(args.page or 0, 0), self.max_page)
        args.search = text.clean_search(args.search)
        return args


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
        user = current_user()
        panels = [panel for panel in (provider(user) for provider in home_panels()) if panel]
        return self.render("admin/home.html", cards=cards, user=user, panels=panels)


class Panel(NamedTuple):
    """A block of the home page: its template (under templates/admin/) and what it shows."""

    template: str
    context: dict


def home_panels():
    """The home page's panels, in order: each a function of the signed-in account returning a
    `Panel` of its unit (everything for an admin), or None when it has nothing to show. Keep each
    to one or two aggregations: the home page is opened more than any other. Later work adds its
    own panel here."""
    from admin.breakthrough_summary import home_panel as breakthrough_tasks
    from admin.cell_meeting_summary import home_panel as cell_meetings
    from admin.local_work_summary import home_panel as local_works
    from admin.locality_home import home_panel as localities
    from admin.resolution_indicator import home_panel as resolution_indicators

    return [breakthrough_tasks, localities, local_works, cell_meetings, resolution_indicators]


def _total(document):
    """How many records of `document` the account sees."""
    raw = scope.visible_filter(document)
    collection = document._get_collection()
    # An admin's total comes from collection metadata: no scan, whatever the size.
    return collection.estimated_document_count() if raw is None else collection.count_documents(raw)


# Up to this many matching rows a list says exactly how many; beyond, "hơn 10.000".
COUNT_LIMIT = 10_000


def count_matching(query, more_than=0):
    """(n, True) when `query` matches n rows, (n, False) when it matches more than n.

    Read up to COUNT_LIMIT + 1 rows, so beyond them (COUNT_LIMIT, False); an unfiltered
    collection from its metadata; a count that takes too long is given up for `more_than`.
    """
    collection = query._document._get_collection()
    if not query._query:
        return collection.estimated_document_count(), True
    try:
        # LIST_COUNT_MS (app.py): a filter no index serves well (a district's poor households)
        # would read thousands of records for its count; past it, the list says what its pages show.
        found = collection.count_documents(
            query._query, limit=COUNT_LIMIT + 1, maxTimeMS=current_app.config["LIST_COUNT_MS"]
        )
    except ExecutionTimeout:
        return more_than, False
    return (COUNT_LIMIT, False) if found > COUNT_LIMIT else (found, True)


# A picker asks for its choices 10 at a time (Flask-Admin's form.js, picked_filter.js) as its list
# scrolls; an address asking for more, or further, gets at most this.
PICKER_PAGE = 10
PICKER_MAX_LIMIT = 50
PICKER_MAX_OFFSET = 1000


class SearchLoader(QueryAjaxModelLoader):
    """Ajax choices for a reference field, searched without diacritics through the index."""

    def __init__(self, name, model, query=None, scope_filter=None, **options):
        options.setdefault("placeholder", "Gõ để tìm (không cần dấu)")
        super().__init__(name, model, fields=options.pop("fields", ["id"]), **options)
        self.base_query = query or {}
        # What the account may pick: what it sees, unless the field has a rule of its own.
        self.scope_filter = scope_filter or scope.visible_filter

    def format(self, model):
        if isinstance(model, RegistryDocument):
            return str(model.pk), model.picker_label(g.get("picker_places"))
        return super().format(model)

    def get_one(self, pk):
        """The chosen record if the account may see it, or if the record being edited already
        refers to it (`RegistryView.get_one`); None otherwise, so that an id out of scope is
        answered like one naming no record (a field error, never the record's name)."""
        if not ObjectId.is_valid(pk):
            return None
        query = self.model.objects(pk=pk)
        raw = self.scope_filter(self.model)
        if ObjectId(pk) not in g.get("held_references", ()) and raw:
            query = query.filter(__raw__=raw)
        return query.first()

    def get_list(self, term, offset=0, limit=PICKER_PAGE):
        # From the address as typed (Flask-Admin's `ajax_lookup`): junk is None, any size an int.
        offset = min(max(offset or 0, 0), PICKER_MAX_OFFSET)
        limit = min(limit, PICKER_MAX_LIMIT) if limit and limit > 0 else PICKER_PAGE
        visible = self.scope_filter(self.model)
        search = getattr(self.model, "search_filter", text.search_filter)
        conditions = [c for c in (self.base_query, visible, search(text.clean_search(term) or "")) if c]
        query = self.model.objects(__raw__={"$and": conditions}) if conditions else self.model.objects
        # Pickers page by small offsets as the list scrolls; a skip of tens of rows is cheap.
        choices = list(query.order_by("sort_name", "id").skip(offset).limit(limit))
        # The units the choices sit in, named in one query for their labels (`format`).
        places = {c.place_id for c in choices if isinstance(c, RegistryDocument)} - {None}
        g.picker_places = {u.pk: str(u) for u in Unit.objects(pk__in=list(places)).only("kind", "name")}
        return choices


class ListQuery(NamedTuple):
    query: object
    phases: list
    sort_field: str
    db_field: str
    desc: bool


# Arguments of a list's address that its links to other pages never carry (`list_link`).
LIST_LINK_SKIPS = {"after", "before", "export_type", "endpoint", "_anchor", "_method", "_scheme", "_external"}


class RegistryView(
    SecureMixin,
    HistoryMixin,
    AttachmentMixin,
    DefinedFieldsMixin,
    PrintedListMixin,
    ListExportMixin,
    ModelView,
):
    """List, search and edit one registry document, the same way for every kind."""

    can_export = True
    export_types = ["csv", "xlsx"]
    # Reference fields the account may point beyond what it sees: {field: a filter of `scope`}
    # (a task registered with the district committee by a commune's staff). Their pickers
    # (`SearchLoader(scope_filter=...)`) offer the same.
    reference_scopes = {}

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
        bool: formatters.yes_no,
        # A datetime is also a date: Flask-Admin takes the first type that matches.
        datetime.datetime: formatters.datetime_value,
        datetime.date: formatters.date_value,
    }

    list_template = "admin/registry/list.html"
    edit_template = "admin/registry/edit.html"
    form_base_class = ConsoleForm
    model_form_converter = ConsoleModelConverter  # dates typed as dd/mm/yyyy

    # The sort field used when the user has not picked a column, and its direction.
    default_sort = "sort_name"
    default_sort_desc = False
    search_placeholder_text = "Tìm (không cần dấu)"
    # What a list's total counts: "93 hộ".
    count_noun = "hồ sơ"
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
        # Search boxes for the records defined fields may refer to.
        pickers = {f"ref_{k}": SearchLoader(f"ref_{k}", reference_document(k)) for k in REFERENCE_TYPES}
        # The search box of the "under unit" filter: every unit the account sees, hamlets included.
        pickers[UnderUnitFilter.picker] = SearchLoader(UnderUnitFilter.picker, Unit)
        self.form_ajax_refs = {**pickers, **(self.form_ajax_refs or {})}
        # The version the form was opened at travels with it, so a save over a newer one is caught.
        self.form_columns = [*self.form_columns, "version"]
        self.form_overrides = {**(self.form_overrides or {}), "version": HiddenField}
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

    def _run_view(self, fn, *args, **kwargs):
        # Said once the view runs (every access check passed), so a request refused with 403 or
        # 404 leaves no message behind for a later page.
        name = fn.__name__
        changing = name in ("create_view", "edit_view", "delete_view", "action_view")
        if changing and current_user() is not None and not _account_can_write() and not g.get("viewer_told"):
            # Flask-Admin sends a viewer back to the list without a word: say why (once: a view
            # that overrides one of these runs this again through `super()`).
            g.viewer_told = True
            if name == "create_view":
                flash(f"Tài khoản chỉ xem: không được thêm {self.count_noun}.", "error")
            elif request.method == "POST":
                flash("Tài khoản chỉ xem: không được thay đổi dữ liệu.", "error")
            elif name == "edit_view":
                flash("Tài khoản chỉ xem: không được sửa hồ sơ.", "error")
        return super()._run_view(fn, *args, **kwargs)

    def get_one(self, id):
        """The record if the account may see it; 404 otherwise (unknown, malformed or out of scope)."""
        try:
            model = self.get_query().filter(pk=id).first()
        except (mongoengine.ValidationError, InvalidId):
            model = None
        if model is None:
            return self._deleted_meanwhile(id)
        # What the record already refers to may stay on its form, in scope or not.
        g.held_references = held_references(model)
        return model

    def _deleted_meanwhile(self, id):
        """A save from an edit form opened before someone deleted the record: a stand-in record, so
        the form comes back with the user's input and says what happened; otherwise 404."""
        from documents.trash import TrashedRecord

        saving = request.method == "POST" and (request.endpoint or "").endswith(".edit_view")
        if not saving or not ObjectId.is_valid(str(id)):
            abort(404)
        trashed = TrashedRecord.objects(kind=self.model._get_collection_name(), record_id=ObjectId(str(id)))
        if scope.visible(trashed).first() is None:
            abort(404)
        stand_in = self.model(id=ObjectId(str(id)))
        stand_in._deleted_meanwhile = True
        return stand_in

    def search_placeholder(self):
        return self.search_placeholder_text

    def init_search(self):
        return True

    # Listing

    def list_query(self, sort_column, sort_desc, search, filters):
        """The list as the account sees it: its scoped, filtered and searched query, the search's
        phases (exact accents first) and its sort. Pages (`get_list`) and exports read it."""
        query = self.get_query()
        g.chosen_records = {}
        for index, _name, value in filters or ():
            flt = self._filters[index]
            query = flt.apply(query, flt.clean(value))
            if isinstance(flt, PickedFilter):
                g.chosen_records[value] = flt.chosen_label(value)
        phases = [{}]
        if search and text.tokens(search):
            folded = self.model.search_filter(search)
            query = query.filter(__raw__=folded)
            if text.has_diacritics(search):
                # Exact accents first, then the rest; both within the folded match above.
                exact = self.model.search_filter(search, accents=True)
                phases = [exact, {"$nor": [exact]}]
        # Flask-Admin's MongoEngine backend sorts on the column name; use the field it maps to.
        if sort_column not in self._sortable_columns:
            sort_column = None  # a bookmarked sort on a column that is no longer sortable
        sort_field = self._sortable_columns[sort_column] if sort_column else self.default_sort
        desc = bool(sort_desc) if sort_column else self.default_sort_desc
        return ListQuery(query, phases, sort_field, self._db_field(sort_field), desc)

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        query, phases, sort_field, db_field, desc = self.list_query(sort_column, sort_desc, search, filters)
        cursors = {}
        for name in ("after", "before"):
            token = request.args.get(name)
            cursors[name] = Cursor.decode(token, len(phases))
            if token and cursors[name] is None:
                flash("Liên kết trang không hợp lệ hoặc đã cũ: đang hiện trang đầu.", "error")
        if cursors["after"] is not None and cursors["before"] is not None:
            cursors["before"] = None  # a hand-made link: follow one direction
        page = fetch_page(
            query, sort_field, db_field, desc, page_size or self.page_size, phases=phases, **cursors
        )
        g.page = page
        # A first page with no page after it holds every row: its total needs no count.
        if not page.has_prev and not page.has_next:
            g.total = len(page.rows), True
        else:
            # Should the count take too long: cursor pages before this one are full, and a page
            # after it means more rows than these.
            shown = len(page.rows) + (self.page_size if page.has_prev else 0)
            g.total = count_matching(query, more_than=shown if page.has_next else shown - 1)
        rows = self.load_references(page.rows)
        return None, rows

    def total_line(self):
        """How many rows the list (filtered, searched) holds: "93 hộ", "Hơn 10.000 hộ"."""
        if "total" not in g:
            return None
        count, exact = g.total
        return f"{'' if exact else 'Hơn '}{text.figure(count)} {self.count_noun}"

    def picked_filters(self):
        """What admin/static/picked_filter.js needs for this list's filters on a picked record
        (`PickedFilter`): {"pickers": {argument: {url, placeholder}}, "chosen": {id: name}} for
        the records chosen; None without such a filter."""
        filter_args = (self._filter_args or {}).items()
        pickers = {
            arg: {"url": self.get_url(".ajax_lookup", name=flt.picker), "placeholder": flt.placeholder}
            for arg, (_, flt) in filter_args
            if isinstance(flt, PickedFilter)
        }
        if not pickers:
            return None
        return {"pickers": pickers, "chosen": {k: v for k, v in g.get("chosen_records", {}).items() if v}}

    def _db_field(self, sort_field):
        if sort_field.startswith("values."):
            return sort_field  # a defined field
        return "_id" if sort_field in ("id", "pk") else self.model._fields[sort_field].db_field

    def load_references(self, rows):
        """Load the documents referenced by this page's rows, one query per collection."""
        rows = DeReference()(rows, max_depth=2) if rows else rows
        self.remember_defined_names(rows)
        return rows

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        args.search = text.clean_search(args.search)
        # Cursors belong to one sort and search: never carry them into other links; nor a stray
        # export type, nor names `url_for` reads itself.
        for name in LIST_LINK_SKIPS:
            args.extra_args.pop(name, None)
        return args

    def list_link(self, endpoint, **values):
        """A link to `endpoint` (export, print, back to the list) carrying this list's search,
        filters and sort, with `values`. Left out: the page's cursors, a stray `export_type`, and
        the names `url_for` reads itself (`?endpoint=`, `?_scheme=` made building it fail)."""
        args = {k: v for k, v in request.args.items() if k not in LIST_LINK_SKIPS and k not in values}
        return self.get_url(endpoint, **args, **values)

    # Saving

    def validate_form(self, form):
        unknown = [f for f in _fields_of(form) if _names_no_record(f)] if is_form_submitted() else []
        valid = super().validate_form(form)
        for field in unknown:
            field.errors = [*field.errors, UNKNOWN_PICK]
            valid = False
            group = form._fields.get(field.name.split("-", 1)[0])
            if isinstance(group, RowsField):  # its table shows no errors: say it above the form
                flash(f"{group.label.text}, cột {field.label.text}: {UNKNOWN_PICK}", "error")
        if not valid and is_form_submitted():  # a page just opened is not refused: it says nothing
            self.check_defined_values(form)  # said now, not only once the other errors are fixed
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
        opened_at = opened_version(form)
        if getattr(model, "_deleted_meanwhile", False):
            return self._refuse_stale(form, model.pk, opened_at or 0)
        if not created and opened_at is None:
            return refuse_unversioned(form, model)
        if not created and opened_at != (model.version or 0):
            return self._refuse_stale(form, model.pk, opened_at)
        stored_version = model.version
        referred = scope.reference_ids(model)
        try:
            form.populate_obj(model)
            model.version = stored_version
            if not scope.may_keep(model):
                self._refuse_placement(form)
                return False
            foreign = scope.foreign_references(model, referred, self.reference_scopes)
            if foreign:
                self._refuse_placement(form, foreign, FOREIGN_REFERENCE)
                return False
            self.on_model_change(form, model, created)
            model.save()
        except mongoengine.ValidationError as exc:
            self._show_errors(form, exc)
            return False
        except StaleRecord:
            return self._refuse_stale(form, model.pk, stored_version)
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
        flash(f"Đã chuyển {deleted} hồ sơ vào thùng rác.", "success" if deleted else "error")

    def _refuse_stale(self, form, pk, opened_at):
        """Say what changed since the form was opened; the user's input stays on the form."""
        current = self.model.objects(pk=pk).only("version").first()
        if current is None:
            flash(
                "Chưa lưu được: hồ sơ này đã bị xóa sau khi bạn mở trang. "
                "Thông tin bạn nhập vẫn còn dưới đây.",
                "error",
            )
            return False
        entries = list(
            HistoryEntry.objects(
                kind=self.model._get_collection_name(), record_id=pk, version__gt=opened_at
            ).order_by("version")
        )
        names = self._referenced_names(entries)
        lines = []
        for entry in entries:
            shown = []
            for n in entry.changed:
                if n == "values":  # defined fields, each under its label
                    before = entry.before.get(n) or {}
                    shown += [
                        (label, after)
                        for label, _, after in self._defined_changes(before, entry.after.get(n) or {}, True)
                    ]
                elif n not in self.history_hidden:
                    shown.append((self.column_labels.get(n, n), self._shown(n, entry.after.get(n), names)))
            fields = ", ".join(f"{label} thành {value}" for label, value in shown)
            when = formatters.local_time(entry.at)
            lines.append(f"{entry.actor} lúc {when} sửa {fields or 'không trường nào'}")
        form.version.data = current.version
        since = f" — {'; '.join(lines)}" if lines else ""
        flash(
            f"Chưa lưu được: người khác đã sửa hồ sơ này sau khi bạn mở trang{since}. "
            "Thông tin bạn nhập vẫn còn dưới đây: xem lại rồi bấm Lưu lần nữa để ghi đè.",
            "error",
        )
        return False

    def delete_model(self, model):
        """Delete unless other records still refer to this one; say which do."""
        try:
            self.on_model_delete(model)
            model.delete()
        except ReferencedRecord as exc:
            flash(str(exc), "error")
            return False
        except StaleRecord:
            flash("Không xóa được: hồ sơ vừa được người khác sửa hoặc xóa. Hãy tải lại trang.", "error")
            return False
        self.after_model_delete(model)
        return True

    def _refuse_placement(self, form, fields=None, message=OUT_OF_SCOPE):
        for name in fields or [self.place_field]:
            if name in form:
                form[name].errors = [*form[name].errors, message]
        flash(f"Chưa lưu được: {message[0].lower()}{message[1:]}", "error")

    def _show_errors(self, form, exc):
        unplaced = []
        for name, message, path in _field_errors(exc):
            name = form_field_name(name)
            field = _field_at(form[name], path) if name in form else None
            if field is not None:
                if message not in field.errors:
                    field.errors = [*field.errors, message]
                continue
            # An error on a list of sub-forms as a whole (or a row's field the form lacks) is said
            # in the banner, with the row it is on.
            rows = " ".join(f"dòng {key + 1}" for key in path if isinstance(key, int))
            message = f"{rows}: {message}" if rows else message
            label = form[name].label.text if name in form else ""
            unplaced.append(f"{label} {message}".strip() + ("" if message.endswith(".") else "."))
        flash(" ".join(["Chưa lưu được: hãy sửa các ô có thông báo lỗi.", *unplaced]), "error")


def _field_at(field, path):
    """The input an error `path` below `field` points to (a row's field: (0, "target") under the
    targets), or None when there is no single input for it (a list as a whole)."""
    for key in path:
        if isinstance(key, int):
            entries = getattr(field, "entries", None)
            if entries is None or not 0 <= key < len(entries):
                return None
            field = entries[key]
        else:
            inner = getattr(field, "form", None)
            if inner is None or key not in inner:
                return None
            field = inner[key]
    if hasattr(field, "entries") or hasattr(field, "form"):
        return None  # Flask-Admin shows no errors on a list of sub-forms or on a row as a whole
    return field


def _fields_of(form):
    """Every field of a form, those of its rows of sub-records included."""
    for field in form:
        rows = getattr(field, "entries", None)
        if rows is not None:
            for row in rows:
                yield from _fields_of(row.form) if hasattr(row, "form") else [row]
        elif hasattr(field, "form"):
            yield from _fields_of(field.form)
        else:
            yield field


def held_references(model):
    """Ids of every record `model` refers to: its reference fields and its defined fields."""
    held = {pk for _, _, _, pk in references_of(model)}
    stack = [model.values or {}]
    while stack:
        value = stack.pop()
        if isinstance(value, ObjectId):
            held.add(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return held


def _names_no_record(field):
    """A search-box pick whose submitted id names no record (tampered, or deleted meanwhile)."""
    if not isinstance(field, AjaxSelectField):
        return False
    entered = getattr(field, "_formdata", None)
    return bool(entered) and entered != "__None" and field.data is None


def refuse_unversioned(form, model):
    """An edit posted without a usable version: refused, the input kept, the form now carrying
    the stored version so that saving again is a deliberate choice."""
    form.version.data = model.version or 0
    flash(NO_VERSION, "error")
    return False


def _account_can_write():
    if not has_request_context():
        return True  # Flask-Admin builds its forms at start-up, outside any request
    user = current_user()
    return bool(user and user.can_write)


def _field_errors(exc, field="", path=()):
    """(form field, message, path) from a MongoEngine ValidationError, nested errors flattened.

    Errors inside a list of sub-records (a task's targets) keep the top field; `path` says where
    below it: (0, "target") is the first row's target.
    """
    errors = exc if isinstance(exc, dict) else (getattr(exc, "errors", None) or {})
    if not errors:
        message = getattr(exc, "message", None) or str(exc)
        yield field or NON_FIELD_ERRORS, vietnamese(message), path
        return
    for name, inner in errors.items():
        if name == NON_FIELD_ERRORS:
            yield from _field_errors(inner, field, path)
        elif not field:
            yield from _field_errors(inner, name, path)
        else:
            yield from _field_errors(inner, field, (*path, name))
