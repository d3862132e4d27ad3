"""The figures of ``python -m bench`` that need no Qt in this process: start-up and memory (in
child processes), the command line, and the documents' pages per second.

Every function returns figures as dicts (``key``, ``label``, ``unit``, ``value``,
``baseline_label``, ``baseline``, optional ``cpu``/``baseline_cpu`` and ``note``), each value a
median of ``repeat`` runs whose baseline ran alternately in the same run, so load from other
processes on the shared machine falls on both.
"""

from __future__ import annotations

import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """The environment of a measured process: offscreen Qt and byte code written and read as
    in an installation (a ``PYTHONDONTWRITEBYTECODE`` of the caller would make every start
    compile the whole program again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    return env


class TooLongError(Exception):
    """A measured process ran past its limit and was ended: the runner notes the figure as not
    measured at that size instead of waiting for it."""


#: The longest one measured process may run (seconds); the GUI figures' process runs every
#: list, search and page figure and gets :data:`GUI_SECONDS`.
PROCESS_SECONDS = 300
GUI_SECONDS = 1200


def _run(command: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, env=child_env(), capture_output=True, text=True, cwd=ROOT, check=False,
            timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise TooLongError(f"nach {timeout / 60:.0f} Minuten abgebrochen") from None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(
    command: Sequence[str], timeout: float = PROCESS_SECONDS
) -> tuple[float, float, str]:
    """Wall seconds from start to exit, CPU seconds of the child, its stdout."""
    cpu = _children_cpu()
    began = time.monotonic()
    done = _run(command, timeout)
    wall = time.monotonic() - began
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} ging schief:\n{done.stderr[-2000:]}")
    return wall, _children_cpu() - cpu, done.stdout


def child_stamps(mode: str, db: Path | None) -> tuple[float, dict[str, Any], float]:
    """Start ``bench.child`` and return (start time, its JSON, its CPU seconds)."""
    command = [sys.executable, "-m", "bench.child", mode]
    if db is not None:
        command.append(str(db))
    cpu = _children_cpu()
    began = time.monotonic()
    done = _run(command, PROCESS_SECONDS)
    if done.returncode != 0:
        raise RuntimeError(f"bench.child {mode} ging schief:\n{done.stderr[-2000:]}")
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    return began, stamps, _children_cpu() - cpu


def figure(
    key: str,
    label: str,
    value: float,
    baseline_label: str,
    baseline: float,
    unit: str = "ms",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "unit": unit,
        "value": value,
        "baseline_label": baseline_label,
        "baseline": baseline,
        **extra,
    }


def startup(db: Path, repeat: int) -> list[dict[str, Any]]:
    """Process start → first window shown, and → Übersicht painted with its figures; the bare
    PySide6 window (table of 50×6) is the baseline of both. The Übersicht also against the
    stack's floor (``bench.child stack``: that window plus importing SQLAlchemy and one count),
    so the table says how much of the start is the app and how much the libraries. One
    warm-up of each first; the three alternate."""
    child_stamps("app", db)
    child_stamps("bare", None)
    child_stamps("stack", db)
    shown: list[float] = []
    painted: list[float] = []
    cpu: list[float] = []
    bare: list[float] = []
    bare_cpu: list[float] = []
    stack: list[float] = []
    stack_cpu: list[float] = []
    for _ in range(repeat):
        began, stamps, used = child_stamps("app", db)
        shown.append((stamps["shown"] - began) * 1000)
        painted.append((stamps["painted"] - began) * 1000)
        cpu.append(used * 1000)
        began, stamps, used = child_stamps("bare", None)
        bare.append((stamps["shown"] - began) * 1000)
        bare_cpu.append(used * 1000)
        began, stamps, used = child_stamps("stack", db)
        stack.append((stamps["shown"] - began) * 1000)
        stack_cpu.append(used * 1000)
    base = statistics.median(bare)
    return [
        figure("startup_shown", "Start bis Fenster gezeigt", statistics.median(shown),
               "leeres PySide6-Fenster mit Tabelle", base),
        figure("startup_overview", "Start bis Übersicht mit Zahlen gezeichnet",
               statistics.median(painted), "leeres PySide6-Fenster mit Tabelle", base,
               cpu=statistics.median(cpu), baseline_cpu=statistics.median(bare_cpu)),
        figure("startup_stack_floor",
               "Boden des Stacks: Fenster + SQLAlchemy-Import + eine Zählung",
               statistics.median(stack), "leeres PySide6-Fenster mit Tabelle", base,
               cpu=statistics.median(stack_cpu), baseline_cpu=statistics.median(bare_cpu)),
        figure("startup_overview_vs_stack", "Start bis Übersicht mit Zahlen, gegen den Boden des "
               "Stacks", statistics.median(painted), "Fenster + SQLAlchemy-Import + eine Zählung",
               statistics.median(stack), cpu=statistics.median(cpu),
               baseline_cpu=statistics.median(stack_cpu)),
    ]  # fmt: skip


def memory(db: Path) -> list[dict[str, Any]]:
    """Peak resident set of the app with every page visited, vs the bare window's."""
    _began, stamps, _cpu = child_stamps("visit", db)
    _began, bare, _cpu = child_stamps("bare", None)
    return [
        figure("peak_rss", "Spitzenspeicher (RSS), jede Seite besucht",
               stamps["rss_kib"] / 1024, "leeres PySide6-Fenster", bare["rss_kib"] / 1024,
               unit="MB"),
    ]  # fmt: skip


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "beratung"
    return [str(script)] if script.exists() else [sys.executable, "-m", "beratung"]


