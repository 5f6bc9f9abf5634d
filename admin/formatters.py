"""List-cell formatters, with Flask-Admin's (view, context, model, name) signature."""

from flask import g
from markupsafe import Markup, escape


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
        url = view.get_url(f"{endpoint}.details_view", id=target.pk)
        return Markup('<a href="{}">{}</a>').format(url, escape(str(target)))

    return format_reference
