"""Which ``ValidationError.field`` names a piece of code can raise, read from its source.

Field names are a contract (``gui/feedback.py``): the service puts a name into
``ValidationError.field`` and the form registers the widget for it under the same string. The
tests of each form area scan the service functions the form calls and compare.

The scan reads every ``field=`` keyword of every call in the chosen functions (``raise
ValidationError(..., field="subject")``, but also ``parse_date_de(..., field="occurred_at")``),
so it sees the names the callers hand to the domain rules as well. A ``field=`` that is not a
string literal (``field=name`` in a loop, a helper's ``field=field``) cannot be read this way:
it is reported as a *dynamic site*, and each test says what such a site stands for. A new
dynamic site fails the test until someone has said so.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType


@dataclass
class FieldScan:
    #: The ``field=`` string literals found.
    names: set[str] = field(default_factory=set)
    #: ``"module.function: expression"`` of each ``field=`` that is not a literal.
    dynamic: set[str] = field(default_factory=set)


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, wanted: set[str] | None, scan: FieldScan) -> None:
        self.module = module
        self.wanted = wanted
        self.scan = scan
        self.stack: list[str] = []
        self.found: set[str] = set()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.wanted is not None and node.name in self.wanted:
            self.found.add(node.name)
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        if any(self.wanted is None or f in self.wanted for f in self.stack):
            for keyword in node.keywords:
                if keyword.arg != "field":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self.scan.names.add(value.value)
                else:
                    where = ".".join([self.module, *self.stack])
                    self.scan.dynamic.add(f"{where}: {ast.unparse(value)}")
        self.generic_visit(node)


def scan_fields(*targets: tuple[ModuleType, Iterable[str] | None]) -> FieldScan:
    """The field names in the named functions (methods by their plain name, nested functions
    with them) of each module; ``None`` scans the whole module."""
    scan = FieldScan()
    for module, functions in targets:
        wanted = None if functions is None else set(functions)
        short = module.__name__.removeprefix("beratung.")
        visitor = _Visitor(short, wanted, scan)
        visitor.visit(ast.parse(inspect.getsource(module)))
        if wanted is not None:
            missing = wanted - visitor.found
            assert not missing, f"{short}: no such function (renamed?): {sorted(missing)}"
    return scan

