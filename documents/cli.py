"""The command line's refusals in Vietnamese: "Lỗi: ..." where click says "Error: ..."."""

import re

import click

# click's own messages for wrong usage, as the console says them; others are shown as they are.
USAGE_MESSAGES = (
    (r"No such option:? '?([^'\s]+)'?", "không có tùy chọn {0}"),
    (r"No such command '(.+?)'", "không có lệnh {0}"),
    (r"Missing argument '(.+?)'", "thiếu tham số {0}"),
    (r"Missing option '(.+?)'", "thiếu tùy chọn {0}"),
    (r"Option '(.+?)' requires an argument", "tùy chọn {0} cần một giá trị"),
    (r"Invalid value for '(.+?)': (.+?)\.?$", "giá trị của {0} không hợp lệ ({1})"),
    (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số: {0}"),
)


class CommandError(click.ClickException):
    """A command's refusal, printed as "Lỗi: ..." (click prints "Error: ...")."""

    def show(self, file=None):
        click.echo(f"Lỗi: {self.format_message()}", file=file, err=file is None)


def usage_error(exc, command_path):
    """A CommandError saying what was wrong with how the command was written, and where help is."""
    message = exc.format_message()
    for pattern, vietnamese in USAGE_MESSAGES:
        match = re.match(pattern, message, re.S)
        if match:
            message = vietnamese.format(*match.groups())
            break
    message = message.rstrip(". ")
    error = CommandError(f"{message[:1].upper()}{message[1:]}. Xem cách dùng: {command_path} --help")
    error.exit_code = exc.exit_code
    return error


class ConsoleCommand(click.Command):
    """A command whose wrong usage (an unknown option, a missing value) is said in Vietnamese."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            path = f"{parent.command_path} {info_name}" if parent else info_name
            raise usage_error(exc, path) from exc


class ConsoleGroup(ConsoleCommand, click.Group):
    """A group of commands (`users`, `documents`) whose commands and own usage say so in Vietnamese."""

    command_class = ConsoleCommand

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise usage_error(exc, ctx.command_path) from exc
