"""Name badges and address labels: positions against the sheet tables of documents.md, the
start position, the nudge, names that must shrink and wrap but never overflow, the QR code,
the reading order and the JSON reprint."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
import tagged
from docpdf import mm, open_pdf, pt

from beratung.documents import fonts, registry
from beratung.documents.samples import sample_badges, sample_labels
from beratung.documents.sheets import BadgeRenderer, LabelRenderer, fit_lines, qr_modules
from beratung.domain.errors import ValidationError
from beratung.domain.sheets import (
    BADGE_SHEETS,
    LABEL_SHEETS,
    Badge,
    BadgeSheetSnapshot,
    LabelSheetSnapshot,
    SheetLayout,
    SheetNudge,
    badge_sheet,
    check_start,
    label_sheet,
)

#: documents.md, "Address labels": label w × h, columns × rows, top, left, horizontal pitch.
LABEL_TABLE = {
    "zweckform-3474": (70, 37, 3, 8, 0.5, 0, 70),
    "zweckform-3475": (70, 36, 3, 8, 4.5, 0, 70),
    "zweckform-3422": (70, 35, 3, 8, 8.5, 0, 70),
    "avery-l7160": (63.5, 38.1, 3, 7, 15.15, 7.25, 66.0),
    "avery-l7163": (99.1, 38.1, 2, 7, 15.1, 4.65, 101.6),
}
#: documents.md, "Name badges": badge w × h, columns × rows, top, left.
BADGE_TABLE = {
    "durable-1445-02": (90, 54, 2, 5, 12, 15),
    "durable-1453-02": (75, 40, 2, 6, 28.5, 30),
    "durable-1456-02": (90, 60, 2, 4, 28.5, 15),
    "herma-4412": (80, 50, 2, 5, 13.5, 17.5),
}
LONG_NAME = "Prof. Dr. Anna-Katharina Müller-Lüdenscheidt"
NO_NUDGE = SheetNudge()


def _labels(sheet: SheetLayout, count: int, *, start: int = 1,
            nudge: SheetNudge = NO_NUDGE) -> LabelSheetSnapshot:
    return LabelSheetSnapshot(
        title="Etiketten", author="Städtetag Baden-Württemberg", sheet=sheet,
        labels=tuple((f"Stadt Nr{n:03d}", "Marktplatz 1", "89073 Ulm") for n in range(count)),
        start=start, nudge=nudge,
    )


def _badges(sheet: SheetLayout, names: list[str], *, start: int = 1, qr: bool = False,
            nudge: SheetNudge = NO_NUDGE) -> BadgeSheetSnapshot:
    return BadgeSheetSnapshot(
        title="Namensschilder", author="Städtetag Baden-Württemberg",
        event_line="Werkstattgespräch Inklusive Quartiere · 25.10.2017 · Ulm", sheet=sheet,
        badges=tuple(Badge(name, "Stadt Ulm", "Sozialdezernentin",
                           f"K7M4-QX{n:02d}" if qr else None) for n, name in enumerate(names)),
        start=start, nudge=nudge,
    )


def _first_chars(page: Any, word: str) -> list[dict[str, Any]]:
    """The first character of every word ``word``, along the rows (top to bottom, left to
    right); words, not lines, because neighbouring labels share a line."""
    found = [w["chars"][0] for w in page.extract_words(return_chars=True) if w["text"] == word]
    return sorted(found, key=lambda c: (round(c["top"]), c["x0"]))


# --- the sheets as data ------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(LABEL_TABLE))
def test_label_sheets_are_the_table_of_documents_md(key: str) -> None:
    width, height, columns, rows, top, left, pitch = LABEL_TABLE[key]
    sheet = LABEL_SHEETS[key]
    assert (sheet.cell_width, sheet.cell_height, sheet.columns, sheet.rows) == (
        width, height, columns, rows)
    assert (sheet.top, sheet.left, sheet.pitch_x, sheet.pitch_y) == (top, left, pitch, height)
    # No vertical gaps, and every label on the A4 sheet.
    assert sheet.top + rows * height <= 297
    assert sheet.left + (columns - 1) * pitch + width <= 210


@pytest.mark.parametrize("key", sorted(BADGE_TABLE))
def test_badge_sheets_are_the_table_of_documents_md(key: str) -> None:
    width, height, columns, rows, top, left = BADGE_TABLE[key]
    sheet = BADGE_SHEETS[key]
    assert (sheet.cell_width, sheet.cell_height, sheet.columns, sheet.rows) == (
        width, height, columns, rows)
    assert (sheet.top, sheet.left) == (top, left)
    # Left and right margins are equal on every badge sheet (documents.md: "left/right").
    right = 210 - sheet.left - (columns - 1) * sheet.pitch_x - width
    assert right == pytest.approx(sheet.left)
    assert sheet.top + (rows - 1) * sheet.pitch_y + height <= 297


def test_sheets_are_found_by_key_alias_and_spelling_and_unknown_ones_are_listed() -> None:
    assert label_sheet("zweckform-3490") is LABEL_SHEETS["zweckform-3475"]
    assert label_sheet(" Zweckform 3474 ") is LABEL_SHEETS["zweckform-3474"]
    assert badge_sheet("durable-1445-02").name == "Durable 1445-02"
    with pytest.raises(ValidationError) as error:
        label_sheet("avery-l9999")
    assert "avery-l9999" in error.value.message
    assert all(key in error.value.message for key in LABEL_SHEETS)
    assert "zweckform-3490" in error.value.message


def test_start_positions_are_checked_with_the_range_in_german() -> None:
    sheet = LABEL_SHEETS["avery-l7163"]
    assert check_start(sheet, 14) == 14
    for wrong in (0, 15):
        with pytest.raises(ValidationError, match=r"1 bis 14"):
            check_start(sheet, wrong)


def test_a_nudge_beyond_ten_millimetres_is_refused() -> None:
    SheetNudge(-10, 10)
    with pytest.raises(ValidationError, match="nach rechts"):
        SheetNudge(10.5, 0)


@pytest.mark.parametrize("snapshot", [sample_badges(), sample_labels(start=23)])
def test_snapshots_survive_json_and_reprint_the_same_bytes(snapshot: Any) -> None:
    data = snapshot.to_dict()
    assert type(snapshot).from_dict(data) == snapshot
    assert registry.render_stored(data["kind"], data).pdf == registry.render(snapshot).pdf


# --- address labels ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(LABEL_TABLE))
def test_every_label_of_a_full_sheet_sits_in_its_cell(key: str) -> None:
    sheet = LABEL_SHEETS[key]
    pdf = registry.render(_labels(sheet, sheet.per_sheet)).pdf
    with open_pdf(pdf) as doc:
        assert len(doc.pages) == 1
        firsts = sorted(_first_chars(doc.pages[0], "Stadt"),
                        key=lambda c: (round(c["top"]), c["x0"]))
    assert len(firsts) == sheet.per_sheet
    block = 11 + 2 * 11 * LabelRenderer.leading  # three lines at 11 pt
    for position, char in enumerate(firsts, start=1):
        left, top = sheet.cell_origin(position)
        assert mm(char["x0"]) == pytest.approx(left + mm(LabelRenderer.padding_x), abs=0.05)
        # The block is centred in the label's height.
        assert mm(char["top"]) == pytest.approx(
            top + (sheet.cell_height - mm(block)) / 2, abs=0.05)
    xs = sorted({round(mm(c["x0"]), 2) for c in firsts})
    assert [b - a for a, b in itertools.pairwise(xs)] == pytest.approx(
        [sheet.pitch_x] * (sheet.columns - 1), abs=0.02)
    tops = sorted({round(mm(c["top"]), 2) for c in firsts})
    assert [b - a for a, b in itertools.pairwise(tops)] == pytest.approx(
        [sheet.cell_height] * (sheet.rows - 1), abs=0.02)


def test_labels_start_at_the_given_position_and_continue_on_the_next_sheet() -> None:
    sheet = LABEL_SHEETS["zweckform-3475"]
    pdf = registry.render(_labels(sheet, 5, start=22)).pdf
    with open_pdf(pdf) as doc:
        assert len(doc.pages) == 2
        first = _first_chars(doc.pages[0], "Stadt")
        second = _first_chars(doc.pages[1], "Stadt")
    assert len(first) == 3 and len(second) == 2
    left, top = sheet.cell_origin(22)  # row 8, column 1
    assert mm(first[0]["x0"]) == pytest.approx(left + 5, abs=0.05)
    assert mm(first[0]["top"]) > top
    assert mm(second[0]["x0"]) == pytest.approx(5, abs=0.05)
    assert mm(second[0]["top"]) < sheet.cell_height


def test_the_nudge_moves_every_label_by_exactly_its_millimetres() -> None:
    sheet = LABEL_SHEETS["avery-l7160"]
    plain = registry.render(_labels(sheet, 4)).pdf
    moved = registry.render(_labels(sheet, 4, nudge=SheetNudge(1.5, -2.0))).pdf
    with open_pdf(plain) as a, open_pdf(moved) as b:
        before = _first_chars(a.pages[0], "Stadt")
        after = _first_chars(b.pages[0], "Stadt")
    for old, new in zip(before, after, strict=True):
        assert mm(new["x0"] - old["x0"]) == pytest.approx(1.5, abs=0.01)
        assert mm(new["top"] - old["top"]) == pytest.approx(-2.0, abs=0.01)


def test_a_long_line_shrinks_then_wraps_within_six_lines_and_never_runs_over() -> None:
    sheet = LABEL_SHEETS["zweckform-3475"]
    lines = ("Ministerium für Soziales und Integration Baden-Württemberg",
             "Frau Dr. Renate Schulte", "Else-Josenhans-Straße 6", "70173 Stuttgart")
    snapshot = dataclasses.replace(_labels(sheet, 1), labels=(lines,))
    with open_pdf(registry.render(snapshot).pdf) as doc:
        chars = doc.pages[0].chars
    assert max(mm(c["x1"]) for c in chars) <= 70 - 5 + 0.01
    assert min(c["size"] for c in chars) >= 9  # wrapped rather than shrunk below 9 pt
    text = "".join(c["text"] for c in chars)
    assert "Baden-Württemberg" in text and "70173 Stuttgart" in text


def test_an_address_that_does_not_fit_a_label_is_refused_in_german() -> None:
    sheet = LABEL_SHEETS["zweckform-3475"]
    snapshot = dataclasses.replace(
        _labels(sheet, 1), labels=(("Zweckverband" + "X" * 60, "89073 Ulm"),))
    with pytest.raises(ValidationError, match="passt auch in 8 pt nicht"):
        registry.render(snapshot)
    seven = tuple(f"Zeile {n}" for n in range(7))
    with pytest.raises(ValidationError, match="höchstens 6"):
        registry.render(dataclasses.replace(snapshot, labels=(seven,)))


def test_each_label_is_one_paragraph_read_along_the_rows() -> None:
    pdf = registry.render(sample_labels()).pdf
    order = [text for role, text in tagged.reading_order(pdf)]
    assert [tagged.normalise(t) for t in order][:2] == [
        "Landeshauptstadt Stuttgart Sozialamt Frau Dr. Anna Beispiel Marktplatz 1 70173 "
        "Stuttgart",
        "Stadt Ulm Herrn Oberbürgermeister Gunter Czisch Marktplatz 1 89073 Ulm",
    ]
    assert tagged.counts(pdf)["P"] == 4
    assert tagged.unmarked_painting(pdf) == []


# --- name badges -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(BADGE_TABLE))
def test_every_badge_of_a_full_sheet_sits_in_its_cell(key: str) -> None:
    sheet = BADGE_SHEETS[key]
    names = [f"Name {n:02d}" for n in range(sheet.per_sheet)]
    pdf = registry.render(_badges(sheet, names, qr=True)).pdf
    with open_pdf(pdf) as doc:
        page = doc.pages[0]
        heads = sorted(_first_chars(page, "Werkstattgespräch"),
                       key=lambda c: (round(c["top"]), c["x0"]))
        chars = page.chars
        rects = page.rects
    assert len(heads) == sheet.per_sheet
    padding = mm(BadgeRenderer.padding)
    for position, char in enumerate(heads, start=1):
        left, top = sheet.cell_origin(position)
        assert mm(char["x0"]) == pytest.approx(left + padding, abs=0.05)
        assert mm(char["top"]) == pytest.approx(top + padding, abs=0.05)
    # Everything printed stays inside a badge, clear of its edges.
    for item in [*(c for c in chars if c["text"] != " "), *rects]:
        x0, x1, top_, bottom = (mm(item[k]) for k in ("x0", "x1", "top", "bottom"))
        column = min(int((x0 - sheet.left) // sheet.pitch_x), sheet.columns - 1)
        row = min(int((top_ - sheet.top) // sheet.pitch_y), sheet.rows - 1)
        left, top = sheet.cell_origin(row * sheet.columns + column + 1)
        assert left + padding - 0.05 <= x0 and x1 <= left + sheet.cell_width - padding + 0.05
        assert top + padding - 0.3 <= top_ and bottom <= top + sheet.cell_height - padding + 0.3


def test_badges_start_at_the_given_position_and_nudge_by_millimetres() -> None:
    sheet = BADGE_SHEETS["durable-1445-02"]
    snapshot = _badges(sheet, ["Anna Beispiel", "Ben Muster"], start=10,
                       nudge=SheetNudge(-1, 0.5))
    with open_pdf(registry.render(snapshot).pdf) as doc:
        assert len(doc.pages) == 2
        first = _first_chars(doc.pages[0], "Werkstattgespräch")
        second = _first_chars(doc.pages[1], "Werkstattgespräch")
    padding = mm(BadgeRenderer.padding)
    assert (mm(first[0]["x0"]), mm(first[0]["top"])) == pytest.approx(
        (15 + 90 - 1 + padding, 12 + 4 * 54 + 0.5 + padding), abs=0.05)
    assert (mm(second[0]["x0"]), mm(second[0]["top"])) == pytest.approx(
        (15 - 1 + padding, 12 + 0.5 + padding), abs=0.05)


def _name_chars(pdf: bytes) -> list[dict[str, Any]]:
    """The name's glyphs (bold), without the invisible space that ends a tagged line."""
    with open_pdf(pdf) as doc:
        return [c for c in doc.pages[0].chars if "Bold" in c["fontname"] and c["text"] != " "]


