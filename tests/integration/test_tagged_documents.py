"""Everything the app prints from the demo data is PDF/UA-1 and PDF/A-2a, on SQLite and on
PostgreSQL: every press release (final ones from their frozen snapshots, the draft as preview),
the consultation report for a year, for each programme and for a longer period (quarters), and
a letter in both DIN forms with the office's sender data. veraPDF judges them all in one run."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from beratung.documents.samples import sample_letter
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def test_every_document_printed_from_the_demo_passes_verapdf(
    services: Any, verapdf_checker: Any, tmp_path: Path
) -> None:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    documents = services.documents
    rendered: dict[str, bytes] = {}

    releases = services.press.list_releases()
    assert any(row.number_text is None for row in releases)  # the draft is among them
    for row in releases:
        document = documents.render_press_release(row.id)
        rendered[f"press-{row.id}"] = document.pdf
        if row.number_text == "P 309/2017":
            sender = services.press.snapshot(row.id).sender

    rendered["report-2017"] = documents.render_consultation_report(
        date(2017, 1, 1), date(2017, 12, 31)
    ).pdf
    rendered["report-2016-2018"] = documents.render_consultation_report(
        date(2016, 1, 1), date(2018, 12, 31)
    ).pdf
    for programme in services.programmes.list_programmes():
        rendered[f"report-programme-{programme.id}"] = documents.render_consultation_report(
            date(2017, 1, 1), date(2017, 12, 31), programme.id
        ).pdf
    for form in ("A", "B"):
        letter = dataclasses.replace(sample_letter(form), sender=sender)
        rendered[f"letter-{form}"] = documents.render(letter, title="Einladung").pdf

    paths = []
    for name, pdf in rendered.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    failures = [result.summary() for result in results if not result.compliant]
    assert failures == []
    assert len(results) == 2 * len(paths) >= 2 * 8
