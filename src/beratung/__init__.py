"""Beratung: the desktop application of the Fachberatung Inklusion (Städtetag Baden-Württemberg)."""

from __future__ import annotations

import os
import sys


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, ``None`` when it is not installed.

    Read from the name of its ``*.dist-info`` folder on ``sys.path`` (the first one, as Python
    would import it); only when there is none (an egg, an unusual installer) through
    :mod:`importlib.metadata`, whose import with the e-mail parser behind it costs more than
    everything else ``beratung --version`` does.
    """
    wanted = _normalized(distribution)
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as entries:
                names = [item.name for item in entries]
        except OSError:  # a zip file, a folder that went away
            continue
        for name in names:
            if name.endswith(".dist-info"):
                found, _, version = name[: -len(".dist-info")].partition("-")
                if _normalized(found) == wanted and version:
                    return version
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


__version__ = installed_version("beratung") or "0.0.0+source"  # a source tree, not installed

APP_NAME = "Beratung"
ORGANISATION_NAME = "Städtetag Baden-Württemberg"
