"""The line above the inbox: what waits for a reply, who is on duty, and the clerk."""

from __future__ import annotations

from textual.widgets import Static

from tui.core.i18n import _, ngettext
from tui.core.report.counts import OpenNow


def header_text(
    counts: OpenNow, user: str, on_duty: tuple[str, ...] | None, follow_up_view: bool
) -> str:
    """The header's words; `on_duty` None when no duty roster is set up (or not yet read)."""
    if follow_up_view:
        return ngettext(
            "timedialog – TIL OPPFØLGING: {count} melding (o: hele innboksen) – {user}",
            "timedialog – TIL OPPFØLGING: {count} meldinger (o: hele innboksen) – {user}",
            counts.follow_up,
        ).format(count=counts.follow_up, user=user)
    header = _(
        "{open}, {overdue} forfalt (!!), {today} i dag (!), {follow_up} til oppfølging"
    ).format(
        open=ngettext("{count} åpen", "{count} åpne", counts.open).format(count=counts.open),
        overdue=counts.overdue,
        today=counts.due_today,
        follow_up=counts.follow_up,
    )
    if on_duty is not None:
        header += " – " + _("vakt: {names}").format(names=", ".join(on_duty) or _("ingen"))
    return header + f" – {user}"


class InboxHeader(Static):
    """The header line; an unchanged header is not sent to the terminal again.

    Its size is set by the style sheet (one line, the screen's width), so a new header
    repaints the line without a new layout of the screen: a live update in every session
    costs a line, not a frame.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("timedialog", id=id)
        self._shown = ""

    def show(
        self, counts: OpenNow, user: str, on_duty: tuple[str, ...] | None, follow_up_view: bool
    ) -> None:
        """Show the counts (the report's "open now", on the same clock) and who is on duty."""
        header = header_text(counts, user, on_duty, follow_up_view)
        if header != self._shown:
            self._shown = header
            self.update(header, layout=False)
