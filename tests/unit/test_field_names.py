"""Field names come from the caller: no domain rule guesses the name of an input (issue 9).

A rule's default field name ("date", "time", "due_date") was not the name any form registers
("occurred_at", "occurred_time", "due"), so an error raised with it could not be shown at its
field. The date parsers have no default any more, and every call of a rule that takes ``field``
— from services, documents, GUI and CLI — passes it, so the form-area tests in
``tests/gui/test_field_contract.py`` can read every name from the callers' source.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import beratung
import beratung.domain.rules as rules
from beratung.domain.rules import dates

SOURCE = Path(beratung.__file__).parent


def _rules_taking_a_field() -> dict[str, Callable[..., Any]]:
    """The public functions of ``domain/rules`` with a ``field`` parameter, by name."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"{rules.__name__}.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == module.__name__
                and not name.startswith("_")
                and "field" in inspect.signature(value).parameters
            ):
                found[name] = value
    return found


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def calls_without_field() -> list[str]:
    """Calls outside ``domain/`` of a rule that takes ``field``, without ``field=``."""
    wanted = _rules_taking_a_field()
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if {"domain", "migrations"} & set(path.relative_to(SOURCE).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and _called_name(node) in wanted
                and not any(k.arg in ("field", None) for k in node.keywords)
            ):
                where = path.relative_to(SOURCE.parent)
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_rules_with_a_field_are_found() -> None:
    assert {"parse_date_de", "parse_time_de", "relative_due_date", "check_template"} <= set(
        _rules_taking_a_field()
    )


def test_every_caller_names_the_field() -> None:
    assert calls_without_field() == []


def test_date_parsers_have_no_default_field_name() -> None:
    for parser in (dates.parse_date_de, dates.parse_time_de, dates.relative_due_date):
        parameter = inspect.signature(parser).parameters["field"]
        assert parameter.default is inspect.Parameter.empty, parser.__name__
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parser.__name__
