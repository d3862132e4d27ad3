"""Beratung: the desktop application of the Fachberatung Inklusion (Städtetag Baden-Württemberg)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("beratung")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

APP_NAME = "Beratung"
ORGANISATION_NAME = "Städtetag Baden-Württemberg"
