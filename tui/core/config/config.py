"""Settings: departments, deadlines, closed days, the fee rule, urgent words, checklists.

The configuration is one TOML file: `--config PATH`, else `TIMEDIALOG_CONFIG`, else
`config.toml` in the user's configuration folder (platformdirs). Without any file the example
configuration that ships in `data/config.example.toml` applies.

Every key is declared once, as a dataclass field made with `settings.setting` (the field's name
is the key's name): `[general]` keys are fields of `Config`, `[[departments]]` keys fields of
`Department`, `[fee]` of `FeeRule`, `[urgent]` of `UrgentRule`, `[suggestions]` of `SiteWords`,
`[checklists]` of `Checklists`,
`[office_hours]` of `OfficeHours`, `[roster]` of `RosterSettings`,
`[display]` of `Display`, `[database]` of `Database`. Adding a key is adding its field.
`[keys]` is the exception: its keys are the app's binding ids, which the UI knows
(`tui.keymap` checks them and reports problems through `config_error`). Unknown tables and
keys are errors, and every error names its line, so `timedialog config check` can point at
each one.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from tui.core.config.tomllines import KeyLines, syntax_error_line, syntax_error_reason
from tui.core.controls import data_without_controls
from tui.core.i18n import _, ngettext
from tui.core.model import Category
from tui.core.oserrors import describe_os_error, describe_toml_error
from tui.core.resources import APP_NAME, data_dir
from tui.core.rules.fee import FeeRule
from tui.core.rules.officehours import OfficeHours, WorkingTime
from tui.core.rules.roster import RosterSettings
from tui.core.rules.sitewords import SiteWords
from tui.core.rules.urgent import UrgentRule
from tui.core.rules.workdays import MAX_DEADLINE_DAYS, WorkCalendar
from tui.core.settings import (
    REQUIRED,
    Problem,
    ReadContext,
    SettingError,
    checklist,
    date_list,
    digit_strings,
    folder,
    one_of,
    optional_text,
    read_table,
    setting,
    text,
    unknown_key_reason,
    whole_number,
)

CONFIG_ENV = "TIMEDIALOG_CONFIG"
DB_ENV = "TIMEDIALOG_DB"
UNSORTED = "usortert"
"""The department code of imported messages whose receiver matches no configured HER-id."""


@dataclass(frozen=True)
class ConfigProblem:
    """One error in a configuration file, with the line it is on (None when unknown)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("linje {line}: {message}").format(line=self.line, message=self.message)


