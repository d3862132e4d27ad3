"""Letter text templates with named placeholders: "{anrede}\\n\\nwir laden Sie am
{veranstaltung_datum} nach {ort} ein …".

Why a small scanner of our own instead of ``str.format``: ``str.format`` stops at the first
problem, reports positions nobody can find, evaluates "{0}" and "{a.b}", and would happily print
an empty string for a missing value. Here a template is checked *when it is saved* (every unknown
placeholder and every stray brace, with its line number and a suggestion), and rendering refuses a
placeholder without a value, so 200 printed letters never contain a blank where the date should
be. Literal braces are written "{{" and "}}".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from beratung.domain.errors import ValidationError

KNOWN_PLACEHOLDERS: dict[str, str] = {
    "anrede": "Briefanrede des Empfängers, z. B. „Sehr geehrte Frau Dr. Beispiel,“",
    "vorname": "Vorname des Empfängers",
    "nachname": "Nachname des Empfängers",
    "funktion": "Funktion des Empfängers in seiner Organisation, z. B. „Oberbürgermeister“",
    "kommune": "Kommune oder Organisation des Empfängers, z. B. „Stadt Ulm“",
    "veranstaltung": "Titel der Veranstaltung, z. B. „Werkstattgespräch Inklusive Quartiere“",
    "veranstaltung_datum": "Datum der Veranstaltung, z. B. „Mittwoch, 25. Oktober 2017“",
    "veranstaltung_uhrzeit": "Beginn (und Ende) der Veranstaltung, z. B. „10:00 bis 16:00 Uhr“",
    "ort": "Ort der Veranstaltung, z. B. „Ulm, Haus der Begegnung“",
    "anmeldeschluss": "Letzter Tag der Anmeldung, z. B. „11. Oktober 2017“",
    "bearbeiterin": "Name der Bearbeiterin oder des Bearbeiters, z. B. „Christiane Conzen“",
    "datum": "Datum des Schreibens, z. B. „31. Juli 2017“",
    # Filled by invitations (domain/rules/invitations.py says how each is worded).
    "anreise": "Wie man zum Veranstaltungsort kommt (Wegbeschreibung, Bus und Bahn)",
    "barrierefreiheit": "Barrierefreiheit des Veranstaltungsorts in ganzen Sätzen, auch was "
    "noch nicht bekannt ist",
    "tagesordnung": "Die Tagesordnung, ein Punkt je Zeile, z. B. „10:00–10:30 Uhr: Begrüßung“",
    "kontakt": "Ansprechperson mit Telefon und E-Mail, z. B. „Simone Fischer, Telefon …“",
}

_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_LINE_BREAKS = "\n\r"


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One problem in a template, with its position so the editor can mark it."""

    line: int
    column: int
    message: str


class TemplateError(ValidationError):
    """All problems of a template at once; ``problems`` lets the editor mark each line."""

    def __init__(self, message: str, problems: tuple[TemplateProblem, ...], *, field: str) -> None:
        super().__init__(message, field=field)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["text", "placeholder", "problem"]
    value: str
    line: int
    column: int


def _tokens(text: str, known: Mapping[str, str]) -> Iterator[_Token]:
    """Literal text, placeholders and problems, in order; never raises."""
    i, line, line_start, literal = 0, 1, 0, []
    length = len(text)
    while i < length:
        ch = text[i]
        if ch == "\n":
            literal.append(ch)
            i, line, line_start = i + 1, line + 1, i + 1
            continue
        column = i - line_start + 1
        if ch in "{}" and text.startswith(ch * 2, i):
            literal.append(ch)
            i += 2
            continue
        if ch == "}":
            yield _Token(
                "problem",
                f"Schließende Klammer „}}“ ohne öffnende in Zeile {line}, Spalte {column}. "
                "Für eine geschweifte Klammer im Text „}}“ schreiben.",
                line,
                column,
            )
            literal.append(ch)
            i += 1
            continue
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        end = i + 1
        while end < length and text[end] not in "{}" + _LINE_BREAKS:
            end += 1
        if end >= length or text[end] != "}":
            yield _Token(
                "problem",
                f"Öffnende Klammer „{{“ ohne schließende in Zeile {line}, Spalte {column}. "
                "Ein Platzhalter steht ganz in einer Zeile, z. B. {anrede}; für eine geschweifte "
                "Klammer im Text „{{“ schreiben.",
                line,
                column,
            )
            literal.append(ch)
            i += 1
            continue
        name = text[i + 1 : end]
        if _NAME.fullmatch(name) and name in known:
            if literal:
                yield _Token("text", "".join(literal), line, column)
                literal = []
            yield _Token("placeholder", name, line, column)
        else:
            guess = difflib.get_close_matches(
                "_".join(name.casefold().split()), list(known), n=1, cutoff=0.6
            )
            hint = f" Meinten Sie {{{guess[0]}}}?" if guess else ""
            yield _Token(
                "problem",
                f"Unbekannter Platzhalter {{{name}}} in Zeile {line}.{hint}",
                line,
                column,
            )
            literal.append(text[i : end + 1])
        i = end + 1
    if literal:
        yield _Token("text", "".join(literal), line, 0)


def _known_list(known: Mapping[str, str]) -> str:
    return ", ".join(f"{{{name}}}" for name in known)


def check_template(
    text: str, *, field: str = "body", known: Mapping[str, str] = KNOWN_PLACEHOLDERS
) -> None:
    """Raise :class:`TemplateError` listing every unknown placeholder (with line number and a
    suggestion) and every unbalanced brace; return quietly for a usable template."""
    problems = tuple(
        TemplateProblem(t.line, t.column, t.value)
        for t in _tokens(text, known)
        if t.kind == "problem"
    )
    if not problems:
        return
    lines = [p.message for p in problems]
    if any(m.startswith("Unbekannter Platzhalter") for m in lines):
        lines.append(f"Bekannt sind: {_known_list(known)}.")
    raise TemplateError("\n".join(lines), problems, field=field)


def placeholders(text: str, *, known: Mapping[str, str] = KNOWN_PLACEHOLDERS) -> list[str]:
    """The distinct known placeholders a template uses, in order of first use (what the caller
    must supply to :func:`render_template`)."""
    names = (t.value for t in _tokens(text, known) if t.kind == "placeholder")
    return list(dict.fromkeys(names))


def render_template(
    text: str,
    values: Mapping[str, str | None],
    *,
    field: str = "body",
    known: Mapping[str, str] = KNOWN_PLACEHOLDERS,
) -> str:
    """The template with every placeholder replaced by its value, inserted literally (braces in
    a value are not interpreted). Raises :class:`TemplateError` for a faulty template and for
    every used placeholder whose value is missing or blank — never prints a gap."""
    check_template(text, field=field, known=known)
    tokens = list(_tokens(text, known))
    missing: dict[str, TemplateProblem] = {}
    for token in tokens:
        if token.kind == "placeholder" and token.value not in missing:
            value = values.get(token.value)
            if value is None or not value.strip():
                missing[token.value] = TemplateProblem(
                    token.line,
                    token.column,
                    f"Für den Platzhalter {{{token.value}}} in Zeile {token.line} fehlt ein Wert "
                    f"({known[token.value]}).",
                )
    if missing:
        problems = tuple(missing.values())
        raise TemplateError("\n".join(p.message for p in problems), problems, field=field)
    return "".join(
        token.value if token.kind == "text" else str(values[token.value]) for token in tokens
    )
