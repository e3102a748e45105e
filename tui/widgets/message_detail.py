"""The detail pane: everything about the selected message a clerk needs to answer it.

Above the message, a red worded banner when its words suggest urgency (a hint for the clerk,
never an automatic reply); below the facts, the fee rule's verdict with its arithmetic for
cancellations, and the follow-up checklist once the reply is sent.

The fødselsnummer shows masked (birth date and `*****`). `f` asks the screen to record the
showing in the message's history (who and when; `RevealRequested`); once recorded, the screen
gives the pane the whole number (`show_number`), which it shows for `REVEAL_SECONDS`, or until
another message is shown or the pane loses focus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message as TextualMessage
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui.core.history import history_line
from tui.core.i18n import _
from tui.core.labels import (
    category_label,
    category_reason_label,
    date_time,
    long_date,
    status_label,
    unsure_label,
)
from tui.core.model import Message, Status, mask_national_id
from tui.core.patient_data import erased_at
from tui.core.rules.fee import FeeOutcome, FeeVerdict
from tui.core.rules.urgent import UrgentHint
from tui.core.workflow.inbox import Inbox, Urgency, deadline_label
from tui.widgets.line_count import set_line_count

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.core.texts.library import TextLibrary


@dataclass(frozen=True)
class DetailView:
    """What the pane shows beside the message itself."""

    message: Message
    urgency: Urgency
    working_days_left: int | None
    """None until the holiday calendar has loaded."""
    department_name: str
    reply_title: str
    reply_reason: str = ""
    """Why this reply is suggested ("avbestilt for sent ...")."""
    urgent: UrgentHint = field(default_factory=UrgentHint)
    fee: FeeVerdict | None = None
    forwarded_from_name: str = ""
    """The name of the department the message was forwarded from."""
    on_duty: tuple[str, ...] = ()
    """Who follows the shared inbox today (the duty roster)."""

    @classmethod
    def of(
        cls, inbox: Inbox, library: TextLibrary, message: Message, on_duty: tuple[str, ...] = ()
    ) -> DetailView:
        """What the pane shows for `message`, from the clerk's inbox and the standard texts."""
        # The fee rule counts holidays: until the calendar has loaded (a worker does it after
        # the first paint), the verdict waits, like the working days left.
        loaded = inbox.calendar.is_loaded
        suggestion = inbox.suggested_reply(message) if loaded else None
        category = suggestion.category if suggestion else None
        template = library.suggested(message, inbox.clock().date(), category)
        forwarded = message.forwarded_from
        return cls(
            message=message,
            urgency=inbox.urgency(message),
            working_days_left=inbox.working_days_left(message) if loaded else None,
            department_name=inbox.config.department_name(message.department),
            reply_title=template.title if template else "",
            reply_reason=suggestion.reason if suggestion else "",
            urgent=inbox.urgent_hint(message),
            fee=inbox.fee_verdict(message) if loaded else None,
            forwarded_from_name=(
                inbox.config.department_name(forwarded.from_department) if forwarded else ""
            ),
            on_duty=on_duty,
        )


def urgent_banner(hint: UrgentHint) -> str:
    """The banner's words for a message that may be urgent; "" when it is not."""
    if not hint.urgent:
        return ""
    words = ", ".join(f"«{word}»" for word in hint.words)
    return _(
        "MULIG HASTESAK ({words}): kanalen er ikke for øyeblikkelig hjelp. Ring pasienten "
        "eller følg lokal rutine (113 ved nødsituasjoner, 116 117 legevakt). Bare et hint."
    ).format(words=words)


def unclaimed_text(view: DetailView) -> str:
    """Why an open message is marked "IKKE TATT", and who is on duty to take it."""
    if view.urgency.overdue:
        text = _("Ingen har tatt meldingen, og svarfristen er passert.")
    else:
        text = _("Ingen har tatt meldingen, og i dag er siste svardag.")
    if view.on_duty:
        text += " " + _("Vakt i dag: {names}.").format(names=", ".join(view.on_duty))
    return text


def _line(label: str, value: str, style: str = "") -> Content:
    # Assembled, not parsed from markup: much quicker, for a dozen lines a message.
    return Content.assemble((label, "b"), " ", (value, style) if style and value else value)