BARE_QUERY = """
import json, sys
from sqlalchemy import create_engine, text
engine = create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    rows = conn.execute(text(
        "SELECT p.id, p.first_name, p.last_name, p.email, a.role, o.name, o.town FROM person p "
        "LEFT JOIN affiliation a ON a.person_id = p.id AND a.is_primary "
        "LEFT JOIN organisation o ON o.id = a.organisation_id ORDER BY p.sort_name")).all()
print(json.dumps([list(r) for r in rows]))
"""


def _alternate_processes(
    first: Sequence[str], second: Sequence[str], repeat: int
) -> tuple[float, float, float, float]:
    """Median wall and CPU (ms) of two commands run alternately, one warm-up each."""
    run_process(first)
    run_process(second)
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for _ in range(repeat):
        wall, cpu, _out = run_process(first)
        a.append((wall * 1000, cpu * 1000))
        wall, cpu, _out = run_process(second)
        b.append((wall * 1000, cpu * 1000))
    return (
        statistics.median(x for x, _ in a),
        statistics.median(y for _, y in a),
        statistics.median(x for x, _ in b),
        statistics.median(y for _, y in b),
    )


def cli(db: Path, repeat: int, with_version: bool) -> list[dict[str, Any]]:
    """``beratung --version`` vs ``python -c pass``; ``contacts list --json`` vs a bare
    SQLAlchemy query of the same persons printed as JSON."""
    out: list[dict[str, Any]] = []
    data = db.parent / "data"  # never the user's own data folder
    if with_version:
        wall, cpu, base, base_cpu = _alternate_processes(
            [*_cli(), "--data-dir", str(data), "--version"], [sys.executable, "-c", "pass"], repeat
        )
        out.append(figure("cli_version", "beratung --version", wall, "python -c pass", base,
                          cpu=cpu, baseline_cpu=base_cpu))  # fmt: skip
    wall, cpu, base, base_cpu = _alternate_processes(
        [*_cli(), "--data-dir", str(data), "--db", str(db), "contacts", "list", "--json"],
        [sys.executable, "-c", BARE_QUERY, str(db)],
        repeat,
    )
    out.append(figure("cli_contacts_list", "beratung contacts list --json", wall,
                      "SQLAlchemy-Abfrage + JSON (python -c)", base,
                      cpu=cpu, baseline_cpu=base_cpu))  # fmt: skip
    return out


def gui(db: Path, repeat: int) -> list[dict[str, Any]]:
    """The list, search, statistics and events figures (``bench.gui_figures``)."""
    _wall, _cpu, out = run_process(
        [sys.executable, "-m", "bench.gui_figures", str(db), str(repeat)], GUI_SECONDS
    )
    result: list[dict[str, Any]] = json.loads(out.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------------------- documents


def _cpu_ms(call: Callable[[], object]) -> float:
    gc.collect()
    began = time.process_time()
    call()
    return (time.process_time() - began) * 1000


def canvas_pages(page_lines: Sequence[Sequence[str]]) -> bytes:
    """A plain ReportLab canvas drawing these lines page by page, in the app's fonts: the floor
    of what ReportLab needs for the same pages (no Platypus, no tagging)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from beratung.documents import fonts

    fonts.register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    for lines in page_lines:
        y = A4[1] - 25 * mm
        c.setFont(fonts.REGULAR, 10)
        for line in lines:
            c.drawString(25 * mm, y, line)
            y -= 12
            if y < 20 * mm:
                y = A4[1] - 25 * mm
        c.showPage()
    c.save()
    return buffer.getvalue()


def _page_lines(pdf: bytes) -> list[list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [(page.extract_text() or "").splitlines() for page in reader.pages]


def documents(repeat: int, invitees: int) -> list[dict[str, Any]]:
    """Pages per second (CPU time: the shared machine's wall clock measures its neighbours) of
    the press release and the consultation report samples and of ``invitees`` invitations, vs a
    plain canvas drawing the same number of pages with the same text."""
    from beratung.documents import registry
    from beratung.documents.samples import SAMPLES

    out: list[dict[str, Any]] = []
    names = {"press_release": "Presseinformation", "consultation_report": "Beratungsbericht"}
    for kind, label in names.items():
        snapshot = SAMPLES[kind][0]()
        renderer = registry.document_type(kind).renderer(snapshot)
        result = renderer.render(snapshot)
        pages = result.page_count or 1
        lines = _page_lines(result.pdf)
        canvas_pages(lines)
        times: list[float] = []
        base: list[float] = []
        for _ in range(repeat):
            times.append(_cpu_ms(lambda r=renderer, s=snapshot: r.render(s)))
            base.append(_cpu_ms(lambda lines=lines: canvas_pages(lines)))
        out.append(figure(
            f"pages_{kind}", f"{label}: Seiten je Sekunde ({pages} S.)",
            pages / statistics.median(times) * 1000, "Canvas, gleiche Seiten und Texte",
            pages / statistics.median(base) * 1000, unit="S./s", higher_is_better=True,
        ))  # fmt: skip
    from bench import invitations_bench

    with tempfile.TemporaryDirectory(prefix="bench-inv-") as folder:
        setup = invitations_bench.make_setup(Path(folder), invitees)
        try:
            result = invitations_bench.measure(setup, invitees, max(1, repeat // 2))
        finally:
            setup.services.close()
    out.append(figure(
        "pages_invitations", f"Einladungen mit Antwortformular: Seiten je Sekunde "
        f"({invitees} Eingeladene, {result.pages} S.)",
        result.pages / result.total.median_cpu, "Canvas, gleiche Seiten aus SQL-Zeilen",
        result.canvas_pages / result.canvas.median_cpu, unit="S./s", higher_is_better=True,
    ))  # fmt: skip
    return out
