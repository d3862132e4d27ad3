"""Small rules exist once, in ``domain/rules/``: copies of them must not come back.

Each rule here was once copied into several modules (issue 9), and the copies drifted: a date
shown in the operating system's time zone, a name cleaned one way in the form and another in
the import. The checks read the source of ``src/beratung`` (migration revisions excepted: they
keep frozen copies on purpose, decision 7) and name every line that brings a copy back.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import beratung

PACKAGE = Path(beratung.__file__).parent
RULES = PACKAGE / "domain" / "rules"
FROZEN = PACKAGE / "storage" / "migrations" / "versions"
UMLAUTS = frozenset("äöüÄÖÜßẞ")


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if not path.is_relative_to(FROZEN):
            yield path


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def _lines_matching(pattern: re.Pattern[str], *, allowed: Path) -> list[str]:
    """``file:line: text`` of every match outside ``allowed`` (a file or a folder). The whole
    source is searched, so a pattern with ``\\s`` also finds a copy spread over lines."""
    found = []
    for path in _sources():
        if path == allowed or path.is_relative_to(allowed):
            continue
        source = path.read_text(encoding="utf-8")
        for match in pattern.finditer(source):
            number = source.count("\n", 0, match.start()) + 1
            found.append(f"{_where(path, number)}: {source.splitlines()[number - 1].strip()}")
    return found


def test_the_office_time_zone_is_created_once() -> None:
    """Use ``beratung.domain.rules.dates.OFFICE_TIME_ZONE`` (not a local ``BERLIN`` copy)."""
    pattern = re.compile(r"""ZoneInfo\(\s*["']Europe/Berlin["']""")
    assert _lines_matching(pattern, allowed=RULES / "dates.py") == []


def test_german_dates_are_formatted_by_the_rules_only() -> None:
    """Use ``format_date_de``/``format_datetime_de``/``format_time_de`` (Babel, decision 4),
    or ``parse_short_date_de`` to read a date back; ISO formats for machines stay allowed."""
    pattern = re.compile(r"%d\.%m\.%[Yy]|%H:%M")
    assert _lines_matching(pattern, allowed=RULES) == []


def test_display_names_are_not_joined_by_hand() -> None:
    """Use ``beratung.domain.rules.names.display_name(title, first, last)``."""
    pattern = re.compile(r"""["'] ["']\.join\(\s*\w+ for \w+ in \(\s*[\w.]*(title|titel)\b""")
    assert _lines_matching(pattern, allowed=RULES) == []


def test_text_cleaning_functions_are_not_redefined() -> None:
    """Use ``clean_text``/``clean_line``/``clean_field`` from ``beratung.domain.rules.text``."""
    pattern = re.compile(r"^[ \t]*def _?clean\(", re.MULTILINE)
    assert _lines_matching(pattern, allowed=RULES / "text.py") == []


def _umlaut_tables(path: Path) -> Iterator[str]:
    """``str.maketrans`` calls, anywhere in ``path``, whose arguments mention an umlaut or ß."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "maketrans"
        ):
            continue
        texts = [
            inner.value
            for argument in node.args
            for inner in ast.walk(argument)
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str)
        ]
        if any(UMLAUTS & set(text) for text in texts):
            yield _where(path, node.lineno)


def test_umlaut_folding_tables_live_in_the_rules() -> None:
    """Fold with ``beratung.domain.rules.search`` (``fold``, ``transliterate``,
    ``full_text_fold``, ``match_key``, ``ascii_fold`` …) instead of a table of one's own."""
    found = [
        where
        for path in _sources()
        if not path.is_relative_to(RULES)
        for where in _umlaut_tables(path)
    ]
    assert found == []


def test_the_checks_see_the_rules_themselves() -> None:
    """The checks would pass vacuously if they read nothing: the originals must be found."""
    zone = re.compile(r"""ZoneInfo\(\s*["']Europe/Berlin["']""")
    assert any(zone.search(line) for line in (RULES / "dates.py").read_text().splitlines())
    assert list(_umlaut_tables(RULES / "search.py"))
    frozen = [path for path in FROZEN.glob("*.py") if list(_umlaut_tables(path))]
    assert frozen, "migration revisions keep frozen copies; they must be skipped, not missed"
