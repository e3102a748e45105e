"""Read one Helsenorge message: MsgHead carrying Dialogmelding 1.0 or 1.1 and an xCal appointment.

`parse_message` turns the bytes of a file into a `PatientRequest` (a patient's message about an
appointment), a `Skipped` (a valid message that is not one: a hospital reply, another process),
or raises `RejectedError` with a one-line Norwegian reason (broken, hostile or incomplete input).

The XML is parsed with `defusedxml`: no external entities, no entity expansion, no network.
Element names and namespaces follow `docs/DOMAIN.md` and the example messages in
`tests/fixtures/helsenorge/`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError, tostring

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from tui.core.controls import has_controls, without_controls
from tui.core.i18n import _
from tui.core.model import OSLO, Appointment, Receiver

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MSGHEAD_NS = "http://www.kith.no/xmlstds/msghead/2006-05-24"
DIALOG_NS = {
    "http://www.kith.no/xmlstds/dialog/2006-10-11": "1.0",
    "http://www.kith.no/xmlstds/dialog/2013-01-23": "1.1",
}
"""Dialogmelding namespaces and their versions; Timedialog 1.1 still sends version 1.0."""
XCAL_NS = "urn:ietf:params:xml:ns:icalendar-2.0"

PATIENT_TYPES = {
    "DIALOG_INNBYGGER_TIMER": "Timedialog",
    "DIALOG_INNBYGGER_TIMEONSKE": "Timeønske",
}
"""MsgInfo/Type values of a patient's message about an appointment."""

KNOWN_CODES = {"OET", "OAT", "ART", "OAB", "HE", "OT"}
"""TypeForesp codes (code list 7601) a patient's appointment message may carry."""

MAX_TEXT_CHARS = 1000
"""The portal's limit for `Sporsmal`; longer texts are kept whole, with a warning."""

_M = f"{{{MSGHEAD_NS}}}"
_X = f"{{{XCAL_NS}}}"
_ENCODING_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {"utf-8", "utf8"}
_WHITESPACE = re.compile(r"\s+")


class RejectedError(ValueError):
    """The file cannot be read as a patient message; `str()` is a one-line Norwegian reason."""


@dataclass(frozen=True)
class Skipped:
    """A valid message that is not a patient's appointment message, and why."""

    reason: str
    msg_id: str = ""
    refers_to: tuple[str, ...] = ()
    """MsgIds this message answers (`RefToParent`, `RefToConversation`), when it is a reply."""


