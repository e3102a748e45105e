"""Read one Helsenorge message: MsgHead carrying Dialogmelding 1.0 or 1.1 and an xCal appointment.

`parse_message` turns the bytes of a file into a `PatientRequest` (a patient's message about an
appointment), a `Skipped` (a valid message that is not one: a hospital reply, a patient's
confirmation with nothing to answer, another process), or raises `RejectedError` with a
one-line Norwegian reason (broken, hostile or incomplete input). `read_process` reads only the
head of a file, to name the process of a file too large to read whole.

The XML is parsed with `defusedxml`: no external entities, no entity expansion, no network.
Element names and namespaces follow `docs/DOMAIN.md` and the example messages in
`tests/fixtures/helsenorge/` (their `SOURCES.md` says where each format comes from).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError, tostring

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring, iterparse

from tui.core.controls import has_controls, without_controls
from tui.core.helsenorge.processes import (
    CANCELLATION_PROCESSES,
    SELF_SERVICE_PROCESSES,
    SkipKind,
    normalised,
    other_process,
    process_name,
)
from tui.core.i18n import N_, _
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

KNOWN_CODES = {"OET", "OAT", "ART", "OAB", "HE", "OT"}
"""TypeForesp codes (code list 7601) a patient's appointment message may carry."""

CODE_NAMES = {
    "OET": N_("Ønske om endring av time"),
    "OAT": N_("Ønske om avbestilling av time"),
    "ART": N_("Avbestill reservert time"),
    "OAB": N_("Ønske om avslutning av behandlingsforløp"),
    "OT": N_("Ønske om time"),
}
"""Codes that say the patient's request by themselves: a message with no text is still whole."""

CANCELLATION_CODES = frozenset({"OAT", "ART"})
"""Codes of a cancellation; in the self-service process the only requests for the clerk."""

BOOKING_CODES = frozenset({"RT"})
"""Codes of a self-service booking (`ReserverAvtale`), which the appointment system answers."""

ANSWER_CODE_LIST = "7602"
"""The code list of answers and confirmations ("07 Endring av time bekreftet"), not requests."""

MAX_TEXT_CHARS = 1000
"""The portal's limit for `Sporsmal`; longer texts are kept whole, with a warning."""

HEADER_BYTES = 64 * 1024
"""How much of a file `read_process` reads at most to find `MsgInfo/Type`."""

_M = f"{{{MSGHEAD_NS}}}"
_X = f"{{{XCAL_NS}}}"
_ENCODING_DECLARATION = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_UTF8_NAMES = {"utf-8", "utf8"}
_WHITESPACE = re.compile(r"\s+")
_HELSENORGE_NAMES = (
    *("helsenorge", "innbyggertjenester", "e-helse", "helsedirektoratet", "norsk helsenett"),
)
"""Words in the organisation names of Helsenorge's side of the exchange (the sender of
patients' messages, the receiver of the hospital's)."""


class RejectedError(ValueError):
    """The file cannot be read as a patient message; `str()` is a one-line Norwegian reason."""


