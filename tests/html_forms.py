"""Read a page's form as a browser would submit it, so a test can post it back untouched."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_class):
        super().__init__(convert_charrefs=True)
        self.form_class, self.inside, self.fields = form_class, False, []
        self._select = self._option = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_class in (attrs.get("class") or "").split()
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("y" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = attrs
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option" and self._option is not None:
            self._select[3].append(self._option.get("value", ""))
            if "selected" in self._option:
                self._select[2].append(self._option.get("value", ""))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, options = self._select
            # A single choice with none marked sends its first option, as a browser does.
            self.fields.extend((name, value) for value in (chosen if multiple else chosen[:1] or options[:1]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            self.fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


def form_fields(html, form_class="admin-form"):
    """The (name, value) pairs the form of `form_class` on the page would submit, in order."""
    reader = _FormReader(form_class)
    reader.feed(html)
    return reader.fields


def input_value(html, name):
    """The value the page shows in the input `name`."""
    return dict(form_fields(html)).get(name)
