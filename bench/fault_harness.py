"""Fault harness: SIGKILL a process that writes through the real services, then check the file.

    .venv/bin/python bench/fault_harness.py [--transactions 10000] [--seed 1] [--max-delay 1.5]

A child process (forked, so it starts in milliseconds) opens the database through
``Services.open`` and runs write transactions in a loop, each through the same service method a
form or the CLI uses, and each designed to write several rows that only make sense together:

* ``person``: ``contacts.create_person`` with an affiliation (person + affiliation + audit entry);
* ``update``: ``contacts.update_person``, the person form's save (person + audit entry);
* ``consultation``: ``consultations.create_consultation`` with two topics, the person and a
  follow-up, the consultation form's save (consultation + 2 topic links + person link +
  follow-up + audit entry);
* ``registration``: ``events.register_person`` (registration + its first history step).

After a call *returns* (the commit is done), the child appends ``kind tag`` to a report file.
The parent kills the child with SIGKILL at a random moment, opens the database and checks:
``PRAGMA integrity_check`` is ``ok`` and no foreign key dangles; every transaction reported as
committed is there (else it counts as *lost*); no transaction is there in part (*partial*: a
person without affiliation or audit entry, a consultation without both topics, its follow-up or
its audit entry, an update without its audit entry, a registration without its history). A
transaction that is there but was not reported is the one in flight when the kill came (its
commit finished, its report line did not); at most one per kill is allowed.

SQLite only: a SIGKILL of a PostgreSQL *client* cannot damage the server's files, and the
server's own crash safety (its WAL) is PostgreSQL's to prove; what can go wrong on the client's
side is the same transaction boundary in ``Database.transaction`` that this harness exercises.

The result goes to ``docs/reliability.md`` (``--write-doc``); the CI-sized run is
``tests/integration/test_fault_harness.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

KINDS = ("person", "update", "consultation", "registration")
DOC = Path(__file__).resolve().parent.parent / "docs" / "reliability.md"


@dataclass(frozen=True)
class Setup:
    """What every child needs and the parent made once: an organisation, topics, an event."""

    organisation_id: int
    topic_ids: tuple[int, ...]
    event_id: int


@dataclass
class Outcome:
    """The tally over all kills of one run."""

    kills: int = 0
    reported: int = 0
    lost: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    unreported: int = 0
    integrity: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and not self.partial and not self.integrity and (
            self.unreported <= self.kills
        )


def _services(database: Path) -> object:
    from beratung.paths import AppPaths
    from beratung.services import Services

    return Services.open(AppPaths(database.parent / "daten"), db_path=database, user="Harness")


def prepare(database: Path) -> Setup:
    """A new database with the records every transaction refers to (in this process, whose
    engine is disposed before any child is forked: an open SQLite connection must not cross a
    fork)."""
    from beratung.domain.enums import OrganisationKind
    from beratung.services.contacts.snapshots import OrganisationInput
    from beratung.services.events.snapshots import EventInput

    services = _services(database)
    try:
        org = services.contacts.create_organisation(  # type: ignore[attr-defined]
            OrganisationInput(name="Gemeinde Absturzhausen", kind=OrganisationKind.OTHER)
        )
        topics = tuple(
            services.consultations.create_topic(name).id  # type: ignore[attr-defined]
            for name in ("Quartiersentwicklung", "Barrierefreiheit", "Fördermittel")
        )
        event = services.events.create_event(  # type: ignore[attr-defined]
            EventInput(
                title="Werkstattgespräch Ausfallsicherheit",
                starts_at=datetime.now(UTC) + timedelta(days=60),
            )
        )
    finally:
        services.close()  # type: ignore[attr-defined]
    return Setup(org.id, topics, event.id)


def child(database: Path, report: Path, setup: Setup, run: int, seed: int, ready: int) -> None:
    """Write transactions until killed; report each one after its service call returned."""
    from beratung.services.consultations import ConsultationDraft
    from beratung.services.contacts.snapshots import AffiliationInput, PersonInput
    from beratung.services.followups import FollowUpDraft

    rng = random.Random(seed)
    services = _services(database)
    out = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def done(kind: str, tag: str) -> None:
        os.write(out, f"{kind} {tag}\n".encode())

    os.write(ready, b"1")
    os.close(ready)
    contacts = services.contacts  # type: ignore[attr-defined]
    cycle = 0
    while True:
        cycle += 1
        tag = f"r{run}c{cycle}"
        person = contacts.create_person(
            PersonInput(last_name=f"Fehler {tag}", first_name="Fritz"),
            affiliation=AffiliationInput(
                organisation_id=setup.organisation_id, role="Sachbearbeitung"
            ),
        )
        done("person", tag)
        contacts.update_person(
            person.id,
            {"notes": f"geändert {tag}", "town": "Ulm"},
            expected_version=person.version,
        )
        done("update", tag)
        services.consultations.create_consultation(  # type: ignore[attr-defined]
            ConsultationDraft(
                occurred_at=datetime.now(UTC),
                organisation_id=setup.organisation_id,
                person_ids=(person.id,),
                topic_ids=tuple(rng.sample(setup.topic_ids, 2)),
                subject=f"Beratung {tag}",
                summary="Telefonat über die Förderung inklusiver Quartiere. " * rng.randint(1, 40),
            ),
            follow_up=FollowUpDraft(due=datetime.now(UTC).date() + timedelta(days=7),
                                    note=f"Nachfassen {tag}"),
        )
        done("consultation", tag)
        services.events.register_person(  # type: ignore[attr-defined]
            setup.event_id, person.id, notes=f"Anmeldung {tag}"
        )
        done("registration", tag)


def reported(report: Path) -> set[tuple[str, str]]:
    """Complete lines only: the kill may have cut the last one."""
    if not report.exists():
        return set()
    text = report.read_text(encoding="utf-8")
    lines = text.split("\n")[:-1]
    return {(kind, tag) for kind, tag in (line.split(" ", 1) for line in lines)}


def present(conn: sqlite3.Connection) -> tuple[set[tuple[str, str]], list[str]]:
    """Which harness transactions are in the database, and which of them are there in part."""
    found: set[tuple[str, str]] = set()
    partial: list[str] = []

    def audits(entity: str, ident: int, action: str | None = None) -> int:
        sql = "SELECT count(*) FROM audit_entry WHERE entity_type = ? AND entity_id = ?"
        args: tuple[object, ...] = (entity, ident)
        if action is not None:
            sql += " AND upper(action) = ?"
            args += (action.upper(),)
        return int(conn.execute(sql, args).fetchone()[0])

    people = conn.execute(
        "SELECT id, last_name, notes FROM person WHERE last_name LIKE 'Fehler r%'"
    ).fetchall()
    for person_id, last_name, notes in people:
        tag = last_name.removeprefix("Fehler ")
        found.add(("person", tag))
        roles = conn.execute(
            "SELECT count(*) FROM affiliation WHERE person_id = ?", (person_id,)
        ).fetchone()[0]
        if roles != 1 or audits("person", person_id, "create") != 1:
            partial.append(f"person {tag}: {roles} Zugehörigkeiten, Protokoll fehlt?")
        updated = audits("person", person_id, "update")
        if notes == f"geändert {tag}":
            found.add(("update", tag))
            if updated != 1:
                partial.append(f"update {tag}: Änderung ohne Protokolleintrag")
        elif updated:
            partial.append(f"update {tag}: Protokolleintrag ohne Änderung")
    for consultation_id, subject in conn.execute(
        "SELECT id, subject FROM consultation WHERE subject LIKE 'Beratung r%'"
    ).fetchall():
        tag = subject.removeprefix("Beratung ")
        found.add(("consultation", tag))
        topics = conn.execute(
            "SELECT count(*) FROM consultation_topic WHERE consultation_id = ?", (consultation_id,)
        ).fetchone()[0]
        persons = conn.execute(
            "SELECT count(*) FROM consultation_person WHERE consultation_id = ?",
            (consultation_id,),
        ).fetchone()[0]
        follow_ups = conn.execute(
            "SELECT count(*) FROM follow_up WHERE consultation_id = ? AND note = ?",
            (consultation_id, f"Nachfassen {tag}"),
        ).fetchone()[0]
        if (topics, persons, follow_ups, audits("consultation", consultation_id)) != (2, 1, 1, 1):
            partial.append(
                f"consultation {tag}: {topics} Themen, {persons} Personen, "
                f"{follow_ups} Wiedervorlagen"
            )
    for registration_id, notes in conn.execute(
        "SELECT id, notes FROM registration WHERE notes LIKE 'Anmeldung r%'"
    ).fetchall():
        tag = notes.removeprefix("Anmeldung ")
        found.add(("registration", tag))
        steps = conn.execute(
            "SELECT count(*) FROM registration_change WHERE registration_id = ?",
            (registration_id,),
        ).fetchone()[0]
        if steps < 1:
            partial.append(f"registration {tag}: ohne Verlauf")
    return found, partial


def verify(database: Path, report: Path, outcome: Outcome) -> None:
    """Open the database as the next start would (recovering the WAL) and tally."""
    conn = sqlite3.connect(database)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            outcome.integrity.extend(integrity[:5])
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            outcome.integrity.append(f"{len(dangling)} Fremdschlüssel verletzt")
        found, partial = present(conn)
    finally:
        conn.close()
    committed = reported(report)
    outcome.reported = len(committed)
    outcome.lost = sorted(" ".join(item) for item in committed - found)
    outcome.partial = partial
    outcome.unreported = len(found - committed)


def run(
    folder: Path,
    *,
    kills: int | None = None,
    transactions: int | None = None,
    seed: int = 1,
    max_delay: float = 1.5,
    log: bool = False,
) -> Outcome:
    """Kill children until ``kills`` kills or ``transactions`` reported commits are reached;
    the database is checked after every kill (a later child starts on a recovered WAL)."""
    if os.name != "posix":  # pragma: no cover - fork and SIGKILL
        raise SystemExit("Der Fehlerprüfstand braucht fork() und SIGKILL (Linux, macOS).")
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "harness.sqlite"
    report = folder / "committed.txt"
    setup = prepare(database)
    rng = random.Random(seed)
    outcome = Outcome()
    started = time.monotonic()
    while (kills is None or outcome.kills < kills) and (
        transactions is None or outcome.reported < transactions
    ):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller (pytest, argparse …)
            os.close(read_end)
            try:
                child(database, report, setup, outcome.kills, rng.randrange(1 << 30), write_end)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)
        os.close(write_end)
        os.read(read_end, 1)  # the child has opened the database
        os.close(read_end)
        time.sleep(rng.uniform(0, max_delay))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        if not os.WIFSIGNALED(status):  # the child failed by itself: a bug, not a kill
            raise RuntimeError(f"Kindprozess endete ohne Kill (Status {status})")
        outcome.kills += 1
        verify(database, report, outcome)
        if log:
            print(
                f"Kill {outcome.kills}: {outcome.reported} bestätigt, {len(outcome.lost)} "
                f"verloren, {len(outcome.partial)} halb, {outcome.unreported} unbestätigt da",
                flush=True,
            )
        if not outcome.ok:
            break
    outcome.seconds = time.monotonic() - started
    return outcome


def write_doc(outcome: Outcome, seed: int, max_delay: float) -> None:
    stamp = datetime.now().astimezone().date().isoformat()
    lines = [
        "## Result of the large run",
        "",
        f"`.venv/bin/python bench/fault_harness.py --transactions 10000 --seed {seed} "
        f"--max-delay {max_delay} --write-doc` on {stamp} "
        f"({platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; a shared machine, so the time is only a rough "
        "guide):",
        "",
        "| kills | transactions reported committed | lost | partial | there, not reported "
        "| integrity_check | time |",
        "|---|---|---|---|---|---|---|",
        f"| {outcome.kills} | {outcome.reported} | {len(outcome.lost)} | "
        f"{len(outcome.partial)} | {outcome.unreported} | "
        f"{'ok' if not outcome.integrity else outcome.integrity[0]} | "
        f"{outcome.seconds:.0f} s |",
        "",
        "*There, not reported*: commits that finished just before a kill, before their report "
        "line was written (at most one per kill).",
        "",
    ]
    marker = "<!-- fault-harness-result -->"
    text = DOC.read_text(encoding="utf-8")
    head = text.split(marker)[0]
    DOC.write_text(head + marker + "\n" + "\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=1.5)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="beratung-faults-") as temp:
        folder = args.folder or Path(temp)
        outcome = run(folder, kills=args.kills, transactions=args.transactions, seed=args.seed,
                      max_delay=args.max_delay, log=True)
    print(
        f"{outcome.kills} Kills, {outcome.reported} bestätigte Transaktionen, "
        f"{len(outcome.lost)} verloren, {len(outcome.partial)} halb da, "
        f"{outcome.unreported} unbestätigt da, integrity_check "
        f"{'ok' if not outcome.integrity else outcome.integrity}, {outcome.seconds:.0f} s"
    )
    for line in outcome.lost[:10] + outcome.partial[:10]:
        print(f"  {line}")
    if args.write_doc:
        write_doc(outcome, args.seed, args.max_delay)
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
