"""Norway's public holidays as the `holidays` package gave them, kept in the user's cache folder.

Loading the `holidays` package is slow: it imports all of its ~280 countries to reach Norway's
(figures in bench/README.md). A year's holidays never change for a given installed version of
the package, so the dates it gave are written to a small file and read back on the next start
in a fraction of the time. The file names the installed package (found without importing
it); another version, a missing or damaged file, or one that cannot be written only means
the package is loaded, as it would be without the file. Holiday dates are no patient data.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from tui.core.resources import APP_NAME
from tui.core.store.dbfile import CODEC, FileAccess, replace_atomically

YearTables = dict[int, dict[date, str]]
"""Public holidays by year: each holiday's date and its Norwegian name."""

FILE_NAME = "holidays-no.json"
"""The cache file's name in the user's cache folder."""


def cache_path() -> Path:
    """The cache file in the user's cache folder (platformdirs)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME) / FILE_NAME


def package_stamp() -> str | None:
    """What tells the installed `holidays` package from any other, without importing it.

    The package's folder, its distribution's name and version (the `.dist-info` folder beside
    it), and when its files were written (an install or upgrade writes them anew). None when
    the package cannot be found: then nothing is cached.
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    init = Path(spec.origin)
    try:
        written = init.stat().st_mtime_ns
        distributions = sorted(path.name for path in init.parent.parent.glob("holidays-*"))
    except OSError:
        return None
    return "|".join([str(init.parent), *distributions, str(written)])


class HolidayCache:
    """Reads and writes the year tables of one cache file, for one installed package."""

    def __init__(self, path: Path | None = None, stamp: str | None = None) -> None:
        self._path = path
        self._stamp = stamp

    @property
    def path(self) -> Path:
        """The cache file."""
        if self._path is None:
            self._path = cache_path()
        return self._path

    @property
    def stamp(self) -> str | None:
        """The installed package's stamp (see `package_stamp`)."""
        if self._stamp is None:
            self._stamp = package_stamp()
        return self._stamp

    def read(self) -> YearTables:
        """The years the file holds for the installed package; empty when it holds none."""
        stamp = self.stamp
        if stamp is None:
            return {}
        try:
            data = CODEC.loads(self.path.read_bytes())
            if data.get("package") != stamp:
                return {}
            return {
                int(year): {date.fromisoformat(day): str(name) for day, name in days.items()}
                for year, days in data["years"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # missing or damaged: the package gives the dates again

    def write(self, tables: YearTables) -> None:
        """Keep `tables` for the next start; a file that cannot be written is left as it is.

        Replaced whole, as the database files are, so a reader never sees half a file; two
        processes writing at once only means one's years are computed again.
        """
        stamp = self.stamp
        if stamp is None:
            return
        data = {
            "package": stamp,
            "years": {
                str(year): {day.isoformat(): name for day, name in sorted(days.items())}
                for year, days in sorted(tables.items())
            },
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(self.path, CODEC.dumps(data), FileAccess(), self.path)
        except OSError:
            pass  # read-only home or a full disk: the package is loaded on the next start
