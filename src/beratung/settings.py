"""Every user-adjustable option, declared once with its type and default (as Picard does).

The GUI stores values with QSettings under these keys; the core reads them through
:func:`option`. Declaring them here keeps defaults from drifting between a dialog, a renderer and
a test, and keeps the list of what can be configured in one readable place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

Value = bool | int | float | str


class Store(Protocol):
    """Where option values are kept: ``QSettings`` in the GUI, a dict-like stub in tests.

    Only ``value(key)`` is needed, so this module stays free of Qt."""

    def value(self, key: str) -> object: ...


@dataclass(frozen=True)
class Option:
    key: str
    default: Value
    description: str

    def coerce(self, raw: object) -> Value:
        """A stored value as the declared type; the default when it cannot be read."""
        if raw is None:
            return self.default
        try:
            if isinstance(self.default, bool):
                if isinstance(raw, str):
                    return raw.strip().lower() in {"1", "true", "ja", "yes"}
                return bool(raw)
            if isinstance(self.default, int):
                return int(str(raw))
            if isinstance(self.default, float):
                return float(str(raw))
            return str(raw)
        except (TypeError, ValueError):
            return self.default


OPTIONS: dict[str, Option] = {}


def read(option: Option, store: Store) -> Value:
    """``option``'s value from ``store`` as the declared type (the default when missing or
    unreadable). Qt's INI backend returns every value as text, hence the coercion."""
    return option.coerce(store.value(option.key))


def read_bool(option: Option, store: Store) -> bool:
    if not isinstance(option.default, bool):
        raise TypeError(f"option {option.key} is not a yes/no option")
    return bool(read(option, store))


def read_int(option: Option, store: Store) -> int:
    if isinstance(option.default, bool) or not isinstance(option.default, int):
        raise TypeError(f"option {option.key} is not a whole number")
    value = read(option, store)
    return value if isinstance(value, int) else option.default


def read_str(option: Option, store: Store) -> str:
    if not isinstance(option.default, str):
        raise TypeError(f"option {option.key} is not a text option")
    return str(read(option, store))


def _declare(option: Option) -> Option:
    if option.key in OPTIONS:
        raise ValueError(f"option {option.key} declared twice")
    OPTIONS[option.key] = option
    return option


AUTOMATIC_BACKUP = _declare(
    Option("backup/automatic", True, "Täglich beim Start eine Sicherung der Datenbank anlegen")
)
BACKUP_AFTER_CHANGES = _declare(
    Option(
        "backup/after_changes",
        50,
        "Zusätzlich sichern nach so vielen gespeicherten Änderungen (0 = nur beim Start)",
    )
)
BACKUP_DAILY = _declare(Option("backup/daily", 7, "Aufbewahrte Tagessicherungen"))
BACKUP_WEEKLY = _declare(Option("backup/weekly", 4, "Aufbewahrte Wochensicherungen"))
BACKUP_MONTHLY = _declare(Option("backup/monthly", 12, "Aufbewahrte Monatssicherungen"))
BACKUP_SECOND_FOLDER = _declare(
    Option("backup/second_folder", "", "Zweiter Ordner für Sicherungen (z. B. Netzlaufwerk)")
)
LETTER_FORM = _declare(Option("letters/form", "B", "DIN-5008-Briefform (A oder B)"))
DEFAULT_DATELINE = _declare(
    Option("press/dateline", "Stuttgart", "Ort der Datumszeile neuer Presseinformationen")
)
LABEL_SHEET = _declare(Option("labels/sheet", "zweckform-3475", "Etikettenbogen"))
LABEL_NUDGE_X_MM = _declare(
    Option("labels/nudge_x_mm", 0.0, "Etiketten: Verschiebung nach rechts in mm")
)
LABEL_NUDGE_Y_MM = _declare(
    Option("labels/nudge_y_mm", 0.0, "Etiketten: Verschiebung nach unten in mm")
)
BADGE_SHEET = _declare(Option("badges/sheet", "durable-1445-02", "Namensschild-Bogen"))
RECENT_TOPICS = _declare(
    Option(
        "consultations/recent_topics", 8, "Zuletzt verwendete Themen, die zuerst angeboten werden"
    )
)
THEME = _declare(
    Option(
        "view/theme",
        "system",
        "Farbschema: system (Standard, unter Windows der hohe Kontrast des Systems), "
        "standard oder high-contrast",
    )
)

#: The column mapping the user chose for a header row is kept in QSettings under this prefix plus
#: the header's signature (``beratung.interchange.header_signature``), as JSON {column: field};
#: the next file with the same columns gets the same mapping.
IMPORT_MAPPING_PREFIX = "import/mapping/"
