"""The holiday cache: the same holidays as the `holidays` package, without loading it."""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from tui.core.rules import workdays
from tui.core.rules.holiday_cache import HolidayCache, cache_path, package_stamp
from tui.core.rules.workdays import WorkCalendar


def every_day(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def package_refused(*_args: object) -> object:
    raise AssertionError("the holidays package was asked although the cache holds the year")


def test_the_cache_file_is_in_the_users_cache_folder() -> None:
    # conftest points XDG_CACHE_HOME at the test run's own folder.
    assert cache_path().parts[-2:] == ("timedialog", "holidays-no.json")


def test_the_stamp_names_the_installed_package_version() -> None:
    stamp = package_stamp()
    assert stamp is not None
    assert f"holidays-{holidays.__version__}" in stamp


def test_a_cached_year_gives_what_the_package_gives_without_loading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = HolidayCache(tmp_path / "holidays.json")
    first = WorkCalendar(cache=cache)
    assert first.holiday_name(date(2026, 12, 25)) == "Første juledag"
    assert cache.path.exists()

    package = holidays.country_holidays("NO", language="no", years=range(2025, 2029))
    monkeypatch.setattr(workdays, "_from_package", package_refused)
    second = WorkCalendar(cache=HolidayCache(tmp_path / "holidays.json"))
    for year in range(2025, 2029):  # the year asked for, one before and two after
        for day in every_day(year):
            assert second.holiday_name(day) == package.get(day, ""), day
            assert second.is_working_day(day) == (day.weekday() < 5 and day not in package)
    assert second.is_loaded


def test_a_year_outside_the_cache_is_computed_and_added(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path / "holidays.json")
    WorkCalendar(cache=cache).holiday_name(date(2026, 5, 17))
    assert set(cache.read()) == {2025, 2026, 2027, 2028}

    assert WorkCalendar(cache=cache).holiday_name(date(2031, 5, 17)) == "Grunnlovsdag"
    assert set(cache.read()) == {2025, 2026, 2027, 2028, 2030, 2031, 2032, 2033}


def test_another_package_version_computes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "holidays.json"
    WorkCalendar(cache=HolidayCache(path, stamp="holidays-0.1")).is_working_day(date(2026, 1, 1))
    asked: list[object] = []
    real = workdays._from_package

    def counted(years: range) -> workdays.YearTables:
        asked.append(list(years))
        return real(years)

    monkeypatch.setattr(workdays, "_from_package", counted)
    upgraded = WorkCalendar(cache=HolidayCache(path, stamp="holidays-0.2"))
    assert not upgraded.is_working_day(date(2026, 1, 1))
    assert asked == [[2025, 2026, 2027, 2028]]
    assert json.loads(path.read_bytes())["package"] == "holidays-0.2"


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"package": "x"}', b"[1, 2]", "\u00e6\u00f8\u00e5".encode("latin-1")],
    ids=["empty", "broken", "other-package", "not-an-object", "not-utf8"],
)
def test_a_damaged_cache_file_is_computed_again_and_rewritten(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "holidays.json"
    path.write_bytes(content)
    calendar = WorkCalendar(cache=HolidayCache(path))
    assert calendar.holiday_name(date(2026, 4, 6)) == "Andre påskedag"
    assert 2026 in HolidayCache(path).read()


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"  # the cache's folder would have to be inside a file
    blocker.write_text("not a folder", encoding="utf-8")
    calendar = WorkCalendar(cache=HolidayCache(blocker / "holidays.json"))
    assert not calendar.is_working_day(date(2026, 5, 14))  # Ascension Day
    assert calendar.is_working_day(date(2026, 5, 13))
    assert list(tmp_path.iterdir()) == [blocker]  # no temporary file left behind


def test_a_closed_day_on_a_holiday_is_named_as_the_package_names_it(tmp_path: Path) -> None:
    closed = [date(2026, 12, 24), date(2026, 12, 25)]
    calendar = WorkCalendar(closed, cache=HolidayCache(tmp_path / "holidays.json"))
    package = holidays.country_holidays("NO", language="no")
    package.update(dict.fromkeys(closed, "Stengt (lokal)"))
    for day in closed:
        assert calendar.holiday_name(day) == package[day]
    assert calendar.holiday_name(date(2026, 12, 25)) == "Første juledag; Stengt (lokal)"


def fake_package(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `holidays` package in `site`, found in place of the installed one."""
    init = site / "holidays" / "__init__.py"
    init.parent.mkdir(parents=True)
    init.write_text("", encoding="utf-8")
    (site / "holidays-0.90.dist-info").mkdir()
    spec = importlib.util.spec_from_file_location("holidays", init)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    return init


def test_the_stamp_is_the_folder_the_distribution_and_when_it_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = fake_package(tmp_path, monkeypatch)
    os.utime(init, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert package_stamp() == (
        f"{tmp_path / 'holidays'}|holidays-0.90.dist-info|1700000000000000000"
    )
    # The same version installed again (new files) is another stamp: its years are computed.
    os.utime(init, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    assert package_stamp() == (
        f"{tmp_path / 'holidays'}|holidays-0.90.dist-info|1800000000000000000"
    )


def test_without_the_package_nothing_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert package_stamp() is None
    cache = HolidayCache(tmp_path / "holidays.json")
    cache.write({2026: {date(2026, 12, 25): "Første juledag"}})
    assert not cache.path.exists()
    assert cache.read() == {}


def test_the_cache_folder_is_made_when_missing(tmp_path: Path) -> None:
    # A new user's cache folder (~/.cache) may not exist yet, nor its parents.
    cache = HolidayCache(tmp_path / "home" / ".cache" / "timedialog" / "holidays-no.json")
    tables = {2026: {date(2026, 12, 25): "Første juledag"}}
    cache.write(tables)
    assert HolidayCache(cache.path).read() == tables
