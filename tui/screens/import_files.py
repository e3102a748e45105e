"""Import Helsenorge files from a path the clerk types, and show what became of each file."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from tui.core.helsenorge.importer import Importer, ImportReport
from tui.core.i18n import _
from tui.core.store.store import StoreError
from tui.core.workflow.inbox import Inbox
from tui.widgets.key_footer import KeyFooter


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder's entries (→ accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The first entry of the typed folder that starts with the typed name."""
        # A slow network share must not freeze the screen.
        return await asyncio.to_thread(complete_path, value)


def complete_path(value: str) -> str | None:
    """`value` completed to the first matching entry of its folder, or None."""
    if not value:
        return None
    typed = Path(value).expanduser()
    folder, prefix = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
    try:
        names = sorted(
            entry.name + (os.sep if entry.is_dir() else "")
            for entry in os.scandir(folder)
            if entry.name.startswith(prefix) and not entry.name.startswith(".")
        )
    except OSError:
        return None
    if not names or names[0] == prefix:
        return None
    return value + names[0][len(prefix) :]


class ImportScreen(ModalScreen[ImportReport | None]):
    """A path field and the per-file results; dismisses with the last report."""

    CSS_PATH = ["dialogs.tcss", "import_files.tcss"]

    BINDINGS = [Binding("escape", "close", _("Lukk"), id="import.close")]

    def __init__(self, inbox: Inbox, path: str = "", drop_folders: tuple[Path, ...] = ()) -> None:
        super().__init__()
        self.inbox = inbox
        self.path = path
        self.drop_folders = drop_folders
        self.report: ImportReport | None = None

    def compose(self) -> ComposeResult:
        """Title, path field, the watched drop folders, then the results."""
        with Vertical(id="import"):
            yield Label(
                _("Importer Helsenorge-meldinger (fil, mappe eller zip-arkiv)"), id="import-title"
            )
            yield Input(
                value=self.path,
                placeholder=_("sti til fil eller mappe"),
                suggester=PathSuggester(),
                id="import-path",
            )
            watched = (
                _("Slippmapper som importeres automatisk: {folders}").format(
                    folders=", ".join(str(folder) for folder in self.drop_folders)
                )
                if self.drop_folders
                else _("Ingen slippmappe er satt opp (drop_folder i konfigurasjonen).")
            )
            yield Static(
                Content(_("Enter importerer · → fullfører stien · Esc lukker") + "\n" + watched),
                id="import-hint",
            )
            with VerticalScroll(id="import-results"):
                yield Static(id="import-results-body")
        yield KeyFooter()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.query_one("#import-results-body", Static).update(
                Content(_("Skriv stien til en fil eller en mappe."))
            )
            return
        self.query_one("#import-results-body", Static).update(Content(_("Importerer …")))
        self.run_import(Path(value).expanduser())

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        """Import in a thread: reading files and writing the database block."""
        try:
            report = Importer(self.inbox).import_paths([path])
        except StoreError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self.show_report, report)

    def _show_error(self, error: str) -> None:
        self.query_one("#import-results-body", Static).update(Content(error))
        self.notify(error, severity="error", timeout=30)

    def show_report(self, report: ImportReport) -> None:
        """Every file's outcome, then the totals; a notice with the totals, too."""
        self.report = report
        body = self.query_one("#import-results-body", Static)
        if report.nothing_to_import:
            lines = report.lines() if report.results else []
            lines.append(report.nothing_line())
            body.update(Content("\n".join(lines)))
            return
        body.update(Content("\n".join(report.lines())))
        self.notify(
            report.summary(),
            title=_("Import"),
            severity="warning" if report.any_rejected else "information",
        )

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(self.report)
