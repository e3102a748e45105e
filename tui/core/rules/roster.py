"""The duty roster: who follows the shared inbox on which day, and who may change it.

The procedure makes the section leader responsible for the routine of who follows the
department's shared work group. The configuration's `[roster]` gives the plan (clerks per
weekday, and named dates), and the users named in `leaders` may change it in the app. Their
changes are stored in the shared database rather than in the configuration file, so every
clerk's app shows them at once, and each change records who made it and when.

For a day, the first of these that names it decides: a date changed in the app, a date in the
configuration, a weekday changed in the app, the configuration's weekday.

An open message that nobody holds by `claim_by` (12:00) on its last day is marked, in the
inbox row and the detail pane, so the clerk on duty sees what is at risk of going unanswered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from tui.core.i18n import _
from tui.core.model import OSLO, HistoryEntry, Message
from tui.core.rules.claims import claim_holder
from tui.core.settings import ReadContext, SettingError, clock_time, setting, text_list

if TYPE_CHECKING:
    from tui.core.store.interface import InboxStore

WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The configuration's keys for the weekdays, Monday first (`date.weekday()` order)."""

Names = tuple[str, ...]


def weekday_name(weekday: int) -> str:
    """The weekday's Norwegian name: "mandag" ... "søndag"."""
    names = (
        _("mandag"),
        _("tirsdag"),
        _("onsdag"),
        _("torsdag"),
        _("fredag"),
        _("lørdag"),
        _("søndag"),
    )
    return names[weekday]


def user_names(value: Any, context: ReadContext) -> Names:
    """A list of user names (the login names the clerks work under); may be empty."""
    if value == []:
        return ()
    return text_list(value, context)


def dated_names(value: Any, context: ReadContext) -> tuple[tuple[date, Names], ...]:
    """A table of dates and who is on duty that day: `2026-12-23 = ["anne"]`."""
    if not isinstance(value, dict):
        raise SettingError(
            _('må være en tabell, for eksempel [roster.dates] 2026-12-23 = ["anne"]')
        )
    days: dict[date, Names] = {}
    for key, names in value.items():
        try:
            day = date.fromisoformat(str(key))
        except ValueError:
            raise SettingError(
                _("«{key}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)").format(key=key)
            ) from None
        try:
            days[day] = user_names(names, context)
        except SettingError as error:
            raise SettingError(f"{key}: {error}") from None
    return tuple(sorted(days.items()))


@dataclass(frozen=True)
class RosterSettings:
    """The configured plan and roles (`[roster]`)."""

    leaders: Names = setting((), user_names)
    """Users who may change the roster in the app (the section leader and deputies)."""
    claim_by: time = setting(time(12, 0), clock_time)
    """An open message nobody holds by this time on its last day is marked."""
    monday: Names = setting((), user_names)
    """Who is on duty on Mondays (login names)."""
    tuesday: Names = setting((), user_names)
    """Who is on duty on Tuesdays (login names)."""
    wednesday: Names = setting((), user_names)
    """Who is on duty on Wednesdays (login names)."""
    thursday: Names = setting((), user_names)
    """Who is on duty on Thursdays (login names)."""
    friday: Names = setting((), user_names)
    """Who is on duty on Fridays (login names)."""
    saturday: Names = setting((), user_names)
    """Who is on duty on Saturdays (login names)."""
    sunday: Names = setting((), user_names)
    """Who is on duty on Sundays (login names)."""
    dates: tuple[tuple[date, Names], ...] = setting((), dated_names)
    """Days whose duty differs from the weekday's (`[roster.dates]`)."""

    def on_weekday(self, weekday: int) -> Names:
        """Who the configuration puts on duty on a weekday (0 is Monday)."""
        names: Names = getattr(self, WEEKDAY_KEYS[weekday])
        return names

    @property
    def is_set_up(self) -> bool:
        """True when the configuration names anyone on duty at all."""
        return any(self.on_weekday(day) for day in range(7)) or bool(self.dates)