def test_a_short_name_is_set_large_and_a_longer_one_shrinks_to_fit_one_line() -> None:
    sheet = BADGE_SHEETS["durable-1445-02"]
    short = _name_chars(registry.render(_badges(sheet, ["Anna Beispiel"])).pdf)
    assert {round(c["size"], 1) for c in short} == {28}
    longer = _name_chars(registry.render(_badges(sheet, ["Dr. Gabriele Fischer"])).pdf)
    sizes = {round(c["size"], 1) for c in longer}
    assert len(sizes) == 1 and 20 <= sizes.pop() < 28
    assert len({round(c["top"]) for c in longer}) == 1  # one line


@pytest.mark.parametrize("key", sorted(set(BADGE_TABLE) - {"durable-1453-02"}))
@pytest.mark.parametrize("qr", [False, True])
def test_a_very_long_name_wraps_at_20_pt_and_stays_inside_the_badge(key: str, qr: bool) -> None:
    sheet = BADGE_SHEETS[key]
    pdf = registry.render(_badges(sheet, [LONG_NAME], qr=qr)).pdf
    chars = _name_chars(pdf)
    assert min(c["size"] for c in chars) >= 20
    assert "".join(c["text"] for c in chars).replace(" ", "") == LONG_NAME.replace(" ", "")
    lines = sorted({round(c["top"], 1) for c in chars})
    assert 2 <= len(lines) <= 3
    left, top = sheet.cell_origin(1)
    assert max(mm(c["x1"]) for c in chars) <= left + sheet.cell_width - mm(BadgeRenderer.padding)
    with open_pdf(pdf) as doc:
        others = [c for c in doc.pages[0].chars if "Bold" not in c["fontname"]]
        squares = doc.pages[0].rects
    name_bottom = max(c["bottom"] for c in chars)
    # The name never runs into the organisation, nor over the QR code.
    assert all(c["top"] >= name_bottom for c in others if c["text"] == "S" and
               mm(c["top"]) > top + 8)
    for square in squares:
        assert square["top"] >= name_bottom or square["x0"] >= max(c["x1"] for c in chars)


