"""Fillable form fields (AcroForm) that are tagged and archivable: text fields, check boxes and
radio groups for reply forms.

ReportLab's own ``canvas.acroForm`` draws field values in unembedded Helvetica (PDF/UA 7.21.4.1
and PDF/A forbid it) and leaves the widgets out of the structure tree. Here every field is

- a widget annotation with ``/TU`` (the name a screen reader announces), ``/F 4`` (printed) and
  a normal appearance (``/AP /N``) drawn with the document's embedded font through a ReportLab
  form XObject, so it looks the same in every viewer and in print;
- part of the structure tree: a ``Form`` element holding the widget's object reference, placed
  where the field is drawn (its visible label is a ``P`` or ``Lbl`` beside it);
- listed in the document's ``/AcroForm`` with ``/DR`` (the embedded font) and ``/DA``.

Values read back with any AcroForm reader (``pypdf.PdfReader(...).get_fields()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
    xObjectName,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format

from beratung.documents import fonts
from beratung.documents.tagging import tagger_of

# Field flags (ISO 32000-1, tables 226 and 228).
_RADIO = 1 << 15
_NO_TOGGLE_TO_OFF = 1 << 14
_READ_ONLY = 1
_MULTILINE = 1 << 12


@dataclass
class _FormState:
    """The fields of one document, kept on its canvas until the AcroForm is written."""

    fields: list[Any] = field(default_factory=list)
    count: int = 0
    #: Appearance streams that look the same (an empty frame, a check box of one size) are
    #: written once and shared by every widget that shows them: a run of 1,000 reply forms
    #: would otherwise write some 28,000 identical form XObjects.
    appearances: dict[tuple[Any, ...], str] = field(default_factory=dict)
    #: Entries that are the same in many widgets (``/Border``, ``/DA`` of a size, ``/AP`` of
    #: a shared look), one object each, formatted once when the PDF is written.
    shared: dict[tuple[Any, ...], _Formatted] = field(default_factory=dict)

    def once(self, key: tuple[Any, ...], make: Any) -> _Formatted:
        """The shared entry for ``key`` (``make()`` gives its PDF object the first time)."""
        known = self.shared.get(key)
        if known is None:
            known = self.shared[key] = _Formatted(make())
        return known


class _Formatted(PDFObject):  # type: ignore[misc]  # ReportLab ships no type hints
    """A direct PDF object that many widgets share: formatted on first use, then its bytes
    reused. Only for objects whose bytes do not depend on where they stand, which holds here
    because an archival PDF is never encrypted (PDF/A forbids it; encryption would make
    strings depend on their object's number)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.data: bytes | None = None

    def format(self, document: Any) -> bytes:
        if self.data is None:
            self.data = pdf_format(self.inner, document)
        return self.data


#: "/Key" as bytes, for the few keys a widget has (the same for every document).
_KEY_BYTES: dict[str, bytes] = {}
#: Name values ("/Widget", "/Tx", "/Off") as bytes.
_NAME_BYTES: dict[str, bytes] = {}


class _Widget(PDFDictionary):  # type: ignore[misc]  # ReportLab ships no type hints
    """A widget annotation that writes itself as ReportLab's ``PDFDictionary`` would (same
    bytes: sorted keys, one per line) but faster: a run of 1,000 reply forms writes some
    17,000 of them, and the generic path spent most of its time re-encoding the key names
    and the entries that are the same in every widget (see :class:`_Formatted`)."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803
        entries = self.dict
        lines = []
        for key in sorted(entries):
            name = _KEY_BYTES.get(key)
            if name is None:
                name = _KEY_BYTES[key] = pdf_format(PDFName(key), document) + b" "
            value = entries[key]
            if type(value) is str:  # a name (PDFName gives "/Btn"): the same few every time
                encoded = _NAME_BYTES.get(value)
                if encoded is None:
                    encoded = _NAME_BYTES[value] = pdf_format(value, document)
                lines.append(name + encoded)
            else:
                lines.append(name + pdf_format(value, document))
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"<<\n" + IND.join(lines) + b"\n>>"
        for index in reversed(range(6, len(lines), 6)):  # as PDFDictionary: 6 to a line
            lines.insert(index, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"


def _state(canvas: Any) -> _FormState:
    state = getattr(canvas, "_beratung_form", None)
    if state is None:
        state = _FormState()
        canvas._beratung_form = state
    return state


def _appearance(canvas: Any, name: str, width: float, height: float, draw: Any,
                shared: tuple[Any, ...] | None = None) -> Any:
    """A form XObject of ``width`` × ``height`` drawn by ``draw(canvas)``; its reference.
    ``shared``: a key that says everything ``draw`` depends on; the first XObject made for a
    key is reused for every later one (same drawing, same bytes, one object)."""
    if shared is not None:
        key = (*shared, round(width, 3), round(height, 3))
        known = _state(canvas).appearances.get(key)
        if known is not None:
            return PDFObjectReference(xObjectName(known))
        _state(canvas).appearances[key] = name
    canvas.saveState()
    canvas.beginForm(name, 0, 0, width, height)
    draw(canvas)
    canvas.endForm()
    canvas.restoreState()
    return PDFObjectReference(xObjectName(name))


def _widget(canvas: Any, x: float, y: float, width: float, height: float) -> PDFDictionary:
    x0, y0, x1, y1 = canvas._absRect((x, y, x + width, y + height), 1)
    return _Widget({
        "Type": PDFName("Annot"),
        "Subtype": PDFName("Widget"),
        "Rect": PDFArray([round(v, 3) for v in (x0, y0, x1, y1)]),
        "F": 4,
        "Border": _state(canvas).once(("Border",), lambda: PDFArray([0, 0, 0])),
    })


def _default_appearance(canvas: Any, size: float) -> str:
    font = pdfmetrics.getFont(fonts.REGULAR)
    return f"{font.getSubsetInternalName(0, canvas._doc)} {size:g} Tf 0 g"


def _shared_default_appearance(canvas: Any, size: float) -> _Formatted:
    """``/DA`` for ``size``: one string object per size and document."""
    return _state(canvas).once(
        ("DA", size), lambda: PDFString(_default_appearance(canvas, size)))


def _add(canvas: Any, annotation: PDFDictionary, *, field_object: Any | None = None) -> None:
    """Put the widget on the page inside a ``Form`` element; register the field."""
    state = _state(canvas)
    state.count += 1
    with tagger_of(canvas).element("Form"):
        canvas._addAnnotation(annotation, f"BeratungField{state.count}")
    state.fields.append(field_object if field_object is not None else annotation)


def _frame(canvas: Any, width: float, height: float) -> None:
    canvas.setLineWidth(0.6)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.rect(0.3, 0.3, width - 0.6, height - 0.6, stroke=1, fill=0)


def text_field(
    canvas: Any,
    name: str,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    tooltip: str,
    value: str = "",
    font_size: float = 10,
    max_length: int | None = None,
    read_only: bool = False,
    multiline: bool = False,
    opaque: bool = False,
) -> None:
    """A text field at (x, y) (lower left, current user space), framed, optionally pre-filled
    with ``value`` in the embedded font: one line, or several with ``multiline`` (the value
    then starts at the top). ``read_only``: shown and printed, not editable (a code).
    ``opaque``: the field's appearance has a white background, so it covers what the page
    prints beneath it (the prefilled value, for viewers that do not draw fields)."""
    fonts.register_fonts()
    state = _state(canvas)
    baseline = (
        height - 2 - font_size * 0.9 if multiline
        else (height - font_size) / 2 + font_size * 0.22
    )

    def draw(c: Any) -> None:
        if opaque:
            c.setFillColorRGB(1, 1, 1)
            c.rect(0, 0, width, height, stroke=0, fill=1)
        _frame(c, width, height)
        if value:
            c.setFont(fonts.REGULAR, font_size)
            c.setFillColorRGB(0, 0, 0)
            c.drawString(2, baseline, value)

    appearance = _appearance(canvas, f"BeratungTx{state.count + 1}", width, height, draw,
                             shared=None if value else ("Tx", opaque))
    widget = _widget(canvas, x, y, width, height)
    widget["FT"] = PDFName("Tx")
    widget["T"] = PDFString(name)
    widget["TU"] = PDFString(tooltip)
    widget["V"] = PDFString(value)
    widget["DA"] = _shared_default_appearance(canvas, font_size)
    widget["AP"] = (PDFDictionary({"N": appearance}) if value else
                    state.once(("AP", appearance.name), lambda: PDFDictionary({"N": appearance})))
    if max_length is not None:
        widget["MaxLen"] = max_length
    flags = (_READ_ONLY if read_only else 0) | (_MULTILINE if multiline else 0)
    if flags:
        widget["Ff"] = flags
    _add(canvas, widget)


def _check_mark(c: Any, size: float) -> None:
    """A check mark drawn as lines: no ZapfDingbats, whose font PDF/A would want embedded."""
    c.setLineWidth(size * 0.12)
    c.setLineCap(1)
    c.setLineJoin(1)
    path = c.beginPath()
    path.moveTo(size * 0.22, size * 0.52)
    path.lineTo(size * 0.42, size * 0.28)
    path.lineTo(size * 0.78, size * 0.76)
    c.drawPath(path, stroke=1, fill=0)


def check_box(
    canvas: Any,
    name: str,
    *,
    x: float,
    y: float,
    size: float,
    tooltip: str,
    checked: bool = False,
) -> None:
    """A check box at (x, y) with the export value ``Yes``."""
    state = _state(canvas)
    number = state.count + 1

    def off(c: Any) -> None:
        _frame(c, size, size)

    def on(c: Any) -> None:
        _frame(c, size, size)
        _check_mark(c, size)

    widget = _widget(canvas, x, y, size, size)
    widget["FT"] = PDFName("Btn")
    widget["T"] = PDFString(name)
    widget["TU"] = PDFString(tooltip)
    widget["V"] = PDFName("Yes" if checked else "Off")
    widget["AS"] = PDFName("Yes" if checked else "Off")
    looks = {
        "Yes": _appearance(canvas, f"BeratungCbOn{number}", size, size, on, shared=("CbOn",)),
        "Off": _appearance(canvas, f"BeratungCbOff{number}", size, size, off,
                           shared=("CbOff",)),
    }
    widget["AP"] = state.once(
        ("AP", looks["Yes"].name, looks["Off"].name),
        lambda: PDFDictionary({"N": PDFDictionary(looks)}))
    _add(canvas, widget)


@dataclass(frozen=True)
class RadioButton:
    """One choice of a radio group: its export value, position (lower left) and tooltip."""

    value: str
    x: float
    y: float
    tooltip: str


def radio_group(
    canvas: Any,
    name: str,
    *,
    tooltip: str,
    buttons: Sequence[RadioButton],
    size: float,
    selected: str | None = None,
) -> None:
    """A radio group: one field ``name`` with a widget per button; at most one is on."""
    state = _state(canvas)
    doc = canvas._doc
    parent = PDFDictionary({
        "FT": PDFName("Btn"),
        "Ff": _RADIO | _NO_TOGGLE_TO_OFF,
        "T": PDFString(name),
        "TU": PDFString(tooltip),
        "V": PDFName(selected or "Off"),
    })
    parent_ref = doc.Reference(parent)
    kids = []
    for button in buttons:
        number = state.count + 1

        def off(c: Any) -> None:
            c.setLineWidth(0.6)
            c.circle(size / 2, size / 2, size / 2 - 0.3, stroke=1, fill=0)

        def on(c: Any) -> None:
            off(c)
            c.setFillColorRGB(0, 0, 0)
            c.circle(size / 2, size / 2, size / 4, stroke=0, fill=1)

        widget = _widget(canvas, button.x, button.y, size, size)
        widget["Parent"] = parent_ref
        widget["TU"] = PDFString(button.tooltip)
        widget["AS"] = PDFName(button.value if button.value == selected else "Off")
        looks = {
            button.value: _appearance(canvas, f"BeratungRbOn{number}", size, size, on,
                                      shared=("RbOn",)),
            "Off": _appearance(canvas, f"BeratungRbOff{number}", size, size, off,
                               shared=("RbOff",)),
        }
        widget["AP"] = state.once(
            ("AP", button.value, *(look.name for look in looks.values())),
            lambda looks=looks: PDFDictionary({"N": PDFDictionary(looks)}))
        _add(canvas, widget, field_object=None)
        state.fields.pop()  # the group is the field, its widgets are kids
        kids.append(doc.Reference(widget))
    parent["Kids"] = PDFArray(kids)
    state.fields.append(parent)


def finish_form(canvas: Any) -> None:
    """Write ``/AcroForm`` into the catalog when the document has fields (called on save)."""
    state = getattr(canvas, "_beratung_form", None)
    if state is None or not state.fields:
        return
    doc = canvas._doc
    doc.Catalog.AcroForm = PDFDictionary({
        "Fields": PDFArray([doc.Reference(f) for f in state.fields]),
        "DR": PDFDictionary({"Font": PDFObjectReference("BasicFonts")}),
        "DA": PDFString(_default_appearance(canvas, 10)),
    })
