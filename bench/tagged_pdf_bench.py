"""Benchmark: what tagged PDF (PDF/UA-1, PDF/A-2a) costs per rendered page.

    .venv/bin/python bench/tagged_pdf_bench.py [--repeat 40]

Renders every sample document (``documents.samples.SAMPLES``: DIN letters Form B and A, the
press release P 309/2017, the consultation report) ``--repeat`` times with the tagging layer
and as many times without it (``renderer.tagged = False``: the same drawing code writing what
it wrote before tagging existed — no marked content, structure tree, XMP or output intent),
alternating the two so that both see the same machine state. Reports the median time per page
of each and their ratio. Results go to ``bench/results/tagged_pdf.md``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import reportlab

from beratung.documents import registry
from beratung.documents.samples import SAMPLES

RESULTS = Path(__file__).resolve().parent / "results" / "tagged_pdf.md"

NAMES = {
    ("letter", 0): "Brief Form B (2 Seiten)",
    ("letter", 1): "Brief Form A (1 Seite)",
    ("press_release", 0): "Presseinformation P 309/2017",
    ("consultation_report", 0): "Beratungsstatistik 2017",
}


def _render(renderer: Any, snapshot: Any) -> tuple[float, int]:
    """CPU time of one render (the process's, not the wall clock: on a shared machine other
    processes' load would otherwise land on whichever variant ran at that moment); garbage
    collection runs before, not during."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        result = renderer.render(snapshot)
        return time.process_time() - start, result.page_count
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=80)
    args = parser.parse_args(argv)

    rows = []
    ratios = []
    for kind, makers in SAMPLES.items():
        for index, make in enumerate(makers):
            snapshot = make()
            document = registry.document_type(kind)
            tagged, plain = document.renderer(snapshot), document.renderer(snapshot)
            plain.tagged = False
            for renderer in (tagged, plain):  # warm-up: fonts, imports, ICC profile
                _render(renderer, snapshot)
            with_tags: list[float] = []
            without: list[float] = []
            pages = 0
            for _ in range(args.repeat):
                seconds, pages = _render(plain, snapshot)
                without.append(seconds / pages)
                seconds, pages = _render(tagged, snapshot)
                with_tags.append(seconds / pages)
            base, new = statistics.median(without) * 1000, statistics.median(with_tags) * 1000
            ratios.append(new / base)
            tagged_size = len(tagged.render(snapshot).pdf)
            plain_size = len(plain.render(snapshot).pdf)
            rows.append(
                f"| {NAMES.get((kind, index), f'{kind} {index}')} | {pages} | {base:.2f} | "
                f"{new:.2f} | {new / base:.2f}× | {plain_size / 1024:.0f} → "
                f"{tagged_size / 1024:.0f} KiB |"
            )

    lines = [
        "# Benchmark: Getaggtes PDF (PDF/UA-1, PDF/A-2a) – Renderzeit je Seite",
        "",
        f"Erzeugt von `bench/tagged_pdf_bench.py` am {date.today():%d.%m.%Y}; Python "
        f"{platform.python_version()}, ReportLab {reportlab.Version}, {platform.machine()}. "
        f"Median der CPU-Zeit je Seite (`time.process_time`, Garbage Collection vor jedem Lauf) "
        f"aus {args.repeat} Läufen je Dokument nach einem Aufwärmlauf, getaggt und ungetaggt "
        "abwechselnd im selben Prozess. Ungetaggt = dieselben Renderer mit "
        "`tagged = False` (kein Marked Content, kein Strukturbaum, keine XMP-Metadaten, kein "
        "Output Intent) – das, was vor der Tagging-Schicht geschrieben wurde.",
        "",
        "| Dokument | Seiten | ungetaggt ms/Seite | getaggt ms/Seite | Verhältnis | Dateigröße |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Median der Verhältnisse: **{statistics.median(ratios):.2f}×**, höchstes "
        f"{max(ratios):.2f}× (Vorgabe: höchstens 1,25×).",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
