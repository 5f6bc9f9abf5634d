"""Where a printed document's text falls: cells whose text runs out of their own column (over the
next cell, or off the page), read from WeasyPrint's layout of the finished HTML."""

from exports import official_document as printing
from exports.pdf import laid_out

# Text may touch its cell's padding edge by rounding, never cross it.
SLACK = 0.5


def overflowing_cells(document, day):
    """(page, cell text, how far it runs out, in CSS px) of every table cell of the draft of
    `document` printed on `day` whose text leaves the cell's content box."""
    finished = printing.html(document, printing.snapshot(document, day), day, draft=True)
    found = []
    for number, page in enumerate(laid_out(finished).pages, 1):
        for cell in page._page_box.descendants():
            if type(cell).__name__ != "TableCellBox":
                continue
            left = cell.content_box_x()
            right = left + cell.width
            texts = [box for box in cell.descendants() if type(box).__name__ == "TextBox"]
            out = max(
                [
                    0,
                    *(left - box.position_x for box in texts),
                    *(box.position_x + box.width - right for box in texts),
                ]
            )
            if out > SLACK:
                found.append((number, " ".join(box.text for box in texts), round(out, 1)))
    return found


def lines_of(document, day, *starts):
    """The top (CSS px, counted down the pages) of the first printed text of the draft of
    `document` on `day` that starts with each of `starts`: texts on one line share a top."""
    finished = printing.html(document, printing.snapshot(document, day), day, draft=True)
    tops, offset = {}, 0
    for page in laid_out(finished).pages:
        for box in page._page_box.descendants():
            if type(box).__name__ == "TextBox":
                for start in starts:
                    if start not in tops and box.text.startswith(start):
                        tops[start] = round(offset + box.position_y, 1)
        offset += page.height
    return [tops.get(start) for start in starts]
