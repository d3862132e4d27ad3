"""Lazy access to paths and services for one CLI invocation."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from beratung.paths import AppPaths

if TYPE_CHECKING:
    from beratung.services import Services


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

            self._services = Services.open(
                self.paths, db_path=self.db_path, url=self.url,
                must_exist=self.db_path is not None and not create,
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
