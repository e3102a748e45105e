"""Test patients for the privacy tests, and a search for their data in the bytes of files.

The names have letters JSON may escape (Å, Ø, æ) so the search covers UTF-8, escaped JSON
(`\\u00c5`), and Latin-1; the fødselsnummer follow the synthetic test-person convention
(month + 80, as in Skatteetaten's Tenor test data).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.unit.test_helsenorge import FIXTURES

TEMPLATE = "timer-1.1_innbygger_OET_endring-av-time.xml"
"""The public example file the test patients' messages are made from."""


@dataclass(frozen=True)
class TestPatient:
    """A patient whose every trace the tests look for."""

    given: str
    family: str
    national_id: str
    text: str
    """Contains a marker no other data has."""

    __test__ = False  # not a pytest test class

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must be gone: the name and its parts, the number, the text and its marker."""
        marker = self.text.split()[-1]
        return (self.name, self.family, self.national_id, self.text, marker)

    def message_xml(self, msg_id: str, sent: datetime, *, subject: str = "") -> bytes:
        """A Helsenorge message from this patient (the public example with this patient)."""
        xml = (FIXTURES / TEMPLATE).read_text(encoding="utf-8")
        gen_date = sent.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0Z")
        xml = xml.replace("2019-05-01T09:20:11.0Z", gen_date)
        xml = xml.replace(
            "<FamilyName>Danser</FamilyName>", f"<FamilyName>{self.family}</FamilyName>"
        )
        xml = xml.replace("<GivenName>Line</GivenName>", f"<GivenName>{self.given}</GivenName>")
        xml = xml.replace("13116900216", self.national_id)
        xml = xml.replace("12345966-1fbf-11e5-867f-0800200c9a66", msg_id)
        xml = xml.replace(
            "<Sporsmal>Jeg ønsker timen flyttet til onsdag klokken 12.</Sporsmal>",
            (f"<EmneSporsmal>{subject}</EmneSporsmal>" if subject else "")
            + f"<Sporsmal>{self.text}</Sporsmal>",
        )
        return xml.encode("utf-8")


ASE = TestPatient(
    "Åse",
    "Ørnbæk-Testperson",
    "17830798427",
    "Hei, jeg må flytte timen fordi jeg er på reise. Hilsen Åse, kode SJØLØVE4711",
)
"""The patient whose data the purge must erase."""

BJORN = TestPatient(
    "Bjørn",
    "Kontrollsen-Testperson",
    "23887599316",
    "Jeg venter fortsatt på time og lurer på når den kommer. Kode HVALROSS0815",
)
"""A patient whose message is still open: his data must stay (the search must find it)."""


def encodings(secret: str) -> set[bytes]:
    """The byte forms a string may take in a file: UTF-8, escaped JSON, Latin-1."""
    forms = {secret.encode("utf-8"), json.dumps(secret)[1:-1].encode("ascii")}
    with contextlib.suppress(UnicodeEncodeError):
        forms.add(secret.encode("latin-1"))
    return forms


@dataclass(frozen=True)
class Search:
    """What a search of a folder looked at and found."""

    files: int
    bytes: int
    found: dict[str, list[str]]
    """File (relative) -> the secrets found in it."""


def search_folder(folder: Path, secrets: tuple[str, ...]) -> Search:
    """Search the raw bytes of every file under `folder`, hidden ones too, for `secrets`."""
    files = 0
    size = 0
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        files += 1
        size += len(data)
        hits = [s for s in secrets if any(form in data for form in encodings(s))]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return Search(files, size, found)
