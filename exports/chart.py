"""Charts drawn as SVG on the server, so that the same chart shows on a console page and in a PDF.

Each function returns a `Markup` string holding one `<svg>` element with its width, height and
viewBox in px. Put it in a page or a document template as it is (`{{ chart }}`): the browser draws
it inline, and WeasyPrint (`exports.pdf.render_pdf`) prints the same markup, text kept as text.

    from exports import chart
    chart.bars([("Đang thực hiện", 7), ("Hoàn thành", 11)], title="Việc theo trạng thái", unit="việc")
    chart.line([(date(2020, 12, 31), 50), (date(2021, 12, 31), 87)], unit="%", target=100)
    chart.share(21320, 21320, "Hộ đã cập nhật", unit="hộ")

A bar may carry a link to the records behind it, as a third item: `("Hoàn thành", 11, "/admin/...")`
(a path on the console only). Numbers are printed the Vietnamese way (`documents.text.figure`:
21.320, 87,5) with every digit they have: round them before. An empty series, or a share of
nothing, draws a frame that says «Chưa có số liệu».

The markup is safe to put inline under the console's Content-Security-Policy: every label is
escaped (templates/charts/*.svg, autoescaped), colours and sizes are presentation attributes (no
`style` attribute or element), and there are no scripts, event handlers or outside references.
The same input always gives the same bytes. Text is in Liberation Serif, the PDFs' font; labels
too wide for their column are cut with «…» (widths measured from the font file itself).
"""

import datetime
import functools
from decimal import Decimal
from pathlib import Path

from fontTools.ttLib import TTFont
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from documents.text import figure
from exports.pdf import FONTS

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

WIDTH = 480
FONT_SIZE = 12
TITLE_SIZE = 13
PAD = 8
TITLE_HEIGHT = 22
EMPTY = "Chưa có số liệu"
# Names without quotes or spaces around the commas: WeasyPrint's SVG text splits the list on commas
# and strips quotes only from the very ends of each name, so "'Liberation Serif', serif" fell back
# to DejaVu. fontconfig gives fonts-liberation2 (every Vietnamese letter) for this name.
FONT = "Liberation Serif,Times New Roman,serif"
ELLIPSIS = "…"


def bars(series, title=None, unit=None, width=WIDTH):
    """Horizontal bars of `series`, [(label, value)] or [(label, value, href)], in the given order,
    each value printed at the end of its bar (with `unit`). Negative values draw no bar."""
    rows = [_bar_row(item, unit) for item in series]
    if not rows:
        return _empty(title, width)
    top = PAD + (TITLE_HEIGHT if title else 0)
    row_height, bar_height = 22, 14
    label_width = min(max(_width(row["label"]) for row in rows), width * 0.4)
    value_width = max(_width(row["text"]) for row in rows)
    x0 = PAD + label_width + 8
    length = max(width - x0 - value_width - 6 - PAD, 10)
    largest = max(max(row["value"] for row in rows), 0)
    for index, row in enumerate(rows):
        share = float(row["value"] / largest) if largest > 0 and row["value"] > 0 else 0
        row["y"] = top + index * row_height
        row["bar_y"] = row["y"] + (row_height - bar_height) / 2
        row["bar_width"] = max(share * length, 1) if share else 0
        row["text_y"] = _baseline(row["y"] + row_height / 2)
        row["shown"] = _cut(row["label"], label_width)
    height = top + len(rows) * row_height + PAD
    return _render(
        "charts/bars.svg",
        title=title,
        width=width,
        height=height,
        rows=rows,
        x0=x0,
        bar_height=bar_height,
        axis_top=top,
        axis_bottom=top + len(rows) * row_height,
    )


def line(points, title=None, unit=None, target=None, width=WIDTH, height=200):
    """A line through dated values [(date, value)], in date order and spaced by time, with an
    optional dashed line at `target`. Dates read mm/yyyy when every one is the first of a month,
    dd/mm/yyyy otherwise. Points without a value (None) are left out."""
    points = sorted((_day(when), Decimal(str(value))) for when, value in points if value is not None)
    if not points:
        return _empty(title, width)
    target = None if target is None else Decimal(str(target))
    values = [value for _, value in points] + ([target] if target is not None else [])
    ticks = _ticks(min(min(values), 0), max(values))
    top = PAD + (TITLE_HEIGHT if title else 0) + FONT_SIZE
    bottom = height - PAD - FONT_SIZE - 6
    left = PAD + max(_width(figure(tick)) for tick in ticks) + 6
    right = width - PAD
    low, high = ticks[0], ticks[-1]

    def y_of(value):
        return bottom - float((value - low) / (high - low)) * (bottom - top)

    monthly = all(when.day == 1 for when, _ in points)
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    inner = 24  # room for a date label at either end

    def x_of(when):
        if first == last:
            return (left + right) / 2
        return left + inner + (when.toordinal() - first) / (last - first) * (right - left - 2 * inner)

    dots = []
    for when, value in points:
        text = _with_unit(figure(value), unit if when == points[-1][0] else None)
        dots.append({"x": x_of(when), "y": y_of(value), "value": text, "date": _date_text(when, monthly)})
    _show_spaced(dots, "date", left, width - PAD, keep_last=True)
    _show_spaced(dots, "value", left, width - PAD, keep_last=True)
    grid = [{"y": y_of(tick), "text_y": _baseline(y_of(tick)), "text": figure(tick)} for tick in ticks]
    target_line = None
    if target is not None:
        label = "Mục tiêu: " + _with_unit(figure(target), unit)
        target_line = {"y": y_of(target), "label": label}
    for dot in dots:  # a value above its point, or below it when the target line runs through it
        above = dot["y"] - 8
        crossed = target_line and above - FONT_SIZE <= target_line["y"] <= above + 2
        dot["value_y"] = dot["y"] + 8 + FONT_SIZE if crossed and dot["y"] + 20 < bottom else above
    return _render(
        "charts/line.svg",
        title=title,
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        grid=grid,
        dots=dots,
        path=" ".join(f"{_px(dot['x'])},{_px(dot['y'])}" for dot in dots),
        target=target_line,
        date_y=bottom + FONT_SIZE + 4,
    )


