"""The `flask --app app documents` commands: `render` prints a draft of any kind to a PDF file,
from the data as it is now (`exports.official_document.preview`)."""

import click

from documents import text
from documents.cli import CommandError, ConsoleGroup
from documents.constants import DOCUMENT_KINDS, label
from exports import parameters
from exports.official_document import KINDS, new_draft, preview


@click.group("documents", cls=ConsoleGroup, help="Official documents.")
def documents_command():
    pass


def parameter_options(command):
    """The period options every domain document may take (`exports.parameters.TYPES`); `--date`
    is the printed date's own option."""
    for parameter in reversed([p for p in parameters.TYPES.values() if p.name != "date"]):
        command = click.option(parameter.option, parameter.name, help=parameter.help)(command)
    return command


@documents_command.command("render")
@click.argument(
    "kind", type=click.Choice(sorted(k for k, m in KINDS.items() if not getattr(m, "FROM_LIST", False)))
)
@click.option("--unit", "unit_code", required=True, help="Code of the unit the document is about.")
@click.option(
    "--body",
    "abbreviation",
    help="Issuing body: its abbreviation (HU, ĐU, UBND...), full name or id. Bodies numbering in one "
    'register share an abbreviation: name them ("Ban Thường vụ Huyện ủy Sơn Dương").',
)
@parameter_options
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date printed (default: today); for kinds that take a date, also the day the data is as of.",
)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
def render_command(kind, unit_code, abbreviation, day, out, **typed):
    """Print a draft of KIND (no number, marked DỰ THẢO) to a PDF file, from the data as it is now.
    A kind about a period needs its options: `--year` (and `--quarter`, `--month`, `--person`)."""
    from documents import IssuingBody, Unit

    unit = Unit.objects(code=unit_code).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã {unit_code}.")
    module = KINDS[kind]
    if day is not None:
        typed["date"] = day.date().isoformat()
    unused = [
        parameters.TYPES[name].option
        for name, value in typed.items()
        if value is not None and name != "date" and name not in parameters.taken(module)
    ]
    if unused:
        raise CommandError(f"{label(DOCUMENT_KINDS, kind)} không dùng tùy chọn {', '.join(unused)}.")
    try:
        values = parameters.read(module, typed, unit)
    except parameters.ParameterError as exc:
        options = {name: parameters.TYPES[name].option for name in exc.errors}
        raise CommandError(" ".join(f"{options[n]}: {m}" for n, m in exc.errors.items())) from None
    usable = list(IssuingBody.objects(unit__in=[unit.pk, *unit.ancestors]))  # at the unit or above it
    found = bodies_named(usable, abbreviation) if abbreviation else usable
    if len(found) != 1:
        shared = f"«{abbreviation}» ứng với {len(found)} cơ quan. " if abbreviation and found else ""
        names = ", ".join(f"«{b.name}» ({b.abbreviation}, mã {b.pk})" for b in found or usable) or "không có"
        raise CommandError(
            f"{shared}Hãy chọn một cơ quan ban hành bằng --body (ký hiệu, tên đầy đủ hoặc mã); "
            f"cơ quan có thể dùng: {names}."
        )
    document = new_draft(kind, found[0], unit, parameters=values)
    data = preview(document, day.date() if day else None)
    with open(out, "wb") as file:
        file.write(data)
    size = text.figure(len(data))
    click.echo(f"Đã in dự thảo {document.type_name.lower()} {document.summary} vào {out} ({size} byte).")


def bodies_named(bodies, wanted):
    """Those of `bodies` that `--body WANTED` names: the one of that id, else those of that full
    name, else of that abbreviation (bodies numbering in one register, such as Ban Thường vụ Huyện
    ủy and Huyện ủy, share theirs); spaces tidied, in any case."""
    wanted = " ".join(wanted.split())
    for field in ("id", "name", "abbreviation"):
        found = [b for b in bodies if " ".join(str(b[field]).split()).casefold() == wanted.casefold()]
        if found:
            return found
    return []
