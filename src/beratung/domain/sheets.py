"""Label and badge sheets as data, and the snapshots of name badges and address labels.

A sheet (Zweckform 3475, Durable 1445-02 …) is a :class:`SheetLayout` entry in
:data:`LABEL_SHEETS` or :data:`BADGE_SHEETS`, never an ``if`` in a renderer: a new sheet is a new
entry. The numbers are the tables "Address labels" and "Name badges" of
``shared/design/documents.md``, in millimetres from the top-left corner of the A4 sheet.

Positions on a sheet are numbered 1 … n along the rows (left to right, then the next row down),
as the makers print them on their packs; ``start`` is the first free position of a sheet that was
used before. The nudge moves everything printed on a sheet by a few millimetres, because
printers feed paper differently; it is remembered per sheet (``SheetService``).

The snapshots hold finished text (names, address lines) and the geometry they were printed on,
so that a reprint from the log of issued documents gives the same sheet even after the
catalogue here changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from beratung.domain.errors import ValidationError

SCHEMA_VERSION = 1

#: How far a sheet can be nudged, in mm either way: more is a wrong sheet, not a printer's drift.
MAX_NUDGE_MM = 10.0


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """One kind of A4 sheet of labels or badges; all lengths in mm.

    ``pitch_x``/``pitch_y`` are the distances from one cell's left/top edge to the next one's
    (cell size plus the gap between cells).
    """

    key: str
    name: str
    cell_width: float
    cell_height: float
    columns: int
    rows: int
    top: float
    left: float
    pitch_x: float
    pitch_y: float
    #: Other product numbers with the same geometry ("zweckform-3490").
    aliases: tuple[str, ...] = ()
    page_width: float = 210.0
    page_height: float = 297.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def cell_origin(self, position: int) -> tuple[float, float]:
        """(left, top) in mm of the cell at ``position`` (1-based, along the rows)."""
        if not 1 <= position <= self.per_sheet:
            raise ValueError(f"position {position} is not on a sheet of {self.per_sheet}")
        row, column = divmod(position - 1, self.columns)
        return self.left + column * self.pitch_x, self.top + row * self.pitch_y

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "cell_width": self.cell_width,
            "cell_height": self.cell_height,
            "columns": self.columns,
            "rows": self.rows,
            "top": self.top,
            "left": self.left,
            "pitch_x": self.pitch_x,
            "pitch_y": self.pitch_y,
            "aliases": list(self.aliases),
            "page_width": self.page_width,
            "page_height": self.page_height,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SheetLayout:
        return cls(
            key=str(data["key"]),
            name=str(data["name"]),
            cell_width=float(data["cell_width"]),
            cell_height=float(data["cell_height"]),
            columns=int(data["columns"]),
            rows=int(data["rows"]),
            top=float(data["top"]),
            left=float(data["left"]),
            pitch_x=float(data["pitch_x"]),
            pitch_y=float(data["pitch_y"]),
            aliases=tuple(str(a) for a in data.get("aliases", ())),
            page_width=float(data.get("page_width", 210.0)),
            page_height=float(data.get("page_height", 297.0)),
        )


def _label(key: str, name: str, width: float, height: float, columns: int, rows: int,
           top: float, left: float, pitch_x: float, aliases: tuple[str, ...] = ()) -> SheetLayout:
    # Label sheets have no vertical gaps: the vertical pitch is the label's height.
    return SheetLayout(key, name, width, height, columns, rows, top, left, pitch_x, height,
                       aliases)


#: Address label sheets (documents.md, "Address labels").
LABEL_SHEETS: dict[str, SheetLayout] = {
    sheet.key: sheet
    for sheet in (
        _label("zweckform-3474", "Zweckform 3474", 70, 37, 3, 8, 0.5, 0, 70),
        _label("zweckform-3475", "Zweckform 3475 / 3490", 70, 36, 3, 8, 4.5, 0, 70,
               aliases=("zweckform-3490",)),
        _label("zweckform-3422", "Zweckform 3422", 70, 35, 3, 8, 8.5, 0, 70),
        _label("avery-l7160", "Avery L7160", 63.5, 38.1, 3, 7, 15.15, 7.25, 66.0),
        # The sources disagree on the left margin (2.9–4.6 mm); 4.65 mm centres the two
        # columns on the sheet (4.65 + 101.6 + 99.1 + 4.65 = 210), which is what Avery's own
        # template does. A nudge corrects the rest.
        _label("avery-l7163", "Avery L7163", 99.1, 38.1, 2, 7, 15.1, 4.65, 101.6),
    )
}
DEFAULT_LABEL_SHEET = "zweckform-3475"

#: Name badge sheets (documents.md, "Name badges"); the badges touch each other.
BADGE_SHEETS: dict[str, SheetLayout] = {
    sheet.key: sheet
    for sheet in (
        SheetLayout("durable-1445-02", "Durable 1445-02", 90, 54, 2, 5, 12, 15, 90, 54),
        SheetLayout("durable-1453-02", "Durable 1453-02", 75, 40, 2, 6, 28.5, 30, 75, 40),
        SheetLayout("durable-1456-02", "Durable 1456-02", 90, 60, 2, 4, 28.5, 15, 90, 60),
        # documents.md gives the left margin and the pitch; the top margin is not given, so
        # the five rows are centred: (297 − 4 × 55 − 50) / 2 = 13.5 mm.
        SheetLayout("herma-4412", "HERMA 4412", 80, 50, 2, 5, 13.5, 17.5, 95, 55),
    )
}
DEFAULT_BADGE_SHEET = "durable-1445-02"


def _find(catalogue: dict[str, SheetLayout], key: str, what: str) -> SheetLayout:
    wanted = key.strip().casefold().replace(" ", "-")
    for sheet in catalogue.values():
        if wanted == sheet.key or wanted in sheet.aliases:
            return sheet
    known = ", ".join(
        ", ".join((sheet.key, *sheet.aliases)) for sheet in catalogue.values()
    )
    raise ValidationError(
        f"Den {what} „{key}“ gibt es nicht. Bekannt sind: {known}.", field="sheet"
    )


def label_sheet(key: str) -> SheetLayout:
    """The label sheet with this key or product alias; a German error lists the known ones."""
    return _find(LABEL_SHEETS, key, "Etikettenbogen")


def badge_sheet(key: str) -> SheetLayout:
    """The badge sheet with this key; a German error lists the known ones."""
    return _find(BADGE_SHEETS, key, "Namensschild-Bogen")


def check_start(sheet: SheetLayout, start: int, what: str = "Etiketten") -> int:
    """``start`` if the sheet has that position, else a German error with the range."""
    if not 1 <= start <= sheet.per_sheet:
        raise ValidationError(
            f"Die Startposition {start} gibt es nicht: Der Bogen {sheet.name} hat "
            f"{sheet.per_sheet} {what} (1 bis {sheet.per_sheet}, gezählt zeilenweise von "
            "links oben).",
            field="start",
        )
    return start


@dataclass(frozen=True, slots=True)
class SheetNudge:
    """Moves all that is printed on a sheet: ``x`` to the right, ``y`` down, in mm."""

    x: float = 0.0
    y: float = 0.0

    def __post_init__(self) -> None:
        for name, value in (("nach rechts", self.x), ("nach unten", self.y)):
            if not -MAX_NUDGE_MM <= value <= MAX_NUDGE_MM:
                raise ValidationError(
                    f"Die Verschiebung {name} von {value:g} mm ist zu groß; erlaubt sind "
                    f"±{MAX_NUDGE_MM:g} mm.",
                    field="nudge",
                )

    def to_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SheetNudge:
        data = data or {}
        return cls(float(data.get("x", 0.0)), float(data.get("y", 0.0)))


@dataclass(frozen=True, slots=True)
class Badge:
    """One name badge: the name as printed (title, first and last name), the organisation
    and role in which the person comes, and the registration code for the QR code (``None``:
    no QR code on this badge)."""

    name: str
    organisation: str | None = None
    role: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "organisation": self.organisation,
            "role": self.role,
            "code": self.code,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Badge:
        return cls(
            name=str(data["name"]),
            organisation=data.get("organisation"),
            role=data.get("role"),
            code=data.get("code"),
        )


@dataclass(frozen=True, slots=True)
class BadgeSheetSnapshot:
    """Name badges for an event, in the order they are printed (along the rows).

    ``event_line`` heads every badge ("Werkstattgespräch Inklusive Quartiere · 25.10.2017 ·
    Ulm"); a badge with an empty name is a blank badge for someone who comes unannounced.
    """

    title: str
    author: str
    event_line: str
    sheet: SheetLayout
    badges: tuple[Badge, ...]
    start: int = 1
    nudge: SheetNudge = SheetNudge()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "badges",
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "author": self.author,
            "event_line": self.event_line,
            "sheet": self.sheet.to_dict(),
            "badges": [badge.to_dict() for badge in self.badges],
            "start": self.start,
            "nudge": self.nudge.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BadgeSheetSnapshot:
        return cls(
            title=str(data["title"]),
            author=str(data["author"]),
            event_line=str(data["event_line"]),
            sheet=SheetLayout.from_dict(data["sheet"]),
            badges=tuple(Badge.from_dict(b) for b in data.get("badges", ())),
            start=int(data.get("start", 1)),
            nudge=SheetNudge.from_dict(data.get("nudge")),
        )


@dataclass(frozen=True, slots=True)
class LabelSheetSnapshot:
    """Address labels: one DIN 5008 address block (at most six lines) per label, in the order
    they are printed (along the rows)."""

    title: str
    author: str
    sheet: SheetLayout
    labels: tuple[tuple[str, ...], ...]
    start: int = 1
    nudge: SheetNudge = SheetNudge()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "address_labels",
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "author": self.author,
            "sheet": self.sheet.to_dict(),
            "labels": [list(lines) for lines in self.labels],
            "start": self.start,
            "nudge": self.nudge.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelSheetSnapshot:
        return cls(
            title=str(data["title"]),
            author=str(data["author"]),
            sheet=SheetLayout.from_dict(data["sheet"]),
            labels=tuple(tuple(str(line) for line in lines) for lines in data.get("labels", ())),
            start=int(data.get("start", 1)),
            nudge=SheetNudge.from_dict(data.get("nudge")),
        )


__all__ = [
    "BADGE_SHEETS",
    "DEFAULT_BADGE_SHEET",
    "DEFAULT_LABEL_SHEET",
    "LABEL_SHEETS",
    "MAX_NUDGE_MM",
    "Badge",
    "BadgeSheetSnapshot",
    "LabelSheetSnapshot",
    "SheetLayout",
    "SheetNudge",
    "badge_sheet",
    "check_start",
    "label_sheet",
]
