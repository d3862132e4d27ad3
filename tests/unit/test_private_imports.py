"""No module imports another module's ``_private`` names, and no package's private modules are
imported from outside it: a helper two places need is a public rule with a name (or the two
places are one)."""

from __future__ import annotations

import ast
from pathlib import Path

import beratung

SOURCE = Path(beratung.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_submodule(package: str, name: str) -> bool:
    folder = SOURCE.parent.joinpath(*package.split("."))
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def _outside_private_module(source: str, importer_package: str) -> bool:
    """``source`` lies in a private module (``x._y``) whose package is not the importer's."""
    parts = source.split(".")
    for index, part in enumerate(parts):
        if _private(part):
            owner = ".".join(parts[:index])
            return not (importer_package == owner or importer_package.startswith(owner + "."))
    return False


def private_imports() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                source = node.module
                if not source.startswith("beratung"):
                    continue
                if _outside_private_module(source, package):
                    found.append(f"{module}: from {source} import …")
                for alias in node.names:
                    own_private_module = source == package and _is_submodule(source, alias.name)
                    if _private(alias.name) and not own_private_module:
                        found.append(f"{module}: from {source} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("beratung") and _outside_private_module(
                        alias.name, package
                    ):
                        found.append(f"{module}: import {alias.name}")
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    assert private_imports() == []
