"""``python -m bench`` (or ``bench/run``): every benchmark figure at every data size, each next
to its baseline from the same run.

    python -m bench [--sizes 1,10,100] [--repeat 5] [--quick] [--only startup,cli,gui,memory,docs]
                    [--out bench/results] [--render-only]

Why one command: separate scripts were run at different times on different data, so their
numbers could not be compared, and a slow path crept in unseen. This runs the start-up, command
line, list, search, statistics, events, documents and memory figures on the same generated
databases (:mod:`bench.datagen`, cached), and writes ``latest.json``, ``latest.md`` (a table per
size with the ratio to the baseline) and ``latest.png`` (each figure against the data size).
``--quick`` is the smoke run (size 1, one repeat, fewer documents) that ``tests/`` runs so the
runner cannot rot. Nothing is asserted: the targets are discussed in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import datagen, figures

RESULTS = Path(__file__).resolve().parent / "results"
GROUPS = ("startup", "cli", "gui", "memory", "docs")
#: 100× must be generated in this many seconds, or it is left out (and the output says so).
GENERATION_BUDGET = 600
#: What each group measures, for the table's row of a group that was not measured.
GROUP_LABELS = {
    "startup": "Start bis Fenster und Übersicht",
    "cli": "Kommandozeile",
    "gui": "Listen, Suche, Statistik, Veranstaltungen",
    "memory": "Spitzenspeicher (RSS), jede Seite besucht",
    "docs": "Dokumente",
}
#: Groups left out from a size on, and why: they would keep the run waiting far longer than
#: what they tell is worth (a group that merely runs past its limit is noted as well).
SKIP: dict[str, tuple[int, str]] = {}


def machine() -> dict[str, Any]:
    """What the figures were measured on (shared with other work: the load says how much)."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    import PySide6
    import reportlab
    import sqlalchemy

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "reportlab": reportlab.Version,
        "load_before": list(os.getloadavg()),
    }


def prepare(size: int, notes: list[str]) -> Path | None:
    """The database of ``size``; 100× and larger are generated in a child process with a time
    budget, so a machine too slow for them still gets the smaller sizes' results."""
    target = datagen.cache_file(size)
    if target.exists() or size < 100:
        began = time.monotonic()
        path = datagen.database(size)
        if time.monotonic() - began > 1:
            print(f"  Daten {size}× erzeugt in {time.monotonic() - began:.0f} s", flush=True)
        return path
    began = time.monotonic()
    try:
        subprocess.run(
            [sys.executable, "-c", f"from bench import datagen; datagen.database({size})"],
            env=figures.child_env(), cwd=figures.ROOT, check=True, timeout=GENERATION_BUDGET,
        )
    except subprocess.TimeoutExpired:
        notes.append(f"{size}×: Die Daten ließen sich nicht in {GENERATION_BUDGET // 60} "
                     "Minuten erzeugen; diese Größe fehlt.")  # fmt: skip
        return None
    print(f"  Daten {size}× erzeugt in {time.monotonic() - began:.0f} s", flush=True)
    return target


