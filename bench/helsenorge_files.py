"""Generated Helsenorge message files for the benchmarks: the public examples, varied.

Each file is one of the patients' example messages (every appointment process) under its own
MsgId, send time and text, so it imports as a new message.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core.helsenorge.parsing import PatientRequest, parse_message

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "helsenorge"
TEMPLATES = sorted(
    path
    for path in FIXTURES.glob("*_innbygger_*.xml")
    if b"<Sporsmal>" in path.read_bytes()
    and isinstance(parse_message(path.read_bytes()), PatientRequest)
)
"""The patients' messages of every appointment process (a text to vary, and imported)."""
SENTENCES = (
    "Jeg må dessverre flytte timen min.",
    "Kan jeg få time en annen dag?",
    "Jeg ønsker å avbestille timen, jeg er frisk nå.",
    "Jeg har ventet lenge og ikke hørt noe.",
    "Må jeg faste før undersøkelsen?",
    "Hvor skal jeg møte?",
)
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


def message_text(number: int, sent: datetime, *, label: str = "bench") -> str:
    """Message file number `number`, sent at `sent`; `label` keeps MsgIds of runs apart."""
    templates = [path.read_bytes().decode("utf-8") for path in TEMPLATES]
    return _message_text(templates, number, sent, label)


def _message_text(templates: list[str], number: int, sent: datetime, label: str) -> str:
    text = templates[number % len(templates)]
    msg_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"timedialog-{label}-{number}"))
    sent_utc = sent.astimezone(UTC)
    text = _replace_between(text, "<MsgId>", "</MsgId>", msg_id)
    text = _replace_between(text, "<GenDate>", "</GenDate>", f"{sent_utc:%Y-%m-%dT%H:%M:%S}Z")
    sentence = f"{SENTENCES[number % len(SENTENCES)]} (melding {number})"
    return _replace_between(text, "<Sporsmal>", "</Sporsmal>", sentence)


def generate(
    folder: Path,
    count: int,
    *,
    start: datetime = START,
    step: timedelta = timedelta(minutes=17),
    label: str = "bench",
) -> list[Path]:
    """`count` files in `folder`, the first sent at `start` and each `step` after the last."""
    templates = [path.read_bytes().decode("utf-8") for path in TEMPLATES]
    paths = []
    for number in range(count):
        path = folder / f"melding-{number:05d}.xml"
        text = _message_text(templates, number, start + step * number, label)
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def _replace_between(text: str, start: str, end: str, value: str) -> str:
    head, _sep, rest = text.partition(start)
    _old, _sep, tail = rest.partition(end)
    return f"{head}{start}{value}{end}{tail}"
