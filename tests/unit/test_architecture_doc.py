"""docs/architecture.md shows the layers as the code imports them, not as someone drew them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_picture_in_the_architecture_doc_is_the_import_graph() -> None:
    spec = importlib.util.spec_from_file_location(
        "architecture_graph", ROOT / "scripts" / "architecture_graph.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert module.mermaid() in doc, (
        "docs/architecture.md is out of date: run "
        ".venv/bin/python scripts/architecture_graph.py --write"
    )