def _appointment(message: Message) -> str:
    appointment = message.appointment
    if appointment is None or appointment.start is None:
        return _("ikke oppgitt")
    text = date_time(appointment.start)
    if appointment.end and appointment.end > appointment.start:
        text += f"–{appointment.end:%H:%M}"
    details = [part for part in (appointment.location, appointment.summary) if part]
    if appointment.kind:
        details.append(appointment.kind)
    return f"{text} ({', '.join(details)})" if details else text


def _fee_lines(verdict: FeeVerdict) -> list[Content]:
    style = {FeeOutcome.LATE: "$text-warning", FeeOutcome.IN_TIME: "$text-success"}.get(
        verdict.outcome, ""
    )
    lines = [_line(_("Gebyr:"), verdict.summary, style), Content("  " + verdict.arithmetic)]
    if verdict.late:
        lines.append(
            Content(
                "  " + _("Gebyr er en kan-regel: du avgjør (e endrer kategori, t velger tekst).")
            )
        )
    return lines


def _checklist_lines(message: Message) -> list[Content]:
    if not message.checklist:
        return []
    left = len(message.checklist_left)
    title = (
        _("Oppfølging (l): {left} av {total} gjenstår").format(
            left=left, total=len(message.checklist)
        )
        if message.status is Status.FOLLOW_UP
        else _("Oppfølging: fullført")
    )
    lines = [Content.styled(title, "b")]
    for item in message.checklist:
        mark = "[x]" if item in message.checklist_done else "[ ]"
        lines.append(Content(f"  {mark} {item}"))
    return lines


def render_detail(view: DetailView, national_id: str = "") -> Content:
    """The pane's text: facts first, then the patient's words, the reply and the history.

    The fødselsnummer is masked unless `national_id` (the revealed number) is given.
    """
    message = view.message
    urgency = view.urgency
    deadline_style = ""
    if message.status.is_open and urgency.overdue:
        deadline_style = "$text-error"
    elif message.status.is_open and urgency.due_today:
        deadline_style = "$text-warning"
    deadline = long_date(message.deadline)
    if message.status.is_open and view.working_days_left is not None:
        deadline = f"{deadline} – {deadline_label(view.working_days_left)}"
    category = category_label(message.category)
    category_style = ""
    if message.category_confirmed:
        reason = category_reason_label(message.category_reason)
        category += f" ({reason})" if reason else ""
    elif not message.copies_without_asking and message.category_alternatives:
        # an unsure suggestion: c shows the likeliest texts first instead of copying
        category = (
            unsure_label(message.category_alternatives)
            + " "
            + _("({reason}; c viser valgene, e velger)").format(
                reason=category_reason_label(message.category_reason)
            )
        )
        category_style = "$text-warning"
    else:
        reason = category_reason_label(message.category_reason)
        category += " " + _("(forslag: {reason}; e endrer)").format(reason=reason)
    status = status_label(message.status)
    if message.answered_by and message.answered_at:
        status += " " + _("av {user} {when}").format(
            user=message.answered_by, when=date_time(message.answered_at)
        )
    if message.claimed_by and message.status.is_open:
        status += " – " + _("tatt av {user}").format(user=message.claimed_by)
    number = (
        _("{number} (vises kort, loggført)").format(number=national_id)
        if national_id
        else mask_national_id(message.patient_id)
    )
    patient = ", ".join(part for part in (message.patient_name, number) if part)
    lines = [
        Content.styled(message.subject or _("(uten emne)"), "b"),
        _line(_("Avdeling:"), f"{message.department} – {view.department_name}"),
    ]
    if message.receiver and message.receiver.label:
        lines.append(_line(_("Mottaker:"), message.receiver.label))
    lines.append(_line(_("Pasient:"), patient or _("ukjent")))
    if message.dips_ref:
        lines.append(_line(_("DIPS-ref.:"), message.dips_ref))
    lines += [
        _line(_("Mottatt:"), date_time(message.received)),
        _line(_("Svarfrist:"), deadline, deadline_style),
        _line(_("Time:"), _appointment(message)),
        _line(_("Kategori:"), category, category_style),
        _line(_("Status:"), status),
    ]
    if message.status.is_open and urgency.unclaimed:
        lines.append(_line(_("Ansvar:"), unclaimed_text(view), "$text-error"))
    forwarded = message.forwarded_from
    if forwarded is not None:
        source = forwarded.from_department
        if view.forwarded_from_name and view.forwarded_from_name != source:
            source += f" – {view.forwarded_from_name}"
        lines.append(
            _line(
                _("Videresendt:"),
                _("fra {source} av {user} {when}").format(
                    source=source, user=forwarded.user, when=date_time(forwarded.when)
                ),
                "$text-warning",
            )
        )
    lines.extend(_line(_("Merknad:"), flag, "$text-warning") for flag in message.flags)
    if view.urgent.negated and not view.urgent.urgent:
        lines.append(
            _line(
                _("Hasteord:"),
                _("bare i nektende form ({words}): ikke merket").format(
                    words=", ".join(f"«{word}»" for word in view.urgent.negated)
                ),
            )
        )
    if view.fee is not None:
        lines += _fee_lines(view.fee)
    if message.closed_reason:
        lines.append(_line(_("Lukket uten svar:"), message.closed_reason))
    erased = erased_at(message)
    if erased is not None:
        lines.append(
            _line(
                _("Slettet:"),
                _("pasientopplysningene ble slettet {when} (oppbevaringstiden er ute)").format(
                    when=date_time(erased)
                ),
            )
        )
    lines += _checklist_lines(message)
    reply = view.reply_title or _("ingen standardtekst")
    if view.reply_reason:
        reply += f" ({view.reply_reason})"
    lines += [
        Content(""),
        Content(message.text),
        Content(""),
        _line(_("Svarforslag (c):"), reply),
    ]
    if message.history:
        lines += [Content(""), Content.styled(_("Historikk"), "b")]
        lines += [Content(history_line(entry)) for entry in message.history]
    return Content("\n").join(lines)


