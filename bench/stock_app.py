"""The baseline of `bench.lists_http`: stock Flask-Admin 2.2.1 MongoEngine views of the console's
households and people, on the same collections, served the same way (gunicorn).

Nothing is customised beyond what a stock view needs to list the same pages: the same columns
(less the console's computed "Chức vụ hiện nay"), a `FilterEqual` on each field the console
filters on (a text box for the unit, where the console offers a list of units), search on the
name, 20 rows a page. No sign-in, no scope, no cursors: pages by number (skip), and a count.

    MONGODB_URI=... MONGODB_DB=... gunicorn 'bench.stock_app:create_app()'
"""

import os

from flask import Flask, redirect
from flask_admin import Admin
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.filters import FilterEqual, IntGreaterFilter, IntSmallerFilter
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel

from documents import Household, Person, database
from documents.constants import GENDERS, PERSON_CATEGORIES, POVERTY_STATUSES


class StockHouseholdView(ModelView):
    page_size = 20
    column_list = ["code", "head_name", "hamlet", "size", "poverty", "member_in_charge"]
    column_filters = [
        FilterEqual("ancestors", "Thuộc đơn vị"),
        FilterEqual("poverty", "Hộ nghèo", options=POVERTY_STATUSES),
        IntGreaterFilter("size", "Số nhân khẩu"),
        IntSmallerFilter("size", "Số nhân khẩu"),
    ]
    column_searchable_list = ["head_name"]


class StockPersonView(ModelView):
    page_size = 20
    column_list = ["full_name", "gender", "birth_year", "category", "unit", "party_organization"]
    column_filters = [
        FilterEqual("ancestors", "Thuộc đơn vị"),
        FilterEqual("category", "Đối tượng", options=PERSON_CATEGORIES),
        FilterEqual("gender", "Giới tính", options=GENDERS),
        IntGreaterFilter("birth_year", "Năm sinh"),
        IntSmallerFilter("birth_year", "Năm sinh"),
    ]
    column_searchable_list = ["full_name"]


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bench-stock")
    database.connect(os.environ["MONGODB_URI"], os.environ["MONGODB_DB"])
    Babel(app)  # Flask-Admin needs it initialised when Flask-Babel is installed
    admin = Admin(app, name="Stock", theme=Bootstrap4Theme(fluid=True))
    admin.add_view(StockHouseholdView(Household, endpoint="household"))
    admin.add_view(StockPersonView(Person, endpoint="person"))
    app.add_url_rule("/", "root", lambda: redirect("/admin/"))
    app.add_url_rule("/healthz", "healthz", lambda: "ok")
    return app
