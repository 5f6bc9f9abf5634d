"""Shared behaviour of registry documents: place in the unit tree, search terms, timestamps."""

import datetime

from mongoengine import DateTimeField, Document, ListField, ObjectIdField, StringField
from mongoengine.errors import ValidationError

from documents import text


def now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def field_error(field, message):
    """A ValidationError that names the form field it belongs to."""
    return ValidationError(message, errors={field: ValidationError(message, field_name=field)})


class RegistryDocument(Document):
    """A record that belongs somewhere in the unit tree.

    `ancestors` holds the ids of every unit above the record (root first, the record's own
    unit last), so "everything under this commune" is one lookup on its index.
    `search_terms` holds the folded words that search matches, `search_exact` the same
    words with their diacritics, to rank exact-accent matches first. `sort_name` orders the
    record's name as a Vietnamese dictionary does (`text.sort_key`).
    """

    ancestors = ListField(ObjectIdField(), verbose_name="Thuộc đơn vị")
    search_terms = ListField(StringField())
    search_exact = ListField(StringField())
    sort_name = StringField()
    created_at = DateTimeField(default=now, verbose_name="Tạo lúc")
    updated_at = DateTimeField(default=now, verbose_name="Sửa lúc")

    meta = {"abstract": True}

    def search_texts(self):
        """The texts that search should find this record by."""
        raise NotImplementedError

    def name_key(self):
        """The value lists sort this record's name by."""
        raise NotImplementedError

    def place_ancestors(self):
        """Ids of the units above this record, root first; overridden by each kind."""
        return []

    @classmethod
    def under_filter(cls, unit_id):
        """Raw filter for the records of this kind that belong under the unit `unit_id`."""
        return {"ancestors": unit_id}

    def stays_under(self, unit_id):
        """Whether this record, as it would be saved now, still belongs under `unit_id`."""
        return unit_id in self.place_ancestors()

    def clean(self):
        self.ancestors = self.place_ancestors()
        texts = [t for t in self.search_texts() if t]
        self.search_terms = text.search_terms(*texts)
        self.search_exact = text.exact_terms(*texts)
        self.sort_name = self.name_key()
        self.updated_at = now()

    def save(self, *args, **kwargs):
        moved = self.pk is not None and "parent" in self._get_changed_fields()
        result = super().save(*args, **kwargs)
        if moved:
            self.after_move()
        return result

    def after_move(self):
        """Called once a saved record has changed parent: kinds that are trees fix their paths."""

    @classmethod
    def registry_kinds(cls):
        """Every concrete registry document class."""
        kinds = []
        for sub in cls.__subclasses__():
            if not sub._meta.get("abstract"):
                kinds.append(sub)
            kinds.extend(sub.registry_kinds())
        return kinds


def unit_path(unit):
    """The ancestors of a record placed in `unit`: the unit's ancestors and the unit."""
    if unit is None:
        return []
    return [*unit.ancestors, unit.pk]


def rewrite_paths(document, field, pk, prefix):
    """In every `document` whose path `field` holds `pk`, replace what stands before `pk`.

    Used when a node of a tree moves: `prefix` is the node's new path, itself included.
    """
    position = {"$add": [{"$indexOfArray": [f"${field}", pk]}, 1]}
    tail = {"$slice": [f"${field}", position, {"$size": f"${field}"}]}
    document._get_collection().update_many(
        {field: pk}, [{"$set": {field: {"$concatArrays": [prefix, tail]}}}]
    )
