"""Sign-in: the /login and /logout pages, and the signed-in user of each request."""

import math
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from admin.forms import LoginForm, TokenForm
from documents.user import LoginThrottle, User

blueprint = Blueprint("auth", __name__)


def current_user():
    """The active account signed in on this request, or None."""
    if "user" not in g:
        user_id = session.get("user_id")
        g.user = User.objects(pk=user_id, active=True).first() if user_id else None
    return g.user


def safe_next(target):
    """Only a path on this site: never an absolute URL to elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(request.form)
    if request.method == "POST" and form.validate():
        username = form.username.data.strip().lower()
        keys = (f"user:{username}", f"address:{request.remote_addr}")
        wait = LoginThrottle.wait(keys)
        if wait:
            seconds = math.ceil(wait.total_seconds())
            after = f"{seconds} giây" if seconds < 60 else f"khoảng {math.ceil(seconds / 60)} phút"
            form.password.errors.append(f"Đăng nhập sai nhiều lần: hãy thử lại sau {after}.")
            return render_template("auth/login.html", form=form), 429
        user = User.objects(username=username, active=True).first()
        # An unknown name costs the same hash check as a known one: timing tells nothing.
        if (user or User.nobody()).check_password(form.password.data) and user is not None:
            LoginThrottle.clear(keys[0])
            session.clear()
            session["user_id"] = str(user.pk)
            session.renew()
            return redirect(safe_next(request.args.get("next")) or url_for("admin.index"))
        LoginThrottle.fail(keys)
        form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
    return render_template("auth/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout():
    form = TokenForm(request.form)
    if not form.validate():
        flash(form.csrf_token.errors[0], "error")
        return redirect(url_for("admin.index"))
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))
