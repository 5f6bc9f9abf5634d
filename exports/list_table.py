"""A list view printed as an official table: the rows were taken from the list, as its user saw
it, when the draft was made (`admin.printed_list`); the document prints them as a stand-alone
list (Danh sách) or as an annex (Phụ lục) under a short covering text."""

DOCUMENT_TYPE = "DS"
# Made from a list in the console (its rows come with the draft), not from the command line.
FROM_LIST = True
TEMPLATE = "documents/list_table.html"
# More columns than this print on landscape pages.
PORTRAIT_COLUMNS = 6


def summary(unit, document_type, parameters=None):
    return f"Danh sách {unit}"


def rows(document):
    """The rows the table prints: those kept with the draft."""
    return len((document.parameters or {}).get("table", {}).get("rows", []))


def gather(document, as_of):
    parameters = document.parameters
    table = parameters["table"]
    title = parameters["title"]
    heading = title if title.lower().startswith("danh sách") else f"Danh sách {title}"
    return {
        "layout": parameters["layout"],
        "title": title,
        "heading": heading[:1].upper() + heading[1:],
        "filters": parameters.get("filters") or "",
        "wide": len(table["columns"]) > PORTRAIT_COLUMNS,
        "table": table,
    }