def test_the_long_name_breaks_between_words_before_it_breaks_after_a_hyphen() -> None:
    # 83 mm: the inner width of a 90 mm badge; two lines, at spaces.
    fitted = fit_lines(LONG_NAME, fonts.BOLD, pt(83), pt(30), 28, 20, 3, 1.1)
    assert fitted == (20, ("Prof. Dr. Anna-Katharina", "Müller-Lüdenscheidt"))
    # 75 mm: three lines, still at spaces, evenly.
    fitted = fit_lines(LONG_NAME, fonts.BOLD, pt(75), pt(30), 28, 20, 3, 1.1)
    assert fitted == (21.5, ("Prof. Dr.", "Anna-Katharina", "Müller-Lüdenscheidt"))
    # 55 mm: "Müller-Lüdenscheidt" (69 mm at 20 pt) must break after its hyphen.
    fitted = fit_lines(LONG_NAME, fonts.BOLD, pt(55), pt(40), 28, 20, 4, 1.1)
    assert fitted is not None and fitted[1][-2:] == ("Müller-", "Lüdenscheidt")
    assert fit_lines(LONG_NAME, fonts.BOLD, pt(40), pt(12), 28, 20, 3, 1.1) is None


@pytest.mark.parametrize("qr", [False, True])
def test_the_very_long_name_is_refused_on_the_smallest_badge_rather_than_cut(qr: bool) -> None:
    # 68 mm wide: "Müller-Lüdenscheidt" needs 69 mm at 20 pt, so three lines, which the
    # 40 mm high badge has no room for beside the event line and the organisation.
    with pytest.raises(ValidationError, match="Durable 1453-02"):
        registry.render(_badges(BADGE_SHEETS["durable-1453-02"], [LONG_NAME], qr=qr))