@dataclass(frozen=True)
class PatientRequest:
    """What a patient's message says, as read from MsgHead, Dialogmelding and xCal."""

    msg_id: str
    msg_type: str
    dialog_version: str
    sent: datetime
    """`GenDate`, in Europe/Oslo: the moment the patient sent it, and when it was received."""
    conversation_ref: str = ""
    parent_ref: str = ""
    receiver: Receiver = field(default_factory=Receiver)
    patient_name: str = ""
    patient_id: str = ""
    patient_id_type: str = ""
    type_code: str = ""
    type_name: str = ""
    subject: str = ""
    text: str = ""
    appointment: Appointment | None = None
    warnings: tuple[str, ...] = ()
    """Odd data that did not stop the import, in Norwegian, for the detail pane."""

    def fingerprint(self) -> str:
        """A digest of everything the message says (not of its bytes or its warnings).

        The same message saved with other line endings or indentation has the same fingerprint;
        a different message under the same MsgId has another.
        """
        content = {
            "msg_id": self.msg_id,
            "msg_type": self.msg_type,
            "sent": self.sent.isoformat(),
            "conversation_ref": self.conversation_ref,
            "parent_ref": self.parent_ref,
            "receiver": self.receiver.to_dict(),
            "patient": [self.patient_name, self.patient_id, self.patient_id_type],
            "type_code": self.type_code,
            "subject": self.subject,
            "text": self.text,
            "appointment": self.appointment.to_dict() if self.appointment else None,
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


def parse_message(data: bytes) -> PatientRequest | Skipped:
    """Read one message file's bytes; raise `RejectedError` when it cannot be used."""
    root, warnings = _parse_xml(data)
    if root.tag != f"{_M}MsgHead":
        namespace, local = _split(root.tag)
        if local == "MsgHead":
            raise RejectedError(
                _("MsgHead har feil navnerom «{found}» (ventet {expected}).").format(
                    found=namespace or _("uten navnerom"), expected=MSGHEAD_NS
                )
            )
        raise RejectedError(
            _("Ikke en MsgHead-melding (rotelementet er «{tag}»).").format(tag=local)
        )
    info = root.find(f"{_M}MsgInfo")
    if info is None:
        raise RejectedError(_("MsgHead mangler MsgInfo."))
    msg_id = _text(info, "MsgId")
    msg_type_element = info.find(f"{_M}Type")
    msg_type = (msg_type_element.get("V", "") if msg_type_element is not None else "").strip()
    conversation_ref = _text(info, "ConversationRef/RefToConversation")
    parent_ref = _text(info, "ConversationRef/RefToParent")
    if msg_type not in PATIENT_TYPES:
        name = msg_type_element.get("DN", "") if msg_type_element is not None else ""
        return Skipped(
            _("Annen meldingstype {type}{name}: ikke en melding fra pasient om time.").format(
                type=msg_type or _("(mangler)"), name=f" ({name})" if name else ""
            ),
            msg_id,
        )
    dialog, version = _dialogmelding(root)
    request = dialog.find(f"{{{_split(dialog.tag)[0]}}}Foresporsel")
    if request is None:
        reply = _reply_theme(dialog)
        if reply is not None:
            refs = tuple(dict.fromkeys(ref for ref in (parent_ref, conversation_ref) if ref))
            return Skipped(
                _("Svar fra sykehuset ({theme}), ikke en ny melding fra pasient.").format(
                    theme=reply
                ),
                msg_id,
                refs,
            )
        raise RejectedError(_("Dialogmeldingen mangler Foresporsel (pasientens henvendelse)."))
    if not msg_id:
        raise RejectedError(_("MsgInfo mangler MsgId."))
    sent, sent_warning = _gen_date(_text(info, "GenDate"))
    warnings += sent_warning
    ns = f"{{{_split(dialog.tag)[0]}}}"
    question = request.find(f"{ns}Sporsmal")
    if question is None:
        raise RejectedError(_("Foresporsel mangler Sporsmal (meldingsteksten)."))
    text = without_controls(sporsmal_text(question))  # HTML character references decoded
    if not text:
        raise RejectedError(_("Sporsmal er tom: meldingen har ingen tekst."))
    if len(text) > MAX_TEXT_CHARS:
        warnings.append(
            _("Teksten er {count} tegn, lengre enn Helsenorge tillater ({max}).").format(
                count=len(text), max=MAX_TEXT_CHARS
            )
        )
    code_element = request.find(f"{ns}TypeForesp")
    type_code = (code_element.get("V", "") if code_element is not None else "").strip().upper()
    type_name = (code_element.get("DN", "") if code_element is not None else "").strip()
    if not type_code:
        warnings.append(_("TypeForesp mangler: kategorien er foreslått ut fra teksten."))
    elif type_code not in KNOWN_CODES:
        warnings.append(
            _("Ukjent TypeForesp-kode «{code}»: kategorien er foreslått ut fra teksten.").format(
                code=type_code
            )
        )
    patient_name, patient_id, patient_id_type = _patient(info, warnings)
    receiver = _receiver(info)
    if not (receiver.trust_her or receiver.department_her):
        warnings.append(_("Mottakeren mangler HER-id."))
    return PatientRequest(
        msg_id=msg_id,
        msg_type=msg_type,
        dialog_version=version,
        sent=sent,
        conversation_ref=conversation_ref,
        parent_ref=parent_ref,
        receiver=receiver,
        patient_name=patient_name,
        patient_id=patient_id,
        patient_id_type=patient_id_type,
        type_code=type_code,
        type_name=type_name,
        subject=" ".join(_element_text(request.find(f"{ns}EmneSporsmal")).split()),
        text=text,
        appointment=_appointment(root, warnings),
        warnings=tuple(warnings),
    )


# XML and encodings --------------------------------------------------------------------------


def _parse_xml(data: bytes) -> tuple[Element, list[str]]:
    """The root element; UTF-8 and ISO-8859-1 both accepted, anything hostile refused."""
    warnings: list[str] = []
    body = data.removeprefix(b"\xef\xbb\xbf")
    if not body.strip():
        raise RejectedError(_("Filen er tom."))
    if not body.lstrip().startswith(b"<"):
        raise RejectedError(_("Filen er ikke XML."))
    source: bytes | str = data
    match = _ENCODING_DECLARATION.match(body)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    if declared in _UTF8_NAMES:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            # Declared (or by default) UTF-8 but it is not: older systems write ISO-8859-1.
            # A str is parsed as Unicode whatever its declaration says.
            source = body.decode("iso-8859-1")
            warnings.append(_("Filen var ikke gyldig UTF-8 og er lest som ISO-8859-1."))
    try:
        root = fromstring(source, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as error:
        if error.sysid or error.pubid:
            raise RejectedError(
                _("Filen peker til en ekstern entitet (XXE); avvist av sikkerhetshensyn.")
            ) from error
        raise RejectedError(
            _(
                "Filen deklarerer XML-entiteter (mulig «billion laughs»); avvist av "
                "sikkerhetshensyn."
            )
        ) from error
    except ExternalReferenceForbidden as error:
        raise RejectedError(
            _("Filen peker til en ekstern ressurs (DTD/XXE); avvist av sikkerhetshensyn.")
        ) from error
    except DefusedXmlException as error:
        raise RejectedError(
            _("Filen bruker XML-funksjoner som er avslått av sikkerhetshensyn.")
        ) from error
    except ParseError as error:
        raise RejectedError(_xml_error(error)) from error
    except (LookupError, ValueError) as error:
        raise RejectedError(
            _("Filen har en tegnkoding som ikke kan leses ({encoding}).").format(encoding=declared)
        ) from error
    _remove_controls(root)
    return root, warnings


def _remove_controls(root: Element) -> None:
    """Take terminal control characters out of every text and attribute value of the tree.

    XML 1.0 forbids most of C0 but allows C1 (U+009B is the terminal's CSI) and the bidi
    controls; every value read from the file comes from here (see `tui.core.controls`).
    """
    for element in root.iter():
        if element.text and has_controls(element.text):
            element.text = without_controls(element.text)
        if element.tail and has_controls(element.tail):
            element.tail = without_controls(element.tail)
        for name, value in element.attrib.items():
            if has_controls(value):
                element.attrib[name] = without_controls(value)


def _xml_error(error: ParseError) -> str:
    line, column = error.position
    # expat: 3 "no element found", 5 "unclosed token" -- the file ends too early.
    if error.code in (3, 5):
        return _(
            "Filen er avkortet: XML-en slutter før meldingen er ferdig (linje {line})."
        ).format(line=line)
    return _("Filen er ikke gyldig XML (linje {line}, kolonne {column}).").format(
        line=line, column=column + 1
    )


def _split(tag: str) -> tuple[str, str]:
    """`{namespace}local` as (namespace, local)."""
    if tag.startswith("{"):
        namespace, _sep, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _text(parent: Element, path: str) -> str:
    """The stripped text of the MsgHead element at `path` (slash-separated local names)."""
    element = parent.find("/".join(f"{_M}{part}" for part in path.split("/")))
    return _element_text(element).strip()


def _element_text(element: Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext())


# Dialogmelding ---------------------------------------------------------------------------------


def _dialogmelding(root: Element) -> tuple[Element, str]:
    """The Dialogmelding element and its version; reject unknown versions."""
    for content in root.iterfind(f"{_M}Document/{_M}RefDoc/{_M}Content"):
        for child in content:
            namespace, local = _split(child.tag)
            if local != "Dialogmelding":
                continue
            if namespace not in DIALOG_NS:
                raise RejectedError(
                    _("Ukjent Dialogmelding-versjon (navnerom «{ns}»).").format(
                        ns=namespace or _("uten navnerom")
                    )
                )
            return child, DIALOG_NS[namespace]
    raise RejectedError(_("Meldingen har ingen Dialogmelding."))


def _reply_theme(dialog: Element) -> str | None:
    """For a hospital reply (`Notat`), its theme: "07 Endring av time bekreftet"."""
    ns = f"{{{_split(dialog.tag)[0]}}}"
    note = dialog.find(f"{ns}Notat")
    if note is None:
        return None
    theme = note.find(f"{ns}TemaKodet")
    if theme is None:
        return _("Notat")
    return f"{theme.get('V', '').strip()} {theme.get('DN', '').strip()}".strip()


class _TextExtractor(HTMLParser):
    """XHTML to readable text: blocks and `<br>` become line breaks, list items get "- "."""

    BLOCKS = frozenset(
        {
            *("address", "article", "blockquote", "div", "dl", "dt", "dd", "li", "ol", "p"),
            *("h1", "h2", "h3", "h4", "h5", "h6", "pre", "section", "table", "tr", "ul"),
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = tag.rpartition(":")[2]
        if name == "br":
            self.lines.append("")
        elif name in self.BLOCKS:
            self._break()
            if name == "li":
                self.lines[-1] = "- "
        elif name in ("td", "th") and self.lines[-1].strip():
            self.lines[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag.rpartition(":")[2] in self.BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        self.lines[-1] += _WHITESPACE.sub(" ", data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in self.lines]
        lines = [f"- {line[2:]}" if line.startswith("- ") else line for line in lines]
        return "\n".join(line for line in lines if line).strip()


def html_to_text(markup: str) -> str:
    """Readable plain text from (X)HTML markup."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return extractor.text()


_MARKUP_IN_TEXT = re.compile(r"<\s*/?\s*(div|p|br|span|ul|ol|li|b|i|strong|em)\b", re.I)


def sporsmal_text(element: Element) -> str:
    """The patient's text: XHTML markup (in 1.1) reduced to plain text, line breaks kept."""
    if len(element):
        markup = (element.text or "") + "".join(
            tostring(child, encoding="unicode") for child in element
        )
        return html_to_text(markup)
    raw = element.text or ""
    if _MARKUP_IN_TEXT.search(raw):
        # Some senders escape the markup instead of embedding it.
        return html_to_text(raw)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


# MsgInfo ---------------------------------------------------------------------------------------


def _gen_date(value: str) -> tuple[datetime, list[str]]:
    """`GenDate` in Oslo time; a time without zone is UTC, as MsgHead prescribes."""
    if not value:
        raise RejectedError(_("MsgInfo mangler GenDate (når meldingen ble sendt)."))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise RejectedError(
            _("GenDate «{value}» er ikke et gyldig tidspunkt.").format(value=value[:40])
        ) from error
    warnings = []
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
        warnings.append(_("GenDate uten tidssone; lest som UTC."))
    return moment.astimezone(OSLO), warnings


def _her_id(organisation: Element) -> str:
    for ident in organisation.iterfind(f"{_M}Ident"):
        type_id = ident.find(f"{_M}TypeId")
        if type_id is not None and type_id.get("V", "").strip().upper() == "HER":
            return _text(ident, "Id")
    return ""


def _receiver(info: Element) -> Receiver:
    trust = info.find(f"{_M}Receiver/{_M}Organisation")
    if trust is None:
        return Receiver()
    department = trust.find(f"{_M}Organisation")
    return Receiver(
        trust_name=_text(trust, "OrganisationName"),
        trust_her=_her_id(trust),
        department_name=_text(department, "OrganisationName") if department is not None else "",
        department_her=_her_id(department) if department is not None else "",
    )


def _patient(info: Element, warnings: list[str]) -> tuple[str, str, str]:
    patient = info.find(f"{_M}Patient")
    if patient is None:
        warnings.append(_("Meldingen mangler pasient."))
        return "", "", ""
    name = " ".join(
        part
        for part in (
            _text(patient, "GivenName"),
            _text(patient, "MiddleName"),
            _text(patient, "FamilyName"),
        )
        if part
    )
    identifier = id_type = ""
    for ident in patient.iterfind(f"{_M}Ident"):
        type_id = ident.find(f"{_M}TypeId")
        kind = type_id.get("V", "").strip().upper() if type_id is not None else ""
        if not identifier or kind in ("FNR", "DNR"):
            identifier, id_type = "".join(_text(ident, "Id").split()), kind
    if not identifier:
        warnings.append(_("Pasienten mangler fødselsnummer eller D-nummer."))
    return name, identifier, id_type


# xCal -------------------------------------------------------------------------------------------


def _appointment(root: Element, warnings: list[str]) -> Appointment | None:
    events = root.findall(
        f".//{_M}Content/{_X}icalendar/{_X}vcalendar/{_X}components/{_X}vevent/{_X}properties"
    )
    if not events:
        return None
    if len(events) > 1:
        warnings.append(
            _("Meldingen har {count} timeavtaler; bare den første er lest.").format(
                count=len(events)
            )
        )
    properties = events[0]

    def value(name: str, *kinds: str) -> str:
        for kind in kinds or ("text",):
            element = properties.find(f"{_X}{name}/{_X}{kind}")
            if element is not None:
                return _element_text(element).strip()
        return ""

    start = _xcal_time(value("dtstart", "date-time", "date"), "dtstart", warnings)
    end = _xcal_time(value("dtend", "date-time", "date"), "dtend", warnings)
    if start is None:
        warnings.append(_("Timeavtalen mangler starttidspunkt (dtstart)."))
    if start and end and end < start:
        warnings.append(
            _("Timeavtalen slutter før den starter (dtstart {start}, dtend {end}).").format(
                start=f"{start:%d.%m.%Y %H:%M}", end=f"{end:%d.%m.%Y %H:%M}"
            )
        )
    categories = value("categories").lower()
    kind = "video" if "video" in categories else "telefon" if "telefon" in categories else ""
    return Appointment(
        start=start,
        end=end,
        uid=value("uid"),
        location=value("location"),
        practitioner_her=value("contact"),
        related_to=value("related-to", "uri", "text"),
        referral_id=value("x-referral-id"),
        summary=value("summary"),
        kind=kind,
    )


def _xcal_time(value: str, name: str, warnings: list[str]) -> datetime | None:
    """An xCal date-time: local Oslo time when it has no zone, as Helsenorge sends it."""
    if not value:
        return None
    try:
        if "T" not in value:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=OSLO)
        moment = datetime.fromisoformat(value)
    except ValueError:
        warnings.append(
            _("Timeavtalen har et ugyldig tidspunkt i {name}: «{value}».").format(
                name=name, value=value[:40]
            )
        )
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO)