def share(done, total, label=None, unit=None, width=WIDTH):
    """A progress bar: `done` out of `total` («21.320/21.320 hộ · 100%»), with `label` above it on
    the left. More than the total fills the bar and says so in percent (105%)."""
    if not total or total <= 0:
        return _empty(label, width)
    percent = (Decimal(str(done)) * 100 / Decimal(str(total))).quantize(Decimal("0.1"))
    figures = _with_unit(f"{figure(done)}/{figure(total)}", unit) + f" · {figure(percent)}%"
    bar_width = width - 2 * PAD
    filled = min(max(float(done) / float(total), 0), 1) * bar_width
    text_y = _baseline(PAD + 8)
    return _render(
        "charts/share.svg",
        title=None,
        width=width,
        height=PAD + 16 + 4 + 14 + PAD,
        label=_cut(label, bar_width - _width(figures) - 12) if label else None,
        full_label=label,
        figures=figures,
        text_y=text_y,
        bar_y=PAD + 20,
        bar_width=bar_width,
        filled=filled,
    )


def _render(template, **context):
    context.setdefault("aria", context.get("full_label") or context.get("title") or "Biểu đồ")
    svg = TEMPLATES.get_template(template).render(
        font=FONT,
        font_size=FONT_SIZE,
        title_size=TITLE_SIZE,
        pad=PAD,
        title_y=_baseline(PAD + TITLE_HEIGHT / 2 - 3, TITLE_SIZE),
        px=_px,
        **context,
    )
    return Markup(svg.strip())


def _empty(title, width):
    height = PAD + (TITLE_HEIGHT if title else 0) + 32 + PAD
    return _render(
        "charts/empty.svg",
        title=title,
        width=width,
        height=height,
        message=EMPTY,
        box_y=height - PAD - 32,
        text_y=_baseline(height - PAD - 16),
    )


def _bar_row(item, unit):
    label, value, *rest = item
    href = rest[0] if rest else None
    if href is not None and not (str(href).startswith("/") and not str(href).startswith(("//", "/\\"))):
        raise ValueError(f"Liên kết của biểu đồ phải là một trang của hệ thống: {str(href)[:80]}")
    value = Decimal(str(value if value is not None else 0))
    return {"label": str(label), "value": value, "text": _with_unit(figure(value), unit), "href": href}


def _ticks(low, high, count=4):
    """Round grid values from at most `low` to at least `high`, about `count` steps."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(magnitude * m for m in (1, 2, 5, 10) if magnitude * m >= raw)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [start]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return [tick.normalize() if tick else Decimal(0) for tick in ticks]


def _show_spaced(dots, key, left, right, keep_last):
    """Keep `dots[i][key]` only where its text does not run into one already kept (the last first,
    then from the left); every text is held inside [left, right]."""
    kept = []

    def place(dot):
        half = _width(dot[key]) / 2
        x = min(max(dot["x"], left + half), right - half)
        span = (x - half - 4, x + half + 4)
        if any(span[0] < other[1] and other[0] < span[1] for other in kept):
            return False
        kept.append(span)
        dot[key + "_x"] = x
        return True

    order = ([dots[-1]] if keep_last else []) + dots[: len(dots) - (1 if keep_last else 0)]
    for dot in order:
        if not place(dot):
            dot[key] = None


def _with_unit(text, unit):
    """«87%», «21.320 hộ»: a per cent sign is written against the number, other units after a space."""
    if not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


def _date_text(day, monthly):
    return day.strftime("%m/%Y") if monthly else day.strftime("%d/%m/%Y")


def _day(when):
    return when.date() if isinstance(when, datetime.datetime) else when


def _baseline(middle, size=FONT_SIZE):
    """The baseline that centres a line of text of `size` on `middle` (no dominant-baseline: not
    every renderer honours it)."""
    return middle + size * 0.35


def _px(number):
    """A coordinate written the same way every time: one decimal, none when whole."""
    text = f"{float(number):.1f}"
    return text[:-2] if text.endswith(".0") else text


@functools.cache
def _advances():
    """Liberation Serif's advance widths, per character, in em."""
    with TTFont(FONTS / "LiberationSerif-Regular.ttf") as font:
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}


def _width(text, size=FONT_SIZE):
    """The width in px of `text` printed in Liberation Serif at `size`."""
    advances = _advances()
    return sum(advances.get(ord(char), 0.5) for char in text) * size


def _cut(text, room, size=FONT_SIZE):
    """`text`, cut with «…» to fit in `room` px."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + ELLIPSIS, size) > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS
