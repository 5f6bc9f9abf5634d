"""Custom WTForms fields of the console, and the converter that puts them in every registry form."""

from flask_admin.contrib.mongoengine.form import CustomModelConverter
from wtforms import Field
from wtforms.widgets import TextInput

from documents.form_definition import read_day

DAY_PLACEHOLDER = "dd/mm/yyyy"


class DayField(Field):
    """A date typed and shown as dd/mm/yyyy whatever the browser's language (<input type=date> is not)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {
            "placeholder": DAY_PLACEHOLDER,
            "autocomplete": "off",
            "maxlength": 10,
            **(kwargs.pop("render_kw", None) or {}),
        }
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        self.data = None
        if typed:
            try:
                self.data = read_day(typed).date()
            except ValueError as exc:
                raise ValueError(str(exc)) from None


class ConsoleModelConverter(CustomModelConverter):
    """Flask-Admin's MongoEngine form converter, with every date field a `DayField`."""

    def conv_Date(self, model, field, kwargs):  # noqa: N802 - Flask-Admin's name
        return DayField(**kwargs)
