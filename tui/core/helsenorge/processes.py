"""The digital-dialog processes a hospital's feed carries, and which of them the inbox takes.

A Helsenorge message names its process in `MsgHead/MsgInfo/Type` (`DIALOG_INNBYGGER_TIMER` ...).
Only the appointment processes belong in the clerks' inbox; every other process, known or
not, is a valid message that is skipped with a reason naming it, never refused as broken.
`SkipKind` is what the import summary counts, so the clerk knows such messages exist.
"""

from __future__ import annotations

from enum import StrEnum

from tui.core.i18n import N_, _


class SkipKind(StrEnum):
    """Why a valid file was not imported: each kind is counted in the import summary."""

    REPLY = "svar"
    PATIENT_ANSWER = "svar_pasient"
    FROM_HOSPITAL = "fra_sykehuset"
    TO_CLINICIAN = "behandler"
    TO_COORDINATOR = "koordinator"
    SELF_SERVICE = "selvbetjening"
    OTHER_PROCESS = "annen_prosess"
    UNKNOWN_PROCESS = "ukjent_prosess"
    NOT_A_MESSAGE = "ikke_melding"

    @property
    def label(self) -> str:
        """The kind in words, as the summary counts it."""
        return {
            SkipKind.REPLY: _("svar fra sykehuset"),
            SkipKind.PATIENT_ANSWER: _("bekreftelse eller svar fra pasient uten tekst"),
            SkipKind.FROM_HOSPITAL: _("melding fra sykehuset, ikke fra pasient"),
            SkipKind.TO_CLINICIAN: _("melding til behandler, ikke timeinnboksen"),
            SkipKind.TO_COORDINATOR: _("melding til koordinator, ikke timeinnboksen"),
            SkipKind.SELF_SERVICE: _("timebestilling på nett, ikke timeinnboksen"),
            SkipKind.OTHER_PROCESS: _("annen prosess, ikke timeinnboksen"),
            SkipKind.UNKNOWN_PROCESS: _("ukjent prosess, ikke timeinnboksen"),
            SkipKind.NOT_A_MESSAGE: _("ikke en meldingsfil"),
        }[self]


TIMER = "DIALOG_INNBYGGER_TIMER"
TIMEONSKE = "DIALOG_INNBYGGER_TIMEONSKE"
TIMEONSKE_UNGDOM = "DIALOG_INNBYGGER_TIMEONSKEUNGDOM"
TIMERESERVASJON = "DIALOG_INNBYGGER_TIMERESERVASJON"
AVTALEAVBESTILLING = "DIALOG_INNBYGGER_AVTALEAVBESTILLING"

INBOX_PROCESSES = {
    TIMER: N_("Timedialog"),
    TIMEONSKE: N_("Timeønske"),
    TIMEONSKE_UNGDOM: N_("Timeønske ungdom"),
    TIMERESERVASJON: N_("Timereservasjon"),
    AVTALEAVBESTILLING: N_("Avtaleavbestilling"),
}
"""Processes whose patient messages are for the appointment inbox, and their names."""

CANCELLATION_PROCESSES = frozenset({AVTALEAVBESTILLING})
"""Processes that carry nothing but a patient's cancellation of an appointment."""

SELF_SERVICE_PROCESSES = frozenset({TIMERESERVASJON})
"""Processes of self-service booking: only the patient's cancellations are for the clerk; a
booking is confirmed by the appointment system itself."""

OTHER_PROCESSES: dict[str, tuple[SkipKind, str]] = {
    "DIALOG_INNBYGGER_HELSEPERSONELL": (
        SkipKind.TO_CLINICIAN,
        N_("Pasientens melding til en navngitt behandler"),
    ),
    "DIALOG_INNBYGGER_KOORDINATOR": (
        SkipKind.TO_COORDINATOR,
        N_("Pasientens melding til koordinatoren sin"),
    ),
    "DIALOG_INNBYGGER_EKONSULTASJON": (SkipKind.TO_CLINICIAN, N_("E-konsultasjon med behandler")),
    "DIALOG_INNBYGGER_EKONTAKT": (SkipKind.OTHER_PROCESS, N_("E-kontakt (administrativ dialog)")),
    "DIALOG_INNBYGGER_RESEPTFORNYELSE": (SkipKind.OTHER_PROCESS, N_("Reseptfornyelse")),
    "DIALOG_INNBYGGER_DIGITALBRUKER": (
        SkipKind.OTHER_PROCESS,
        N_("Melding om at pasienten bruker Helsenorge (digital innbygger)"),
    ),
    "DIALOG_INNBYGGER_BEHANDLEROVERSIKT": (
        SkipKind.OTHER_PROCESS,
        N_("Oversikt over pasientens behandlere"),
    ),
    "DIALOG_INNBYGGER_TJENESTEOVERSIKT": (
        SkipKind.OTHER_PROCESS,
        N_("Tjenesteoversikt (hjemmetjenester)"),
    ),
    "DIALOG_INNBYGGER_AVTALEUTSENDING": (
        SkipKind.FROM_HOSPITAL,
        N_("Timeavtale sendt fra sykehuset til Helsenorge"),
    ),
    "DIALOG_INNBYGGER_TEST": (SkipKind.OTHER_PROCESS, N_("Kommunikasjonstest")),
    "DIALOG_HELSEFAGLIG": (
        SkipKind.OTHER_PROCESS,
        N_("Helsefaglig dialog mellom helsepersonell"),
    ),
    "APPREC": (SkipKind.OTHER_PROCESS, N_("Applikasjonskvittering")),
}
"""Processes known not to be for the appointment inbox: the kind, and what they are."""


def normalised(process: str) -> str:
    """A process name as compared: stray spaces and letter case do not matter."""
    return process.strip().upper()


def is_inbox_process(process: str) -> bool:
    """True for the appointment processes whose patient messages the inbox takes."""
    return normalised(process) in INBOX_PROCESSES


def process_name(process: str) -> str:
    """The Norwegian name of an appointment process ("Timedialog"), or the process itself."""
    name = INBOX_PROCESSES.get(normalised(process))
    return _(name) if name else process


def other_process(process: str, display_name: str = "") -> tuple[SkipKind, str] | None:
    """For a process that is not for the inbox: its kind and the reason, naming it; else None.

    `display_name` is the file's own `DN` for the process, quoted for a process this module
    does not know, so the reason still says what the sender called it.
    """
    key = normalised(process)
    if key in INBOX_PROCESSES:
        return None
    if not key:
        return SkipKind.UNKNOWN_PROCESS, _(
            "MsgHead uten prosessnavn (MsgInfo/Type): {kind}."
        ).format(kind=SkipKind.UNKNOWN_PROCESS.label)
    known = OTHER_PROCESSES.get(key)
    if known is not None:
        kind, description = known
        return kind, _("{description} ({process}): {kind}.").format(
            description=_(description), process=key, kind=kind.label
        )
    shown = " ".join(display_name.split())[:80]
    named = f" («{shown}»)" if shown else ""
    return SkipKind.UNKNOWN_PROCESS, _("Prosessen {process}{named}: {kind}.").format(
        process=key[:80], named=named, kind=SkipKind.UNKNOWN_PROCESS.label
    )