def test_a_name_that_fits_no_badge_is_refused_naming_the_person() -> None:
    sheet = BADGE_SHEETS["durable-1453-02"]
    name = "Wolfgang-Maximilian Hohenzollern-Sigmaringen-Donaueschingen"
    with pytest.raises(ValidationError) as error:
        registry.render(_badges(sheet, [name], qr=True))
    assert name in error.value.message and "20 pt" in error.value.message
    assert error.value.hint is not None and "QR-Code" in error.value.hint


def test_the_qr_code_draws_the_registration_code_and_is_a_figure_with_alt_text() -> None:
    sheet = BADGE_SHEETS["durable-1445-02"]
    snapshot = _badges(sheet, ["Anna Beispiel"], qr=True)
    code = snapshot.badges[0].code
    assert code is not None
    pdf = registry.render(snapshot).pdf
    with open_pdf(pdf) as doc:
        squares = doc.pages[0].rects
    # The dark modules read back from the squares are exactly the QR code of the code.
    modules = qr_modules(code)
    count = len(modules)
    x0, top0 = min(s["x0"] for s in squares), min(s["top"] for s in squares)
    box = min(s["height"] for s in squares)
    first_dark_column = min(c for r in modules for c, dark in enumerate(r) if dark)
    drawn = [[False] * count for _ in range(count)]
    for square in squares:
        row = round((square["top"] - top0) / box)
        start = round((square["x0"] - x0) / box) + first_dark_column
        for column in range(start, start + round(square["width"] / box)):
            drawn[row][column] = True
    assert drawn == modules
    side = mm(box) * (count + 2 * BadgeRenderer.qr_border)
    assert side == pytest.approx(min(16, 0.28 * 54), abs=0.01)
    figures = [e for e in tagged.struct_elements(pdf) if str(e["/S"]) == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == [f"QR-Code mit dem Anmeldecode {code}"]
    assert "/BBox" in figures[0]["/A"]


def test_each_badge_reads_event_name_and_organisation_in_order() -> None:
    pdf = registry.render(sample_badges()).pdf
    order = [(role, tagged.normalise(text)) for role, text in tagged.reading_order(pdf)]
    assert order[:3] == [
        ("P", "Werkstattgespräch Inklusive Quartiere · 25.10.2017 · Ulm"),
        ("P", "Dr. Anna Beispiel"),
        ("P", "Stadt Ulm Sozialdezernentin"),
    ]
    assert ("P", "Prof. Dr. Anna-Katharina Müller-Lüdenscheidt") in order
    counts = tagged.counts(pdf)
    assert counts["Figure"] == 5  # the blank badge has no QR code
    assert counts["Div"] == 6 + 1  # one per badge, one for the sheet
    assert tagged.unmarked_painting(pdf) == []
    with open_pdf(pdf) as doc:
        assert len(doc.pages) == 1  # no page number, no footer: nothing outside the badges
        assert all("Seite" not in line["text"] for line in doc.pages[0].extract_text_lines())