@dataclass(frozen=True)
class Skipped:
    """A valid message that is not a patient's appointment message, and why."""

    reason: str
    msg_id: str = ""
    refers_to: tuple[str, ...] = ()
    """MsgIds this message answers (`RefToParent`, `RefToConversation`), when it is a reply."""
    kind: SkipKind = SkipKind.OTHER_PROCESS
    """What kind of message it is, for the import summary's counts."""


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
    _check_root(root)
    info = root.find(f"{_M}MsgInfo")
    if info is None:
        raise RejectedError(_("MsgHead mangler MsgInfo."))
    msg_id = _text(info, "MsgId")
    type_element = info.find(f"{_M}Type")
    msg_type = normalised(type_element.get("V", "") if type_element is not None else "")
    other = other_process(msg_type, type_element.get("DN", "") if type_element is not None else "")
    if other is not None:
        kind, reason = other
        return Skipped(reason, msg_id, kind=kind)
    conversation_ref = _text(info, "ConversationRef/RefToConversation")
    parent_ref = _text(info, "ConversationRef/RefToParent")
    refs = tuple(dict.fromkeys(ref for ref in (parent_ref, conversation_ref) if ref))
    head = _Head(msg_type, msg_id, refs, _direction(info))
    found = _dialogmelding(root)
    if found is None:
        return _without_dialogmelding(head)
    dialog, version = found
    ns = f"{{{_split(dialog.tag)[0]}}}"
    request = dialog.find(f"{ns}Foresporsel")
    if request is None:
        note = dialog.find(f"{ns}Notat")
        if note is None:
            raise RejectedError(_("Dialogmeldingen mangler Foresporsel (pasientens henvendelse)."))
        content = _note_content(note, ns, head)
        if isinstance(content, Skipped):
            return content
    else:
        content = _request_content(request, ns, head)
        if isinstance(content, Skipped):
            return content
    if not msg_id:
        raise RejectedError(_("MsgInfo mangler MsgId."))
    sent, sent_warning = _gen_date(_text(info, "GenDate"))
    warnings += sent_warning
    warnings += content.warnings
    if len(content.text) > MAX_TEXT_CHARS:
        warnings.append(
            _("Teksten er {count} tegn, lengre enn Helsenorge tillater ({max}).").format(
                count=len(content.text), max=MAX_TEXT_CHARS
            )
        )
    patient_name, patient_id, patient_id_type = _patient(info, warnings)
    receiver = _receiver(info)
    if not (receiver.trust_her or receiver.department_her):
        warnings.append(_("Mottakeren mangler HER-id."))
    attachments = _attachments(root)
    if attachments:
        warnings.append(
            _(
                "Meldingen har {count} vedlegg som ikke vises her; se meldingen i journalsystemet."
            ).format(count=attachments)
        )
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
        type_code=content.code,
        type_name=content.code_name,
        subject=content.subject,
        text=content.text,
        appointment=_appointment(root, warnings),
        warnings=tuple(warnings),
    )