def sizes_of(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“: erwartet z. B. 1,10,100") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("Größen sind ganze Zahlen ab 1")
    return sizes


def ratio(item: dict[str, Any]) -> float | None:
    """How many times the baseline: time / baseline time, or baseline rate / rate for pages per
    second, so a larger ratio always means slower than the baseline."""
    value, base = item["value"], item["baseline"]
    if not value or not base:
        return None
    return float(base / value) if item.get("higher_is_better") else float(value / base)


def number(value: float) -> str:
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"
    return text.replace(",", "·").replace(".", ",").replace("·", ".")


def markdown(run: dict[str, Any]) -> str:
    m = run["machine"]
    lines = [
        "# Benchmarks: alle Messgrößen (`python -m bench`)",
        "",
        f"Gemessen am {run['started']} mit `{run['command']}` in "
        f"{run['seconds'] / 60:.0f} Minuten. "
        f"Rechner: {m['cpu']}, {m['cores']} Kerne, {m['memory_mb'] // 1024} GiB; "
        f"{m['system']}; Python {m['python']}, PySide6 {m['pyside6']}, SQLAlchemy "
        f"{m['sqlalchemy']}, SQLite {m['sqlite']}, ReportLab {m['reportlab']}.",
        "",
        "**Der Rechner war nicht frei:** andere Arbeiten liefen gleichzeitig (Last vorher "
        f"{m['load_before'][0]:.1f}, nachher {run['load_after'][0]:.1f} bei {m['cores']} Kernen). "
        "Jede Zahl ist der Median aus "
        f"{run['repeat']} Läufen, die Basis lief abwechselnd im selben Lauf, so trifft die Last "
        "beide; die absoluten Zeiten sind trotzdem höher als auf einem freien Rechner, die "
        "Verhältnisse sind belastbarer.",
        "",
        "Verhältnis = Zeit ÷ Zeit der Basis (bei Seiten je Sekunde: Rate der Basis ÷ Rate), "
        "größer heißt langsamer als die Basis. CPU = Rechenzeit des Prozesses (nur bei "
        "eigenen Prozessen).",
        "",
    ]
    for note in run["notes"]:
        lines += [f"> {note}", ""]
    for size in run["sizes"]:
        info = run["data"].get(str(size), {})
        amounts = {key: f"{value:,}".replace(",", ".") for key, value in info.items()}
        lines += [
            f"## {size}× — {amounts.get('persons')} Personen, "
            f"{amounts.get('organisations')} Organisationen, "
            f"{amounts.get('consultations')} Beratungen, {amounts.get('events')} "
            f"Veranstaltungen, {amounts.get('registrations')} Anmeldungen",
            "",
            "| Messgröße | Wert | Basis | Basiswert | Verhältnis | CPU / Basis-CPU |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for item in run["figures"]:
            if item["size"] != size:
                continue
            r = ratio(item)
            cpu = (
                f"{number(item['cpu'])} / {number(item['baseline_cpu'])} ms"
                if "cpu" in item
                else ""
            )
            lines.append(
                f"| {item['label']} | {number(item['value'])} {item['unit']} | "
                f"{item['baseline_label']} | {number(item['baseline'])} {item['unit']} | "
                f"{'' if r is None else number(r) + '×'} | {cpu} |"
            )
        for skipped in run.get("skipped", []):
            if skipped["size"] == size:
                label = GROUP_LABELS.get(skipped["group"], skipped["group"])
                lines.append(f"| {label} | nicht gemessen: {skipped['reason']} | | | | |")
        lines.append("")
    lines += [
        "Grafik: `latest.png` (jede Messgröße über der Datengröße, mit ihrer Basis).",
        "",
    ]
    return "\n".join(lines)


def plot(run: dict[str, Any], out: Path) -> bool:
    """Each figure against the data size (log x), with its baseline; False without
    matplotlib (``pip install -e '.[bench]'``)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    keys: dict[str, str] = {}
    for item in run["figures"]:
        keys.setdefault(item["key"], item["label"].split(" (")[0])
    columns = 3
    rows = (len(keys) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.2 * rows), squeeze=False)
    for axis, (key, label) in zip(axes.flat, keys.items(), strict=False):
        items = sorted((i for i in run["figures"] if i["key"] == key), key=lambda i: i["size"])
        xs = [i["size"] for i in items]
        axis.plot(xs, [i["value"] for i in items], "o-", label="Beratung")
        axis.plot(xs, [i["baseline"] for i in items], "s--", label="Basis")
        axis.set_xscale("log")
        axis.set_xticks(xs, [f"{x}×" for x in xs])
        axis.set_title(label, fontsize=9)
        axis.set_ylabel(items[0]["unit"])
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
    for axis in list(axes.flat)[len(keys) :]:
        axis.axis("off")
    fig.suptitle(f"Beratung: Messgrößen über der Datengröße ({run['started']})", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))  # room for the title
    fig.savefig(out, dpi=90)
    plt.close(fig)
    return True


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            name: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for name, table in (
                ("persons", "person"),
                ("organisations", "organisation"),
                ("consultations", "consultation"),
                ("events", "event"),
                ("registrations", "registration"),
            )
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes_of, default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="Rauchtest: nur 1×, 1 Wiederholung, 10 Einladungen")  # fmt: skip
    parser.add_argument("--only", default=",".join(GROUPS),
                        help="Gruppen: " + ", ".join(GROUPS))  # fmt: skip
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--render-only", action="store_true",
                        help="Tabelle und Grafik aus OUT/latest.json neu schreiben")  # fmt: skip
    args = parser.parse_args(argv)
    if args.render_only:
        run = json.loads((args.out / "latest.json").read_text(encoding="utf-8"))
        (args.out / "latest.md").write_text(markdown(run), encoding="utf-8")
        plot(run, args.out / "latest.png")
        return 0
    groups = [g for g in args.only.split(",") if g]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unbekannte Gruppe(n): {', '.join(sorted(unknown))}")
    if args.quick:
        args.sizes, args.repeat = [1], 1
    started = time.monotonic()
    run: dict[str, Any] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "repeat": args.repeat,
        "sizes": [],
        "data": {},
        "figures": [],
        "skipped": [],
        "notes": [],
    }
    for size in args.sizes:
        print(f"Größe {size}×", flush=True)
        db = prepare(size, run["notes"])
        if db is None:
            print(f"  {run['notes'][-1]}", flush=True)
            continue
        run["sizes"].append(size)
        run["data"][str(size)] = counts(db)
        steps: list[tuple[str, Any]] = []
        if "startup" in groups:
            steps.append(("startup", lambda db=db: figures.startup(db, args.repeat)))
        if "cli" in groups:
            first = size == args.sizes[0]
            steps.append(("cli", lambda db=db, first=first: figures.cli(db, args.repeat, first)))
        if "gui" in groups:
            steps.append(("gui", lambda db=db: figures.gui(db, args.repeat)))
        if "memory" in groups:
            steps.append(("memory", lambda db=db: figures.memory(db)))
        if "docs" in groups and size == args.sizes[0]:
            invitees = 10 if args.quick else 100
            steps.append(
                ("docs", lambda n=invitees: figures.documents(args.repeat * 2, n))
            )
        for name, step in steps:
            began = time.monotonic()
            skip = SKIP.get(name)
            if skip is not None and size >= skip[0]:
                run["skipped"].append({"size": size, "group": name, "reason": skip[1]})
                print(f"  {name}: nicht gemessen ({skip[1]})", flush=True)
                continue
            try:
                results = step()
            except figures.TooLongError as exc:
                run["skipped"].append({"size": size, "group": name, "reason": str(exc)})
                print(f"  {name}: nicht gemessen ({exc})", flush=True)
                continue
            for item in results:
                item["size"] = size
            run["figures"].extend(results)
            print(f"  {name}: {len(results)} Messgrößen in {time.monotonic() - began:.0f} s",
                  flush=True)  # fmt: skip
        write(run, args.out, started, final=False)
    write(run, args.out, started, final=True)
    print(markdown(run))
    return 0


def write(run: dict[str, Any], out: Path, started: float, *, final: bool) -> None:
    """Write the results so far (after every size: a run stopped at 100× keeps 1× and 10×)."""
    notes = list(run["notes"])
    if not final:
        run["notes"].append("Zwischenstand: der Lauf war hier noch nicht fertig.")
    if any(i["key"].startswith("pages_") for i in run["figures"]):
        run["notes"].append(
            "Dokumente hängen nicht von der Datengröße ab (Musterdokumente, Einladungen an eine "
            "feste Zahl Eingeladener); sie werden nur bei der kleinsten Größe gemessen."
        )
    run["seconds"] = time.monotonic() - started
    run["load_after"] = list(os.getloadavg())
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(run, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "latest.md").write_text(markdown(run), encoding="utf-8")
    if not plot(run, out / "latest.png"):
        print("matplotlib fehlt: keine Grafik (pip install -e '.[bench]')", file=sys.stderr)
    if not final:
        run["notes"] = notes


if __name__ == "__main__":
    sys.exit(main())
