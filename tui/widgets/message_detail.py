"""The detail pane: everything about the selected message a clerk needs to answer it.

Above the message, a red worded banner when its words suggest urgency (a hint for the clerk,
never an automatic reply); below the facts, the fee rule's verdict with its arithmetic for
cancellations, and the follow-up checklist once the reply is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.fee import FeeOutcome, FeeVerdict
from tui.core.i18n import _
from tui.core.inbox import Urgency, deadline_label
from tui.core.labels import category_label, date_time, long_date, status_label
from tui.core.model import Message, Status, mask_national_id
from tui.core.urgent import UrgentHint


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


def urgent_banner(hint: UrgentHint) -> str:
    """The banner's words for a message that may be urgent; "" when it is not."""
    if not hint.urgent:
        return ""
    words = ", ".join(f"«{word}»" for word in hint.words)
    return _(
        "MULIG HASTESAK ({words}): kanalen er ikke for øyeblikkelig hjelp. Ring pasienten "
        "eller følg lokal rutine (113 ved nødsituasjoner, 116 117 legevakt). Bare et hint."
    ).format(words=words)


def _line(label: str, value: str, style: str = "") -> Content:
    value_markup = f"[{style}]$value[/]" if style else "$value"
    return Content.from_markup(f"[b]$label[/b] {value_markup}", label=label, value=value)


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
    lines = [Content.from_markup("[b]$title[/b]", title=title)]
    for item in message.checklist:
        mark = "[x]" if item in message.checklist_done else "[ ]"
        lines.append(Content(f"  {mark} {item}"))
    return lines


def render_detail(view: DetailView) -> Content:
    """The pane's text: facts first, then the patient's words, the reply and the history."""
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
    if message.category_confirmed:
        category += f" ({message.category_reason})" if message.category_reason else ""
    else:
        category += " " + _("(forslag: {reason}; e endrer)").format(reason=message.category_reason)
    status = status_label(message.status)
    if message.answered_by and message.answered_at:
        status += " " + _("av {user} {when}").format(
            user=message.answered_by, when=date_time(message.answered_at)
        )
    if message.claimed_by and message.status.is_open:
        status += " – " + _("tatt av {user}").format(user=message.claimed_by)
    patient = ", ".join(
        part for part in (message.patient_name, mask_national_id(message.patient_id)) if part
    )
    lines = [
        Content.from_markup("[b]$subject[/b]", subject=message.subject or _("(uten emne)")),
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
        _line(_("Kategori:"), category),
        _line(_("Status:"), status),
    ]
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
        lines += [Content(""), Content.from_markup("[b]$title[/b]", title=_("Historikk"))]
        for entry in message.history:
            change = f"{entry.old} → {entry.new}" if entry.old or entry.new else ""
            lines.append(
                Content(f"{date_time(entry.when)}  {entry.user}  {entry.action} {change}".rstrip())
            )
    return Content("\n").join(lines)


class MessageDetail(VerticalScroll, can_focus=True):
    """The selected message, scrollable with the arrow keys when focused."""

    ALLOW_MAXIMIZE = True

    def compose(self) -> ComposeResult:
        """The urgency banner (hidden unless needed) and the text, replaced as a whole."""
        yield Static("", id="urgent-banner")
        yield Static(_("Ingen melding valgt."), id="detail-body")

    _shown: DetailView | bool | None = False
    """What the pane shows now (False before the first `show`)."""

    def show(self, view: DetailView | None) -> None:
        """Show a message, or a hint when there is none.

        Showing what is already shown repaints nothing: a live update of another message, or
        a reload that changed nothing, costs no bytes on a slow link.
        """
        if view == self._shown:
            return
        self._shown = view
        body = self.query_one("#detail-body", Static)
        banner = self.query_one("#urgent-banner", Static)
        banner_text = urgent_banner(view.urgent) if view is not None else ""
        banner.update(banner_text)
        banner.display = bool(banner_text)
        if view is None:
            body.update(_("Ingen melding valgt."))
        else:
            body.update(render_detail(view))
