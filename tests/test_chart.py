import datetime
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from exports import chart
from exports.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
OUT = Path(__file__).parent.parent / "var" / "charts"
day = datetime.date
NASTY = '<script>x</script> & "Hợp Thành"'


def examples():
    return {
        "bars": chart.bars(
            [("Đang thực hiện", 7), ("Hoàn thành vượt mục tiêu", 11), ("Không hoàn thành", 0), (NASTY, 3)],
            title="Việc theo trạng thái",
            unit="việc",
        ),
        "line": chart.line(
            [(day(2020, 12, 31), 50), (day(2021, 6, 30), 70.5), (day(2021, 12, 31), 87)],
            title="Tuyển dụng",
            unit="%",
            target=100,
        ),
        "share": chart.share(21320, 21320, "Hộ đã cập nhật", unit="hộ"),
        "empty": chart.bars([], title="Việc theo trạng thái"),
    }


def parse(svg):
    root = ET.fromstring(str(svg))
    assert root.tag == SVG + "svg"
    return root


def texts(svg):
    root = svg if isinstance(svg, ET.Element) else parse(svg)
    return [element.text for element in root.iter(SVG + "text")]


@pytest.mark.parametrize("name", ["bars", "line", "share", "empty"])
def test_chart_is_plain_svg_the_csp_allows(name):
    svg = examples()[name]
    assert isinstance(svg, Markup)
    root = parse(svg)
    width, height = root.get("width"), root.get("height")
    assert width and height and root.get("viewBox") == f"0 0 {width} {height}"
    assert "Liberation Serif" in root.get("font-family")
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in ("script", "style", "foreignObject", "image", "use")
        for attribute, value in element.attrib.items():
            assert attribute != "style" and not attribute.lower().startswith("on")
            if attribute.endswith("href"):
                assert value.startswith("/") and not value.startswith("//")
    assert not re.search(r"\sstyle=", svg) and "<style" not in svg and "<script" not in svg
    assert "url(" not in svg


def test_chart_same_input_same_bytes():
    assert examples() == examples()


def test_chart_labels_escaped():
    svg = examples()["bars"]
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg
    assert any(NASTY in text for text in texts(svg))  # read back as the user typed it


def test_chart_bars_values_printed_vietnamese_way():
    shown = texts(chart.bars([("Hộ", 21320), ("Diện tích", 73.8), ("Trống", 0)], unit="ha"))
    assert "21.320 ha" in shown and "73,8 ha" in shown and "0 ha" in shown
    assert "21.320/21.320 hộ · 100%" in texts(examples()["share"])
    assert "50/200 hộ · 25%" in texts(chart.share(50, 200, "Hộ", unit="hộ"))
    assert "87%" in texts(examples()["line"]) and "Mục tiêu: 100%" in texts(examples()["line"])


def test_chart_bars_scale_to_largest_and_zero_draws_no_bar():
    root = parse(chart.bars([("A", 10), ("B", 5), ("C", 0)]))
    widths = [float(rect.get("width")) for rect in root.iter(SVG + "rect")]
    assert len(widths) == 2 and widths[1] == pytest.approx(widths[0] / 2, abs=0.1)
    all_zero = parse(chart.bars([("A", 0), ("B", 0)]))
    assert not list(all_zero.iter(SVG + "rect")) and texts(all_zero).count("0") == 2


def test_chart_long_label_cut_but_kept_whole_in_its_title():
    label = "Trồng rừng tập trung " * 6
    root = parse(chart.bars([(label, 1)]))
    shown = [text for text in texts(root) if text.startswith("Trồng")]
    assert shown[0].endswith("…") and len(shown[0]) < len(label)
    assert any(label in (title.text or "") for title in root.iter(SVG + "title"))


def test_chart_bar_links_only_to_console_pages():
    root = parse(chart.bars([("Hoàn thành", 11, "/admin/task/?state=done&unit=1")]))
    assert [a.get("href") for a in root.iter(SVG + "a")] == ["/admin/task/?state=done&unit=1"]
    for address in ("javascript:alert(1)", "https://example.org/", "//example.org/x", "data:text/html,x"):
        with pytest.raises(ValueError):
            chart.bars([("Hoàn thành", 11, address)])


