"""List-cell formatters, with Flask-Admin's (view, context, model, name) signature."""

import datetime

from flask import g
from markupsafe import Markup, escape
from mongoengine.errors import DoesNotExist

from admin import scope
from documents.constants import VIETNAM_TIME


def current_positions(view, context, model, name):
    titles = [p.title for p in model.current_positions]
    return ", ".join(titles)


def member_count(view, context, model, name):
    return g.member_counts.get(model.pk, 0) if "member_counts" in g else ""


def reference_link(endpoint):
    """A formatter showing a referenced record as a link to its page."""

    def format_reference(view, context, model, name):
        target = getattr(model, name)
        if target is None or not hasattr(target, "pk"):
            return ""
        if context is None or not scope.sees_loaded(target) or not _opens(view, endpoint):
            # An export (no page to link from), a record above the account's unit, or a page
            # the account may not open (issuing bodies are configured by admins).
            return str(target)
        url = view.get_url(f"{endpoint}.details_view", id=target.pk)
        return Markup('<a href="{}">{}</a>').format(url, escape(str(target)))

    return format_reference


def _opens(view, endpoint):
    """Whether the account may open the pages of the view named `endpoint`."""
    return any(other.endpoint == endpoint and other.is_accessible() for other in view.admin._views)


def date_value(view, value, name):
    """Dates the Vietnamese way: 02/09/1945."""
    return value.strftime("%d/%m/%Y")


def yes_no(view, value, name):
    return "Có" if value else "Không"


def local_time(moment):
    """A stored (naive UTC) time as read in Vietnam: 25/11/2026 21:05."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=datetime.UTC).astimezone(VIETNAM_TIME).strftime("%d/%m/%Y %H:%M")


def datetime_value(view, value, name):
    return local_time(value)


def positions_history(view, context, model, name):
    """Every post the person has held, newest first, with its organization and dates."""
    rows = []
    for position in sorted(model.positions, key=lambda p: p.start or datetime.date.min, reverse=True):
        try:
            place = position.organization or position.unit
        except DoesNotExist:  # a post naming a record deleted before deletes were refused
            place = None
        since = f"từ {position.start:%d/%m/%Y}" if position.start else ""
        until = (
            f" đến {position.end:%d/%m/%Y}" if position.end else (" (đương nhiệm)" if position.start else "")
        )
        where = f", {place}" if place is not None and hasattr(place, "pk") else ""
        rows.append(Markup("<li>{}{} – {}{}</li>").format(position.title, where, since, until))
    return Markup("<ul class='mb-0 pl-3'>{}</ul>").format(Markup("").join(rows)) if rows else ""


def file_size(size):
    """A file size as staff read it: 512 byte, 34 KB, 2,5 MB."""
    size = size or 0
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
