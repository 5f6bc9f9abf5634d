"""The parameters of a draft on the register's form (the period and person a domain document is
about, `exports.parameters`): an input for each, shown by official_document.js for the kinds that
take it, read into the draft's `parameters` and refused at the input."""

from flask_admin.model.fields import AjaxSelectField
from mongoengine.errors import ValidationError
from wtforms import SelectField, StringField

from admin.base import SearchLoader
from documents.person import Person
from exports import official_document as printing
from exports import parameters


class ParameterText(StringField):
    """A document's parameter typed on the draft form: read into `parameters` (`read_into`), never
    set on the document as an attribute of its own."""

    def populate_obj(self, obj, name):
        pass


class ParameterChoice(SelectField):
    """A document's parameter chosen from a short list («Kỳ báo cáo»), kept like the typed ones and
    checked as they are (`exports.parameters`), so a form posted without it means "left out"."""

    def populate_obj(self, obj, name):
        pass


class ParameterPerson(AjaxSelectField):
    """The person a document is about, searched among those the account sees (one out of its
    scope is refused like an unknown id), kept in `parameters` like the other parameters."""

    def populate_obj(self, obj, name):
        pass


PERSON_PICKER = SearchLoader("person", Person)
PARAMETER_FIELDS = {
    name: (
        ParameterPerson(PERSON_PICKER, p.label, allow_blank=True)
        if name == "person"
        else ParameterChoice(p.label, choices=list(p.choices), default="", validate_choice=False)
        if p.choices
        else ParameterText(p.label, render_kw={"placeholder": p.placeholder, "autocomplete": "off"})
    )
    for name, p in parameters.TYPES.items()
}
# The parameters each kind takes, read by official_document.js to show their inputs.
KIND_PARAMETERS = {
    kind: {"required": parameters.required(module), "optional": parameters.optional(module)}
    for kind, module in printing.KINDS.items()
    if parameters.taken(module)
}


def described(view, context, model, name):
    """The draft's parameters on its page: "Năm: 2026; Cán bộ: Hoàng Văn Tâm"."""
    return "; ".join(f"{label}: {value}" for label, value in parameters.described(model.parameters))


def fill(form, model):
    """The inputs of an edit form from the draft's stored parameters, as they are typed."""
    for name, value in parameters.stored(model.parameters).items():
        if name == "person":
            form[name].data = Person.objects(pk=value).first()
        else:
            form[name].data = parameters.as_typed(name, value)


def read_into(form, model):
    """The kind's parameters from the form into `parameters` (which keeps a kind's own values,
    such as a printed list's table); a wrong one is a ValidationError at its input."""
    typed = {name: form[name].data for name in PARAMETER_FIELDS}
    typed["person"] = str(typed["person"].pk) if typed["person"] is not None else None
    try:
        values = parameters.read(printing.KINDS[model.kind], typed, model.unit)
    except parameters.ParameterError as exc:
        errors = {name: ValidationError(message) for name, message in exc.errors.items()}
        raise ValidationError(str(exc), errors=errors) from None
    kept = {k: v for k, v in (model.parameters or {}).items() if k not in parameters.TYPES}
    model.parameters = {**kept, **values}
