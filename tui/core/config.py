"""Settings: which departments there are, their deadlines, closed days, and where files live.

The configuration is one TOML file: `--config PATH`, else `TIMEDIALOG_CONFIG`, else
`config.toml` in the user's configuration folder (platformdirs). Without any file the example
configuration that ships in `data/config.example.toml` applies.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tui.core.i18n import _
from tui.core.resources import data_dir
from tui.core.workdays import MAX_DEADLINE_DAYS, WorkCalendar

APP_NAME = "timedialog"
CONFIG_ENV = "TIMEDIALOG_CONFIG"
DB_ENV = "TIMEDIALOG_DB"


class ConfigError(ValueError):
    """A configuration that cannot be used; the message says where and why, in Norwegian."""


@dataclass(frozen=True)
class Department:
    """A department whose clerks answer its patients' messages."""

    code: str
    name: str
    her_ids: tuple[str, ...] = ()
    phone: str = ""
    deadline_days: int = MAX_DEADLINE_DAYS
    texts_dir: Path | None = None
    """The department's own standard texts (`texts_dir`, relative to the configuration file)."""


@dataclass(frozen=True)
class Config:
    """Everything the clerk's settings decide."""

    departments: tuple[Department, ...] = ()
    deadline_days: int = MAX_DEADLINE_DAYS
    closed_days: tuple[date, ...] = ()
    claim_minutes: int = 30
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def department(self, code: str) -> Department | None:
        """The department with this short code, or None."""
        return next((d for d in self.departments if d.code == code), None)

    def department_name(self, code: str) -> str:
        """The department's name, or the code itself when it is not configured."""
        department = self.department(code)
        return department.name if department else code

    def deadline_days_for(self, code: str) -> int:
        """The reply deadline in working days for a department (the general value if unknown)."""
        department = self.department(code)
        return department.deadline_days if department else self.deadline_days

    def calendar(self) -> WorkCalendar:
        """The working-day calendar with this configuration's closed days."""
        return WorkCalendar(self.closed_days)


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
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            _("Konfigurasjonsfilen {file} kan ikke leses: {error}").format(
                file=path, error=error.strerror or error
            )
        ) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            _("Konfigurasjonsfilen {file} har en feil: {error}").format(file=path, error=error)
        ) from error
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Build a `Config` from parsed TOML."""
    general = data.get("general", {})
    deadline_days = _deadline_days(general.get("deadline_days", MAX_DEADLINE_DAYS), path)
    departments = tuple(
        Department(
            code=str(item["code"]),
            name=str(item.get("name", item["code"])),
            her_ids=tuple(str(her) for her in item.get("her_ids", ())),
            phone=str(item.get("phone", "")),
            deadline_days=_deadline_days(item.get("deadline_days", deadline_days), path),
            texts_dir=_folder(item.get("texts_dir"), path),
        )
        for item in data.get("departments", ())
    )
    closed_days = tuple(
        day if isinstance(day, date) else date.fromisoformat(str(day))
        for day in general.get("closed_days", ())
    )
    return Config(
        departments=departments,
        deadline_days=deadline_days,
        closed_days=closed_days,
        claim_minutes=int(general.get("claim_minutes", 30)),
        path=path,
        raw=data,
    )


def _folder(value: object, path: Path | None) -> Path | None:
    """A folder named in the configuration; a relative one is relative to the file."""
    if not value:
        return None
    folder = Path(str(value)).expanduser()
    return folder if folder.is_absolute() or path is None else path.parent / folder


def _deadline_days(value: object, path: Path | None) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_DEADLINE_DAYS:
        raise ConfigError(
            _(
                "{file}: svarfristen må være 1 til {max} arbeidsdager (prosedyren sier maks 4), "
                "ikke {value}"
            ).format(file=path, max=MAX_DEADLINE_DAYS, value=value)
        )
    return value