class MessageDetail(ScrollView, can_focus=True):
    """The selected message, scrollable with the arrow keys when focused.

    Like the inbox list, the pane draws its own lines: the message is laid out once, when it
    is shown, and each line on screen is painted from that. A widget per part (the banner,
    the text) would make every new message a new layout of the whole screen, several frames
    for one key press in every session.
    """

    ALLOW_MAXIMIZE = True
    REVEAL_SECONDS = 20.0
    """How long `f` shows the whole fødselsnummer."""

    COMPONENT_CLASSES = {"message-detail--banner"}

    BINDINGS = [
        # As in mutt's pager: q leaves the message for the inbox; q in the inbox quits.
        Binding("q", "screen.back", _("Tilbake"), id="detail.back"),
        Binding(
            "f",
            "reveal_national_id",
            _("Vis fnr."),
            tooltip=_("Vis hele fødselsnummeret en kort stund (loggføres med hvem og når)"),
            id="reveal_national_id",
        ),
    ]

    class RevealRequested(TextualMessage):
        """The clerk asked to see the whole fødselsnummer of a message (`f`).

        The screen records the showing, then gives the number to `show_number`.
        """

        def __init__(self, message_id: str) -> None:
            super().__init__()
            self.message_id = message_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: DetailView | None = None
        self._revealed: tuple[str, str] | None = None
        """The message id and its whole number, while it is shown."""
        self._hide_timer: Timer | None = None
        self._body = Content(_("Ingen melding valgt."))
        self._banner = ""
        self._lines: list[Strip] | None = None
        """The pane's lines at the current width; None until they are needed again."""
        self._width = 0

    @property
    def revealed(self) -> bool:
        """True while the whole fødselsnummer is on screen."""
        return self._revealed is not None

    @property
    def view(self) -> DetailView | None:
        """What the pane shows (None: no message selected)."""
        return self._view

    @property
    def body(self) -> Content:
        """The text shown below the banner."""
        return self._body

    @property
    def banner(self) -> str:
        """The urgency banner's words ("" when there is none)."""
        return self._banner

    _shown: tuple[DetailView | None, tuple[str, str] | None] | None = None
    """What the pane shows now: the view and the revealed number (None before the first)."""

    def show(self, view: DetailView | None) -> None:
        """Show a message, or a hint when there is none.

        Another message than the one whose number is revealed hides the number again.
        Showing what is already shown repaints nothing: a live update of another message, or
        a reload that changed nothing, costs no bytes on a slow link. Another message starts
        at its top; the same message changed keeps the clerk's place in it.
        """
        if self._revealed is not None and (view is None or view.message.id != self._revealed[0]):
            self._forget_number()
        before = self._view
        self._view = view
        shown = (view, self._revealed)
        if shown == self._shown:
            return
        self._shown = shown
        on_screen = self._on_screen()
        self._banner = urgent_banner(view.urgent) if view is not None else ""
        if view is None:
            self._body = Content(_("Ingen melding valgt."))
        else:
            self._body = render_detail(view, self._revealed[1] if self._revealed else "")
        self._lines = None
        self._lay_out()
        another = before is None or view is None or before.message.id != view.message.id
        if another and self.scroll_offset.y:
            self.scroll_to(0, 0, animate=False, immediate=True)  # repaints the pane
        else:
            self._refresh_changed(on_screen)

    # Drawing -----------------------------------------------------------------------------

    def _lay_out(self) -> list[Strip]:
        """The pane's lines at its width: the banner (with a line below it), then the text."""
        if self._lines is not None:
            return self._lines
        width = self.scrollable_content_region.width
        lines: list[Strip] = []
        if width > 2:
            if self._banner:
                # A red block one cell wider than its words on each side, a line below it.
                style = self.get_visual_style("message-detail--banner")
                edge = Strip.blank(1, style.rich_style)
                banner = Visual.to_strips(
                    self, Content(self._banner), width - 2, None, style, pad=True
                )
                lines += [Strip.join([edge, line, edge]) for line in banner]
                lines.append(Strip.blank(width, self.visual_style.rich_style))
            lines += Visual.to_strips(self, self._body, width, None, self.visual_style, pad=True)
        self._lines, self._width = lines, width
        set_line_count(self, width, len(lines))
        return lines

    def _on_screen(self) -> list[Strip]:
        """The lines the pane shows now, top to bottom."""
        top = self.scroll_offset.y
        return (self._lines or [])[top : top + self.scrollable_content_region.height]

    def _refresh_changed(self, before: list[Strip]) -> None:
        """Repaint the lines that differ from `before`: the facts above the text often stay."""
        after = self._on_screen()
        region = self.scrollable_content_region
        for y in range(region.height):
            old = before[y] if y < len(before) else None
            new = after[y] if y < len(after) else None
            if old != new:
                self.refresh(Region(0, y, region.width, 1))

    def render_line(self, y: int) -> Strip:
        """One line of the pane, from the lines laid out for its width."""
        width = self.scrollable_content_region.width
        if width != self._width:  # a scrollbar came or went
            self._lines = None
        lines = self._lay_out()
        index = self.scroll_offset.y + y
        if index >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        return lines[index].crop_extend(0, width, self.visual_style.rich_style)

    def on_resize(self) -> None:
        """Another width: the text is laid out again."""
        self._lines = None
        self._lay_out()

    def action_reveal_national_id(self) -> None:
        """Ask for the showing of the whole number to be recorded; then it is shown."""
        view = self._view
        if view is None or not view.message.patient_id:
            self.notify(_("Meldingen har ikke noe fødselsnummer å vise."), severity="warning")
            return
        self.post_message(self.RevealRequested(view.message.id))

    def show_number(self, message_id: str, number: str) -> None:
        """Show the whole number of `message_id` for a short while (its showing is recorded)."""
        if self._view is None or self._view.message.id != message_id:
            return  # the clerk moved on while the showing was being recorded
        self._revealed = (message_id, number)
        if self._hide_timer is not None:
            self._hide_timer.stop()
        self._hide_timer = self.set_timer(self.REVEAL_SECONDS, self.hide_national_id)
        self.show(self._view)

    def hide_national_id(self) -> None:
        """Mask the number again."""
        if self._revealed is not None:
            self._forget_number()
            self.show(self._view)

    def _forget_number(self) -> None:
        self._revealed = None
        if self._hide_timer is not None:
            self._hide_timer.stop()
            self._hide_timer = None

    def on_blur(self) -> None:
        """Leaving the pane masks the number."""
        self.hide_national_id()