def read_process(head: bytes) -> tuple[str, str] | None:
    """The process of a message from the first bytes of its file: `MsgInfo/Type` V and DN.

    Reads at most `HEADER_BYTES`, with the same defused parser, and stops at the `Type`
    element, so a file too large to import whole can still be named. ("", "") is a MsgHead
    without a process; None is a head that cannot be read as a MsgHead.
    """
    try:
        source, _warnings = _xml_source(head[:HEADER_BYTES], partial=True)
    except RejectedError:
        return None
    stream = io.BytesIO(source) if isinstance(source, bytes) else io.StringIO(source)
    in_info = False
    try:
        for event, element in iterparse(
            stream,
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start" and element.tag == f"{_M}MsgInfo":
                in_info = True
            elif event == "start" and in_info and element.tag == f"{_M}Type":
                return element.get("V", ""), element.get("DN", "")
            elif event == "end" and element.tag == f"{_M}MsgInfo":
                return "", ""
    except (ParseError, DefusedXmlException, LookupError, ValueError):
        return None
    return None


# What the patient wrote ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    """What the head says that decides about the Dialogmelding: process, id, refs, direction."""

    msg_type: str
    msg_id: str
    refs: tuple[str, ...]
    direction: str


@dataclass(frozen=True)
class _Content:
    """The request part of a patient's message: its code, subject and text."""

    code: str = ""
    code_name: str = ""
    subject: str = ""
    text: str = ""
    warnings: tuple[str, ...] = ()


def _code_of(element: Element | None) -> tuple[str, str, str]:
    """A coded value's code (stray spaces gone, upper case), display name and code list."""
    if element is None:
        return "", "", ""
    return (
        element.get("V", "").strip().upper(),
        " ".join(element.get("DN", "").split()),
        element.get("S", "").strip(),
    )


def _is_answer(code: str, system: str) -> bool:
    """True for a code of the answers list (7602): two digits, never a request's letters."""
    if system:
        return system.rsplit(".", 1)[-1] == ANSWER_CODE_LIST
    return code.isdigit()


def _labelled(code: str, name: str) -> str:
    return f"{code} {name}".strip() or _("uten kode")


def _request_content(request: Element, ns: str, head: _Head) -> _Content | Skipped:
    """A `Foresporsel` at the top of the Dialogmelding: the patient's request, or why not."""
    code, code_name, system = _code_of(request.find(f"{ns}TypeForesp"))
    question = request.find(f"{ns}Sporsmal")
    text = sporsmal_text(question) if question is not None else ""
    subject = " ".join(_element_text(request.find(f"{ns}EmneSporsmal")).split())
    if head.direction == "out":
        return Skipped(
            _("Melding fra sykehuset til pasienten ({code}), ikke en melding fra pasient.").format(
                code=_labelled(code, code_name)
            ),
            head.msg_id,
            head.refs,
            SkipKind.FROM_HOSPITAL,
        )
    return _patient_content(
        _Coded(code, code_name, system), text, subject, head, has_text=question is not None
    )


@dataclass(frozen=True)
class _Coded:
    """A coded value: code, display name, code list."""

    code: str
    name: str
    system: str


def _patient_content(
    coded: _Coded, text: str, subject: str, head: _Head, *, has_text: bool
) -> _Content | Skipped:
    """What a patient's message asks, from its code and text; or why it is no request."""
    code, code_name, system = coded.code, coded.name, coded.system
    if code and _is_answer(code, system):
        if not text:
            return _patient_answer(code, code_name, head.msg_id, head.refs)
        return _Content(
            "",
            _labelled(code, code_name),
            subject,
            text,
            (
                _(
                    "Pasientens svar ({code}) har tekst: les den; kategorien er foreslått ut "
                    "fra teksten."
                ).format(code=_labelled(code, code_name)),
            ),
        )
    if head.msg_type in SELF_SERVICE_PROCESSES and _is_booking(code, code_name):
        return Skipped(
            _(
                "Timebestilling på nett ({code}, {process}): timeboken bekrefter den selv; {kind}."
            ).format(
                code=_labelled(code, code_name),
                process=process_name(head.msg_type),
                kind=SkipKind.SELF_SERVICE.label,
            ),
            head.msg_id,
            head.refs,
            SkipKind.SELF_SERVICE,
        )
    warnings: list[str] = []
    if not text:
        known_name = CODE_NAMES.get(code, "")
        meaning = code_name or (_(known_name) if known_name else "")
        if head.msg_type in CANCELLATION_PROCESSES:
            meaning = meaning or _("Avbestilling av time")
        if meaning and (code in CODE_NAMES or head.msg_type in CANCELLATION_PROCESSES):
            text = meaning
            warnings.append(
                _("Pasienten skrev ingen tekst; meldingen er koden «{code}».").format(
                    code=_labelled(code, code_name)
                )
            )
        elif not has_text:
            raise RejectedError(_("Foresporsel mangler Sporsmal (meldingsteksten)."))
        else:
            raise RejectedError(_("Sporsmal er tom: meldingen har ingen tekst."))
    if not code:
        warnings.append(_("TypeForesp mangler: kategorien er foreslått ut fra teksten."))
    elif code not in KNOWN_CODES:
        warnings.append(
            _("Ukjent TypeForesp-kode «{code}»: kategorien er foreslått ut fra teksten.").format(
                code=code
            )
        )
    return _Content(code, code_name, subject, text, tuple(warnings))


def _is_booking(code: str, name: str) -> bool:
    """True for a self-service booking ("Reserver time"), not a cancellation of one."""
    if code in CANCELLATION_CODES:
        return False
    if code in BOOKING_CODES:
        return True
    lowered = name.lower()
    return "reserv" in lowered and "avbestill" not in lowered


def _patient_answer(code: str, name: str, msg_id: str, refs: tuple[str, ...]) -> Skipped:
    """A patient's confirmation or answer with no text: nothing to reply to."""
    if "bekreft" in name.lower():
        reason = _("Pasientens bekreftelse av timen ({code}): trenger ikke svar.")
    else:
        reason = _("Pasientens svar uten tekst ({code}): trenger ikke svar.")
    return Skipped(reason.format(code=_labelled(code, name)), msg_id, refs, SkipKind.PATIENT_ANSWER)


def _note_content(note: Element, ns: str, head: _Head) -> _Content | Skipped:
    """A `Notat`: a reply in a conversation; only a patient's answer with text is imported."""
    theme_element = note.find(f"{ns}TemaKodet")
    code, code_name, system = _code_of(theme_element)
    theme = _labelled(code, code_name) if theme_element is not None else _("Notat")
    text = _note_text(note.find(f"{ns}TekstNotatInnhold"))
    if head.direction == "in":
        if code and not _is_answer(code, system):
            # A request written as a note (a cancellation's code): read it as a request.
            return _patient_content(
                _Coded(code, code_name, system), text, "", head, has_text=bool(text)
            )
        if not text:
            return _patient_answer(code, code_name, head.msg_id, head.refs)
        warning = _(
            "Pasientens svar på en melding fra sykehuset ({theme}): les teksten; kategorien er "
            "foreslått ut fra den."
        ).format(theme=theme)
        return _Content("", theme, "", text, (warning,))
    if head.direction == "out":
        reason = _("Svar fra sykehuset ({theme}), ikke en ny melding fra pasient.")
    else:
        reason = _("Svar i en samtale ({theme}), ikke en ny melding fra pasient.")
    return Skipped(reason.format(theme=theme), head.msg_id, head.refs, SkipKind.REPLY)


def _note_text(element: Element | None) -> str:
    return sporsmal_text(element) if element is not None else ""


def _attachments(root: Element) -> int:
    """How many documents of the message are attachments (PDF, pictures) rather than XML."""
    count = 0
    for ref_doc in root.iterfind(f"{_M}Document/{_M}RefDoc"):
        kind = ref_doc.find(f"{_M}MsgType")
        if (kind is not None and kind.get("V", "").strip().upper() == "A") or ref_doc.find(
            f"{_M}FileReference"
        ) is not None:
            count += 1
    return count


def _direction(info: Element) -> str:
    """Which way the message goes, told by the names of its sender and receiver.

    "in" for a message from Helsenorge's side (the patient's), "out" for one sent to it (the
    hospital's own), "" when the names do not tell.
    """
    sender = _is_helsenorge(info.find(f"{_M}Sender"))
    receiver = _is_helsenorge(info.find(f"{_M}Receiver"))
    if sender and not receiver:
        return "in"
    if receiver and not sender:
        return "out"
    return ""


def _is_helsenorge(party: Element | None) -> bool:
    if party is None:
        return False
    names = " ".join(_element_text(name) for name in party.iter(f"{_M}OrganisationName"))
    lowered = names.lower()
    return any(word in lowered for word in _HELSENORGE_NAMES)


# XML and encodings --------------------------------------------------------------------------

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _xml_source(data: bytes, *, partial: bool = False) -> tuple[bytes | str, list[str]]:
    """What the parser reads: the bytes (UTF-8), or text decoded from the file's encoding.

    A byte-order mark (UTF-8, UTF-16, UTF-32) decides first, then the declared encoding
    (windows-1252, ISO-8859-1 ...); a file claiming UTF-8 that is not is read as ISO-8859-1,
    with a warning. `partial` (the head of a larger file) tolerates a character cut in two.
    """
    errors = "replace" if partial else "strict"
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _xml_text(_decode(data[len(mark) :], codec, errors, codec)), []
    if data[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without its byte-order mark
        codec = "utf-16-le" if data[:1] == b"<" else "utf-16-be"
        return _xml_text(_decode(data, codec, errors, codec)), []
    body = data.removeprefix(codecs.BOM_UTF8)
    if not body.strip():
        raise RejectedError(_("Filen er tom."))
    if not body.lstrip().startswith(b"<"):
        raise RejectedError(_("Filen er ikke XML."))
    match = _ENCODING_DECLARATION.match(body[:200].decode("latin-1"))
    declared = match.group(1).lower() if match else "utf-8"
    if declared not in _UTF8_NAMES and not data.startswith(codecs.BOM_UTF8):
        # Without a byte-order mark the declaration decides.
        try:
            codec = codecs.lookup(declared).name
        except LookupError as error:
            raise RejectedError(
                _("Filen har en tegnkoding som ikke kan leses ({encoding}).").format(
                    encoding=declared
                )
            ) from error
        if codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:
                return body.decode(codec, errors), []
            except UnicodeDecodeError:
                # A byte the declared table lacks (0x81 in windows-1252): read every byte.
                return body.decode("iso-8859-1"), [
                    _("Filen hadde tegn som ikke finnes i {encoding}; lest som ISO-8859-1.").format(
                        encoding=declared
                    )
                ]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        if partial and error.start >= len(body) - 3:
            return body[: error.start], []
        # Declared (or by default) UTF-8 but it is not: older systems write ISO-8859-1.
        # A str is parsed as Unicode whatever its declaration says.
        return body.decode("iso-8859-1"), [
            _("Filen var ikke gyldig UTF-8 og er lest som ISO-8859-1.")
        ]
    # UTF-8 declaring another encoding (after a byte-order mark, or UTF-16 claimed by 8-bit
    # bytes): the parser would follow the declaration, so it gets the decoded text.
    return (body if declared in _UTF8_NAMES else text), []


def _decode(data: bytes, codec: str, errors: str, shown: str) -> str:
    try:
        return data.decode(codec, errors)
    except UnicodeDecodeError as error:
        raise RejectedError(
            _("Filen kan ikke leses med tegnkodingen den oppgir ({encoding}).").format(
                encoding=shown
            )
        ) from error


def _xml_text(text: str) -> str:
    """Decoded text, checked as `_xml_source` checks bytes: empty, or not XML at all."""
    if not text.strip():
        raise RejectedError(_("Filen er tom."))
    if not text.lstrip().startswith("<"):
        raise RejectedError(_("Filen er ikke XML."))
    return text


def _parse_xml(data: bytes) -> tuple[Element, list[str]]:
    """The root element; every encoding `_xml_source` reads, anything hostile refused."""
    source, warnings = _xml_source(data)
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
        raise RejectedError(_("Filen har en tegnkoding som ikke kan leses.")) from error
    _remove_controls(root)
    return root, warnings


def _check_root(root: Element) -> None:
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


def _dialogmelding(root: Element) -> tuple[Element, str] | None:
    """The Dialogmelding element and its version (None: there is none); reject unknown ones."""
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
    return None


def _without_dialogmelding(head: _Head) -> Skipped:
    """A message with no Dialogmelding: the hospital's own, a booking, or broken."""
    if head.direction == "out":
        return Skipped(
            _("Melding fra sykehuset uten Dialogmelding, ikke en melding fra pasient."),
            head.msg_id,
            head.refs,
            SkipKind.FROM_HOSPITAL,
        )
    if head.msg_type in SELF_SERVICE_PROCESSES:
        return Skipped(
            _("{process} uten Dialogmelding (oppslag eller bestilling): {kind}.").format(
                process=process_name(head.msg_type), kind=SkipKind.SELF_SERVICE.label
            ),
            head.msg_id,
            head.refs,
            SkipKind.SELF_SERVICE,
        )
    raise RejectedError(_("Meldingen har ingen Dialogmelding."))


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
        return without_controls(html_to_text(markup))  # character references decoded
    raw = element.text or ""
    if _MARKUP_IN_TEXT.search(raw):
        # Some senders escape the markup instead of embedding it.
        return without_controls(html_to_text(raw))
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
