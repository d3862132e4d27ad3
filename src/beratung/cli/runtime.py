"""Lazy access to paths and services for one CLI invocation."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from beratung.paths import AppPaths

if TYPE_CHECKING:
    from beratung.services import Services

T = TypeVar("T")

#: Tries at typing the key of an encrypted database before the command gives up.
KEY_ATTEMPTS = 3


def with_database_key(open_: Callable[[str | None], T]) -> T:
    """Call ``open_`` (which opens the database with the key it is given, ``None``: from
    ``BERATUNG_DB_KEY`` or the keyring) and, when the database is encrypted and that gave no
    key or a wrong one, ask for the key on the terminal (never echoed, never an argument the
    process list or the shell history would keep). Without a terminal the German message of
    the refusal stands."""
    from beratung.services.database import KeyRequiredError, WrongKeyError

    key: str | None = None
    for attempt in range(1, KEY_ATTEMPTS + 1):
        try:
            return open_(key)
        except (KeyRequiredError, WrongKeyError) as exc:
            if attempt == KEY_ATTEMPTS or not sys.stdin.isatty():
                raise
            if isinstance(exc, WrongKeyError):
                print("Der Schlüssel passt nicht; bitte noch einmal.", file=sys.stderr)
            key = getpass.getpass(f"Schlüssel der verschlüsselten Datenbank {exc.path}: ")
            if not key:
                raise
    raise AssertionError("unreachable")


@dataclass
class Runtime:
    paths: AppPaths
    db_path: str | None
    url: str | None
    _services: Services | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Runtime:
        return cls(
            paths=AppPaths.default(getattr(args, "data_dir", None)),
            db_path=getattr(args, "db", None),
            url=getattr(args, "database_url", None),
        )

    def services(self, *, create: bool = False) -> Services:
        """Open the database on first use (commands like ``--version`` never touch it).

        A ``--db`` file that does not exist is refused unless the command makes a database
        (``create``: ``demo``): a typing mistake must not quietly start a new, empty database
        and import into it. The default database is made on first use, as the GUI does."""
        if self._services is None:
            from beratung.services import Services

            self._services = with_database_key(
                lambda key: Services.open(
                    self.paths, db_path=self.db_path, url=self.url,
                    must_exist=self.db_path is not None and not create, key=key,
                )
            )
            upgraded = self._services.upgrade
            if upgraded is not None and not upgraded.created:
                # On stderr: the command's own output (a list, JSON) stays clean.
                print(upgraded.message(), file=sys.stderr)
        return self._services

    def describe_database(self) -> str:
        """The database of this invocation in words, for error messages."""
        if self._services is not None:
            return self._services.db.describe()
        from beratung.services.database import describe_target

        return describe_target(self.paths, db_path=self.db_path, url=self.url)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None