class ConfigError(ValueError):
    """A configuration that cannot be used; the message says where and why, in Norwegian."""

    def __init__(self, message: str, problems: tuple[ConfigProblem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def read_deadline_days(value: Any, context: ReadContext) -> int:
    """A reply deadline in working days: 1 to 4, the procedure's limit."""
    try:
        return int(whole_number(1, MAX_DEADLINE_DAYS)(value, context))
    except SettingError:
        raise SettingError(
            _(
                "svarfristen må være 1 til {max} arbeidsdager (prosedyren sier maks {max}), "
                "ikke {value!r}"
            ).format(max=MAX_DEADLINE_DAYS, value=value)
        ) from None


def optional_group(value: Any, context: ReadContext) -> str | None:
    """A Unix group name; empty means none (the files stay owner-only)."""
    name = optional_text(value, context)
    return name or None


def read_code(value: Any, context: ReadContext) -> str:
    """A department's short code: letters and digits, no spaces."""
    code = text(value, context)
    if not code.replace("-", "").replace("_", "").isalnum() or len(code) > 12:
        raise SettingError(
            _("«{code}» er ikke en gyldig kode (bokstaver og sifre, høyst 12 tegn)").format(
                code=code
            )
        )
    return code


@dataclass(frozen=True)
class Department:
    """A department whose clerks answer its patients' messages (`[[departments]]`)."""

    code: str = setting(REQUIRED, read_code)
    """The department's short code, shown in the inbox ("BLOD"); required, and unique."""
    name: str = setting("", optional_text)
    """The department's name, in the lists and in a text's `{avdeling}` ("Blodsykdommer")."""
    her_ids: tuple[str, ...] = setting((), digit_strings)
    """The department's HER-ids: an imported message addressed to one lands here."""
    phone: str = setting("", optional_text)
    """The number patients are told to call, in a text's `{telefon}`."""
    deadline_days: int = setting(MAX_DEADLINE_DAYS, read_deadline_days)
    """Working days to reply (1 to 4); the general `deadline_days` when not given."""
    fee_kr: int | None = setting(None, whole_number(0, 100_000))
    """This department's fee when it differs from `[fee] amount_kr` (mental health: 443)."""
    drop_folder: Path | None = setting(None, folder)
    """A folder whose files are imported into this department while the app runs."""
    texts_dir: Path | None = setting(None, folder)
    """The department's own standard texts (`texts_dir`, relative to the configuration file)."""

    @property
    def label(self) -> str:
        """Code and name: "BLOD – Blodsykdommer"."""
        return f"{self.code} – {self.name}" if self.name else self.code


@dataclass(frozen=True)
class Checklists:
    """Follow-up checklists per category (`[checklists]`); None leaves it to the text file.

    The steps after the reply, which `b` gives the message. A category left out uses the
    `checklist` of its text file; an empty list closes the message as soon as the reply is
    sent.
    """

    endring: tuple[str, ...] | None = setting(None, checklist)
    """The steps after replying to a request to change an appointment."""
    avbestilling: tuple[str, ...] | None = setting(None, checklist)
    """The steps after replying to a cancellation."""
    purring: tuple[str, ...] | None = setting(None, checklist)
    """The steps after replying to a patient chasing a long wait."""
    annet: tuple[str, ...] | None = setting(None, checklist)
    """The steps after replying to any other question."""
    gebyr: tuple[str, ...] | None = setting(None, checklist)
    """The steps after replying to a late cancellation with the fee text."""

    def for_category(self, category: Category) -> tuple[str, ...] | None:
        """The configured checklist for `category`, or None when the text file decides."""
        value: tuple[str, ...] | None = getattr(self, category.value)
        return value


class ThemeChoice(StrEnum):
    """The colours the app uses (`[display] theme`)."""

    AUTO = "auto"
    """The terminal's own 16 colours when it has no more (TERM=xterm, PuTTY) or NO_COLOR is
    set; otherwise the full-colour dark theme."""
    ANSI = "ansi"
    """Always the terminal's own palette (its 16 colours, as the clerk has set them up)."""
    DARK = "dark"
    """Textual's full-colour dark theme, whatever the terminal announces."""
    LIGHT = "light"
    """Textual's full-colour light theme."""


@dataclass(frozen=True)
class Display:
    """How the app looks on the clerk's terminal (`[display]`)."""

    theme: ThemeChoice = setting(ThemeChoice.AUTO, one_of(ThemeChoice))
    """The colours the app uses (the values are below)."""


def database_url(value: Any, context: ReadContext) -> str:
    """A PostgreSQL address (`postgresql://…`), without a password."""
    url = optional_text(value, context)
    if url and not url.lower().startswith(("postgresql://", "postgres://")):
        raise SettingError(_("må være en PostgreSQL-adresse som begynner med postgresql://"))
    if url:
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(url)
        if parts.password is not None or "password" in parse_qs(parts.query):
            raise SettingError(
                _("skal ikke inneholde passord: bruk .pgpass, en tjenestefil eller peer-innlogging")
            )
    return url


@dataclass(frozen=True)
class Database:
    """The shared database on a PostgreSQL server (`[database]`); not set: the database file."""

    url: str = setting("", database_url)
    """The server's address, `postgresql://host/dbname?sslmode=verify-full` or
    `postgresql://?service=timedialog` (libpq's service file); never with a password (libpq
    reads `.pgpass`, or the server trusts the login: peer). `--db` and `TIMEDIALOG_DB` come
    first."""
    department: str = setting("", optional_text)
    """This configuration's department in the shared database: its clerks see its messages
    only (docs/postgresql.md: a role per department)."""


@dataclass(frozen=True)
class Config:
    """Everything the clerk's settings decide. The `setting` fields are `[general]` keys."""

    deadline_days: int = setting(MAX_DEADLINE_DAYS, read_deadline_days)
    """Working days to reply (the procedure allows at most 4); a department may set its own."""
    closed_days: tuple[date, ...] = setting((), date_list)
    """Days the office is closed although they are not public holidays (24 and 31 December)."""
    claim_minutes: int = setting(30, whole_number(1, 24 * 60))
    """A claim (the clerk who opened a message holds it) lapses after this many minutes."""
    departments: tuple[Department, ...] = ()
    archive_after_days: int = setting(30, whole_number(1, 10 * 365))
    """Answered and closed messages move to the archive after this many days untouched."""
    retention_days: int = setting(30, whole_number(1, 10 * 365))
    """A closed message's patient data (text, name, identifiers) is erased this many days after
    it was closed, from the database, the archive and the backups; statistics stay."""
    drop_folder: Path | None = setting(None, folder)
    """A folder whose Helsenorge files are imported while the app runs."""
    shared_group: str | None = setting(None, optional_group)
    """The Unix group that shares the database files (0660); not set: owner only (0600)."""
    fee: FeeRule = field(default_factory=FeeRule)
    urgent: UrgentRule = field(default_factory=UrgentRule)
    suggestions: SiteWords = field(default_factory=SiteWords)
    """`[suggestions]`: the site's own words per category, added to the classifier's rules."""
    checklists: Checklists = field(default_factory=Checklists)
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    roster: RosterSettings = field(default_factory=RosterSettings)
    display: Display = field(default_factory=Display)
    database: Database = field(default_factory=Database)
    keys: tuple[tuple[str, str], ...] = ()
    """`[keys]`: binding id and the keys it gets instead of its own ("f2" or "f2,ctrl+s")."""
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    source: str = field(default="", compare=False, repr=False)
    """The file's text, so problems found later (the keys' check) can name their lines."""

    def department(self, code: str) -> Department | None:
        """The department with this short code, or None."""
        return next((d for d in self.departments if d.code == code), None)

    def department_name(self, code: str) -> str:
        """The department's name, or the code itself when it is not configured."""
        department = self.department(code)
        if department is None and code == UNSORTED:
            return _("Usortert (ukjent mottaker)")
        return department.name or code if department else code

    def deadline_days_for(self, code: str) -> int:
        """The reply deadline in working days for a department (the general value if unknown)."""
        department = self.department(code)
        return department.deadline_days if department else self.deadline_days

    def fee_kr_for(self, code: str) -> int:
        """The fee for a department's appointments (its own amount, else the general one)."""
        department = self.department(code)
        if department is not None and department.fee_kr is not None:
            return department.fee_kr
        return self.fee.amount_kr

    def calendar(self) -> WorkCalendar:
        """The working-day calendar with this configuration's closed days."""
        return WorkCalendar(self.closed_days)

    def working_time(self) -> WorkingTime:
        """Counts time in office hours on this configuration's working days (the report)."""
        return WorkingTime(self.office_hours, self.calendar())


def user_config_path() -> Path:
    """`config.toml` in the user's configuration folder."""
    from platformdirs import user_config_path as platform_config_path

    return platform_config_path(APP_NAME) / "config.toml"


def example_config_path() -> Path:
    """The example configuration that ships with timedialog."""
    return data_dir() / "config.example.toml"


def find_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The configuration file in force: explicit, then `TIMEDIALOG_CONFIG`, user, example."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    user_path = user_config_path()
    return user_path if user_path.exists() else example_config_path()


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Read and check the configuration; raise `ConfigError` with a clerk-readable message."""
    path = find_config_path(explicit)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            _("Konfigurasjonsfilen {file} kan ikke leses: {error}").format(
                file=path, error=describe_os_error(error)
            )
        ) from error
    except UnicodeDecodeError as error:
        raise ConfigError(
            _("Konfigurasjonsfilen {file} er ikke UTF-8-tekst ({error}).").format(
                file=path, error=_("ugyldig byte nr. {number}").format(number=error.start + 1)
            )
        ) from error
    return parse_config_text(source, path)


def parse_config_text(source: str, path: Path | None = None) -> Config:
    """Parse and check configuration text; errors name their lines."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        problem = ConfigProblem(
            syntax_error_line(error),
            _("ikke gyldig TOML ({reason})").format(
                reason=describe_toml_error(syntax_error_reason(error))
            ),
        )
        raise ConfigError(_error_text(path, (problem,)), (problem,)) from error
    return parse_config(data, path, source)


def parse_config(data: dict[str, Any], path: Path | None = None, source: str = "") -> Config:
    """Build a `Config` from parsed TOML; `source` (the file's text) lets errors name lines.

    Terminal control characters in any text are removed (see `tui.core.controls`).
    """
    data = data_without_controls(data)
    problems: list[Problem] = []
    context = ReadContext(path)
    for key in data:
        if key not in _TABLES:
            problems.append(Problem((key,), unknown_key_reason(key, _TABLES, table=True)))
    general = read_table(
        Config, data.get("general", {}), where=("general",), problems=problems, context=context
    )
    deadline_days = general.deadline_days if general else MAX_DEADLINE_DAYS
    departments = _read_departments(data.get("departments", []), problems, context, deadline_days)
    fee = read_table(
        FeeRule, data.get("fee", {}), where=("fee",), problems=problems, context=context
    )
    urgent = read_table(
        UrgentRule, data.get("urgent", {}), where=("urgent",), problems=problems, context=context
    )
    suggestions = read_table(
        SiteWords,
        data.get("suggestions", {}),
        where=("suggestions",),
        problems=problems,
        context=context,
    )
    checklists = read_table(
        Checklists,
        data.get("checklists", {}),
        where=("checklists",),
        problems=problems,
        context=context,
    )
    office_hours = read_table(
        OfficeHours,
        data.get("office_hours", {}),
        where=("office_hours",),
        problems=problems,
        context=context,
    )
    if office_hours is not None and office_hours.closes <= office_hours.opens:
        problems.append(Problem(("office_hours", "closes"), _("closes må være etter opens")))
    roster = read_table(
        RosterSettings,
        data.get("roster", {}),
        where=("roster",),
        problems=problems,
        context=context,
    )
    display = read_table(
        Display, data.get("display", {}), where=("display",), problems=problems, context=context
    )
    database = read_table(
        Database, data.get("database", {}), where=("database",), problems=problems, context=context
    )
    keys = _read_keys(data.get("keys", {}), problems)
    if (
        problems
        or general is None
        or fee is None
        or urgent is None
        or suggestions is None
        or checklists is None
        or office_hours is None
        or roster is None
        or display is None
        or database is None
    ):
        raise _located_error(path, source, data, problems)
    return dataclasses.replace(
        general,
        departments=departments,
        fee=fee,
        urgent=urgent,
        suggestions=suggestions,
        checklists=checklists,
        office_hours=office_hours,
        roster=roster,
        display=display,
        database=database,
        keys=keys,
        path=path,
        raw=data,
        source=source,
    )


def config_error(config: Config, problems: list[Problem]) -> ConfigError:
    """The error for problems found in a parsed configuration, each named with its line."""
    return _located_error(config.path, config.source, config.raw, problems)


def _located_error(
    path: Path | None, source: str, data: dict[str, Any], problems: list[Problem]
) -> ConfigError:
    lines = KeyLines(source) if source else None
    located = tuple(
        ConfigProblem(lines.line_of(problem.path) if lines else None, _where(problem, data))
        for problem in problems
    )
    located = tuple(sorted(located, key=lambda p: (p.line or 0, p.message)))
    return ConfigError(_error_text(path, located), located)


_TABLES = (
    "general",
    "departments",
    "fee",
    "urgent",
    "suggestions",
    "checklists",
    "office_hours",
    "roster",
    "display",
    "database",
    "keys",
)
"""The configuration's top-level tables."""


def _read_departments(
    items: object, problems: list[Problem], context: ReadContext, deadline_days: int
) -> tuple[Department, ...]:
    if not isinstance(items, list):
        problems.append(Problem(("departments",), _("skriv hver avdeling som [[departments]]")))
        return ()
    departments: list[Department] = []
    codes: dict[str, int] = {}
    her_owners: dict[str, str] = {}
    for index, item in enumerate(items):
        department = read_table(
            Department,
            item,
            where=("departments", index),
            problems=problems,
            context=context,
            defaults={"deadline_days": deadline_days},
        )
        if department is None:
            continue
        if department.code in codes:
            problems.append(
                Problem(
                    ("departments", index, "code"),
                    _("koden {code} er brukt før (avdeling nr. {first})").format(
                        code=department.code, first=codes[department.code] + 1
                    ),
                )
            )
        codes.setdefault(department.code, index)
        for her in department.her_ids:
            if her in her_owners:
                problems.append(
                    Problem(
                        ("departments", index, "her_ids"),
                        _("HER-id {her} hører allerede til {owner}").format(
                            her=her, owner=her_owners[her]
                        ),
                    )
                )
            her_owners.setdefault(her, department.code)
        departments.append(department)
    return tuple(departments)


def _read_keys(table: object, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    """`[keys]`: each binding id with its keys, as one comma-separated string.

    Only the form is checked here; whether the id exists and the keys are free is the UI's
    to say (`tui.keymap`).
    """
    if not isinstance(table, dict):
        problems.append(Problem(("keys",), _("må være en tabell")))
        return ()
    keys = []
    for binding_id, value in table.items():
        items = value if isinstance(value, list) else [value]
        names = [item.strip() for item in items if isinstance(item, str)]
        if not items or len(names) != len(items) or not all(names):
            problems.append(
                Problem(
                    ("keys", binding_id),
                    _(
                        '{id}: skriv tasten som tekst, for eksempel "f2" eller ["f2", "ctrl+s"]'
                    ).format(id=binding_id),
                )
            )
            continue
        keys.append(
            (binding_id, ",".join(part.strip() for name in names for part in name.split(",")))
        )
    return tuple(keys)


def _where(problem: Problem, data: dict[str, Any]) -> str:
    """The problem's reason, prefixed with the table it is in: "[general] ..."."""
    path = problem.path
    if not path:
        return problem.reason
    if path[0] == "departments" and len(path) > 1 and isinstance(path[1], int):
        item = data["departments"][path[1]]
        code = item.get("code") if isinstance(item, dict) else None
        label = _("avdeling nr. {number}").format(number=path[1] + 1)
        if code:
            label += f" ({code})"
        return f"[[departments]] {label}: {problem.reason}"
    if len(path) == 1 and path[0] not in _TABLES:
        return problem.reason
    return f"[{path[0]}] {problem.reason}"


def _error_text(path: Path | None, problems: tuple[ConfigProblem, ...]) -> str:
    name = path or _("(uten fil)")
    header = ngettext(
        "Konfigurasjonsfilen {file} har {count} feil:",
        "Konfigurasjonsfilen {file} har {count} feil:",
        len(problems),
    ).format(file=name, count=len(problems))
    return "\n".join([header, *(f"  {problem}" for problem in problems)])
