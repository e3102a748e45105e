"""Crash output without patient data: where it went wrong, never what the data was.

A programming error's report is read by the clerk and pasted to IT, so it must not carry a
patient's name, fødselsnummer or words. Rich's tracebacks (which Textual prints when an app
crashes) show every frame's local variables, and an exception's own text may quote the value
it choked on. The report here keeps the frames (file, line, function and the source line,
which is code) and the exception's type, and leaves out the locals and the exception's text,
its notes and the text of a syntax error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.text import Text
from rich.traceback import Trace, Traceback

from tui.core.i18n import _

if TYPE_CHECKING:
    from rich.console import RenderableType


def hidden_text() -> str:
    """What stands where the exception's text was."""
    return _("(feilteksten er skjult: den kan inneholde pasientopplysninger)")


def crash_header() -> str:
    """The clerk's explanation above the report."""
    return _(
        "timedialog stoppet på grunn av en programfeil. Endringer som var lagret, er i behold. "
        "Send gjerne utskriften under til IT: den viser hvor feilen skjedde, men ingen "
        "pasientopplysninger."
    )


def _redact(trace: Trace) -> None:
    for stack in trace.stacks:
        stack.exc_value = hidden_text() if stack.exc_value else ""
        stack.notes = []
        if stack.syntax_error is not None:
            stack.syntax_error.msg = hidden_text()
            stack.syntax_error.line = ""
        for frame in stack.frames:
            frame.locals = None
        for group_member in stack.exceptions:
            _redact(group_member)


def crash_traceback(error: BaseException) -> Traceback:
    """Rich's traceback of `error` (and its causes) without locals and without any texts."""
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    _redact(trace)
    return Traceback(trace, show_locals=False, width=None)


def crash_report(error: BaseException) -> RenderableType:
    """The header and the redacted traceback, ready to print."""
    return Group(Text(crash_header(), style="bold"), crash_traceback(error))


def print_crash_report(error: BaseException, console: Console | None = None) -> None:
    """Print the report on standard error (or `console`)."""
    (console or Console(stderr=True)).print(crash_report(error))