@pytest.mark.parametrize(
    "svg",
    [chart.bars([]), chart.line([]), chart.line([(day(2024, 1, 1), None)]), chart.share(0, 0, "Hộ")],
)
def test_chart_empty_says_no_figures(svg):
    assert texts(svg)[-1] == "Chưa có số liệu"
    assert not list(parse(svg).iter(SVG + "polyline"))


def test_chart_line_one_point_and_dates():
    one = chart.line([(datetime.datetime(2021, 12, 31, 8, 30), 87)], unit="%")
    root = parse(one)
    assert "31/12/2021" in texts(one) and "87%" in texts(one)
    assert len(list(root.iter(SVG + "circle"))) == 1 and not list(root.iter(SVG + "polyline"))
    monthly = chart.line([(day(2024, month, 1), month) for month in (1, 2, 3)])
    assert "01/2024" in texts(monthly) and "03/2024" in texts(monthly)


def test_chart_line_in_date_order_spaced_by_time():
    points = [(day(2021, 12, 31), 87), (day(2020, 12, 31), 50), (day(2021, 1, 31), 60)]
    root = parse(chart.line(points))
    xs = [float(circle.get("cx")) for circle in root.iter(SVG + "circle")]
    ys = [float(circle.get("cy")) for circle in root.iter(SVG + "circle")]
    assert xs == sorted(xs) and ys[0] > ys[1] > ys[2]  # higher values drawn higher
    assert (xs[1] - xs[0]) < (xs[2] - xs[1]) / 5  # a month apart, then eleven months


def test_chart_line_target_below_and_above_values():
    for target in (0, 40, 630):
        root = parse(chart.line([(day(2024, 1, 1), 73.8), (day(2024, 6, 1), 120)], target=target))
        dashed = [line for line in root.iter(SVG + "line") if line.get("stroke-dasharray")]
        assert len(dashed) == 1
        top = min(float(line.get("y1")) for line in root.iter(SVG + "line"))
        bottom = max(float(line.get("y1")) for line in root.iter(SVG + "line"))
        assert top <= float(dashed[0].get("y1")) <= bottom


def test_chart_ticks_round_and_vietnamese():
    shown = texts(chart.line([(day(2024, 1, 1), 0.1), (day(2024, 2, 1), 0.3)]))
    assert "0,1" in shown and "0,3" in shown and not any("0000" in text for text in shown)


def page(charts):
    body = "".join(f"<figure>{svg}</figure>" for svg in charts)
    csp = "default-src 'self'; script-src 'self'; style-src 'self'"  # the console's, for a browser's look
    head = f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp}">'
    head += "<title>Biểu đồ</title>"
    return f'<!doctype html><html lang="vi"><head>{head}</head><body>{body}</body></html>'


def test_chart_printed_in_pdf_keeps_its_text():
    """WeasyPrint draws the inline SVG, text as text: the PDF reads back the labels and figures."""
    charts = examples()
    pdf = render_pdf(page(charts.values()))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "charts.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", OUT / "charts.pdf"], capture_output=True, text=True, check=True)
    fonts = fonts.stdout
    assert "Liberation-Serif" in fonts and "DejaVu" not in fonts
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Việc theo trạng thái",
        "Hoàn thành vượt mục tiêu",
        "11 việc",
        NASTY,
        "31/12/2020",
        "Mục tiêu: 100%",
        "21.320/21.320 hộ · 100%",
        "Chưa có số liệu",
    ):
        assert expected in text
    subprocess.run(["pdftoppm", "-png", "-r", "100", OUT / "charts.pdf", OUT / "charts"], check=True)
    assert (OUT / "charts-1.png").stat().st_size > 5000
    (OUT / "charts.html").write_text(page(charts.values()), encoding="utf-8")