@dataclass(frozen=True)
class RosterChanges:
    """The leaders' changes to the configured plan, as stored in the shared database."""

    weekdays: dict[int, Names] = field(default_factory=dict)
    dates: dict[date, Names] = field(default_factory=dict)
    history: tuple[HistoryEntry, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form the store keeps."""
        return {
            "weekdays": {str(day): list(names) for day, names in sorted(self.weekdays.items())},
            "dates": {day.isoformat(): list(names) for day, names in sorted(self.dates.items())},
            "history": [entry.to_dict() for entry in self.history],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RosterChanges:
        """Rebuild from `to_dict` output (an empty dict: no changes)."""
        return cls(
            weekdays={
                int(day): tuple(str(name) for name in names)
                for day, names in data.get("weekdays", {}).items()
            },
            dates={
                date.fromisoformat(day): tuple(str(name) for name in names)
                for day, names in data.get("dates", {}).items()
            },
            history=tuple(HistoryEntry.from_dict(entry) for entry in data.get("history", ())),
        )


class Source:
    """Where a day's duty comes from (shown beside it in the roster screen)."""

    APP_DATE = "app-dato"
    CONFIG_DATE = "konfig-dato"
    APP_WEEKDAY = "app-ukedag"
    CONFIG_WEEKDAY = "konfig-ukedag"


@dataclass(frozen=True)
class Roster:
    """The plan in force: the configuration with the leaders' changes over it."""

    settings: RosterSettings = field(default_factory=RosterSettings)
    changes: RosterChanges = field(default_factory=RosterChanges)

    def weekday(self, weekday: int) -> tuple[Names, str]:
        """Who is on duty on a weekday in general, and whether the app or configuration says so."""
        if weekday in self.changes.weekdays:
            return self.changes.weekdays[weekday], Source.APP_WEEKDAY
        return self.settings.on_weekday(weekday), Source.CONFIG_WEEKDAY

    def day(self, day: date) -> tuple[Names, str]:
        """Who is on duty on `day`, and where that comes from (see `Source`)."""
        if day in self.changes.dates:
            return self.changes.dates[day], Source.APP_DATE
        configured = dict(self.settings.dates)
        if day in configured:
            return configured[day], Source.CONFIG_DATE
        return self.weekday(day.weekday())

    def on(self, day: date) -> Names:
        """Who is on duty on `day`."""
        return self.day(day)[0]

    @property
    def is_set_up(self) -> bool:
        """True when anyone is on duty on any day (the header then says who is today)."""
        return (
            self.settings.is_set_up
            or any(self.changes.weekdays.values())
            or any(self.changes.dates.values())
        )

    def special_dates(self) -> list[date]:
        """Every date the configuration or the app names apart from its weekday, sorted."""
        return sorted({day for day, _names in self.settings.dates} | set(self.changes.dates))


class RosterError(ValueError):
    """A change the user may not make; the message says why, in Norwegian."""


def parse_names(value: str) -> Names:
    """User names typed by a leader: separated by commas or spaces, each once, in order."""
    names: list[str] = []
    for name in value.replace(",", " ").split():
        if name not in names:
            names.append(name)
    return tuple(names)


ROSTER_ACTION = "vaktliste"
"""History action of a roster change."""


class DutyRoster:
    """Reading the roster in force, and the leaders' changes to it, through the store."""

    def __init__(
        self,
        store: InboxStore,
        settings: RosterSettings,
        user: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.settings = settings
        self.user = user
        self.clock = clock

    @property
    def may_edit(self) -> bool:
        """True when this user is one of the configured leaders."""
        return self.user in self.settings.leaders

    def roster(self) -> Roster:
        """The roster as it is now in the shared database."""
        return Roster(self.settings, RosterChanges.from_dict(self.store.roster_data()))

    def today(self) -> Names:
        """Who is on duty today."""
        return self.roster().on(self.clock().astimezone(OSLO).date())

    def set_weekday(self, weekday: int, names: Names) -> Roster:
        """Put `names` on duty every `weekday` (empty: nobody) from now on."""
        return self._change(weekday_name(weekday), weekday, names)

    def reset_weekday(self, weekday: int) -> Roster:
        """Let the configuration decide the weekday again."""
        return self._change(weekday_name(weekday), weekday, None)

    def set_date(self, day: date, names: Names) -> Roster:
        """Put `names` on duty on one date (empty: nobody), whatever its weekday says."""
        return self._change(day.isoformat(), day, names)

    def reset_date(self, day: date) -> Roster:
        """Remove the app's change for a date: the configuration or the weekday decides."""
        return self._change(day.isoformat(), day, None)

    def _change(self, what: str, key: int | date, names: Names | None) -> Roster:
        """Store `names` for a weekday (int key) or a date, or remove the change (None)."""
        if not self.may_edit:
            raise RosterError(not_a_leader_reason(self.settings))
        changed = RosterChanges()

        def apply(data: dict[str, Any]) -> dict[str, Any]:
            nonlocal changed
            changes = RosterChanges.from_dict(data)
            weekdays, dates = dict(changes.weekdays), dict(changes.dates)
            table: dict[Any, Names] = dates if isinstance(key, date) else weekdays
            old = table.pop(key, None)
            if names is not None:
                table[key] = names
            entry = HistoryEntry(
                when=self.clock(),
                user=self.user,
                action=f"{ROSTER_ACTION} {what}",
                old=_names_text(old),
                new=_names_text(names),
            )
            changed = RosterChanges(weekdays, dates, (*changes.history, entry))
            return changed.to_dict()

        self.store.update_roster_data(apply)
        return Roster(self.settings, changed)


def _names_text(names: Names | None) -> str:
    """Names for the history: "kari, per", "ingen", or "(konfigurasjonen)" for no change."""
    if names is None:
        return _("(konfigurasjonen)")
    return ", ".join(names) or _("ingen")


def not_a_leader_reason(settings: RosterSettings) -> str:
    """Why this user may not change the roster, and who may."""
    if not settings.leaders:
        return _(
            "Ingen ledere er satt opp: skriv brukernavnene i leaders under [roster] i "
            "konfigurasjonen."
        )
    return _("Bare ledere kan endre vaktlisten ({leaders}).").format(
        leaders=", ".join(settings.leaders)
    )


def unclaimed_on_last_day(
    message: Message, now: datetime, settings: RosterSettings, claim_minutes: int
) -> bool:
    """True for an open message nobody holds once `claim_by` has passed on its last day.

    Overdue messages nobody holds stay marked: they are even more at risk.
    """
    if not message.status.is_open or claim_holder(message, now, claim_minutes):
        return False
    local = now.astimezone(OSLO)
    if message.deadline < local.date():
        return True
    return message.deadline == local.date() and local.time() >= settings.claim_by
