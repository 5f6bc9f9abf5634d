"""The one place WeasyPrint is called: finished HTML in, PDF bytes out.

Documents name their style sheets and fonts as `console:styles/<file>.css` and
`console:fonts/<file>.ttf`. The fetcher serves those from two fixed folders and refuses every
other address (`file:`, `http:`, `data:`...), so nothing a user typed can make the printer read a
file or call a server, even if it slipped past the templates' escaping.
"""

from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from documents.memory import collector_paused

SCHEME = "console:"
STYLES = Path(__file__).parent / "styles"
# Debian's fonts-liberation2: Times New Roman's metrics and every Vietnamese letter (the older
# fonts-liberation lacks ơ, ư and U+1EA0–U+1EF9). `make font-package` installs it.
FONTS = Path("/usr/share/fonts/truetype/liberation2")
FOLDERS = {"styles": (STYLES, ".css", "text/css"), "fonts": (FONTS, ".ttf", "font/ttf")}


class RefusedAddress(ValueError):
    """The document asked for something that is not one of the console's styles or fonts."""


class ConsoleFetcher(URLFetcher):
    """Serves `console:styles/...` and `console:fonts/...` and nothing else; remembers refusals."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.refused = []

    def fetch(self, url, headers=None):
        try:
            return self._serve(url)
        except RefusedAddress:
            self.refused.append(url)
            raise

    def _serve(self, url):
        if not url.startswith(SCHEME):
            raise RefusedAddress(f"Văn bản chỉ được dùng kiểu chữ và định dạng của hệ thống: {url[:80]}")
        folder, _, name = url[len(SCHEME) :].partition("/")
        if folder not in FOLDERS or "/" in name or "\\" in name or name.startswith("."):
            raise RefusedAddress(f"Không có tài nguyên này: {url[:80]}")
        directory, suffix, content_type = FOLDERS[folder]
        path = directory / name
        if path.suffix != suffix or not path.is_file():
            raise RefusedAddress(f"Không có tài nguyên này: {url[:80]}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html, fetcher=None):
    """Print the finished HTML of an official document; `fetcher` is given by tests to see refusals."""
    with collector_paused():
        return _html(html, fetcher).write_pdf()


def render_part(html, last, fetcher=None):
    """Print one part of a long document: (PDF bytes, pages, first row left out).

    WeasyPrint keeps every page's layout until the PDF is written, so a table of thousands of rows
    is printed a few hundred rows at a time. A part that is not the `last` leaves out its final
    page when that page holds table rows (`<tr data-row="N">`) and the page before it does too:
    the next part starts again from the first of those rows, so pages stay full exactly as a
    single print would fill them.
    """
    with collector_paused():
        document = _html(html, fetcher).render()
        pages, resume = document.pages, None
        if not last and len(pages) > 1:
            rows = _rows_on(pages[-1])
            if rows and _rows_on(pages[-2]):
                resume, pages = min(rows), pages[:-1]
        return document.copy(pages).write_pdf(), len(pages), resume


def laid_out(html, fetcher=None):
    """The pages as WeasyPrint lays them out (its `Document`), for checks of where boxes fall."""
    with collector_paused():
        return _html(html, fetcher).render()


def _html(html, fetcher):
    return HTML(string=html, base_url=SCHEME, url_fetcher=fetcher or ConsoleFetcher())


def _rows_on(page):
    """The numbers of the table rows printed on `page` (`data-row` of their `<tr>`)."""
    return {
        int(box.element.get("data-row"))
        for box in page._page_box.descendants()
        if box.element_tag == "tr" and box.element is not None and box.element.get("data-row") is not None
    }
