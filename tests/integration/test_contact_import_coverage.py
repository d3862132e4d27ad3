"""Nothing silently dropped (issue 13, deliver 2): for EVERY contact fixture in tests/data
(CSV, Excel, vCard) each non-empty input field is either stored in the database or named in
the dry run (a row warning, "nicht übernommen: Spalte/Eigenschaft …", a rejected or skipped
row). And the dry run reports exactly what the import then does. Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from beratung.domain.enums import Anrede
from beratung.domain.models import Affiliation, DistributionList, Organisation, Person
from beratung.interchange import read_csv, read_xlsx, suggest_mapping
from beratung.interchange.contacts_model import KIND_OF_VALUE
from beratung.interchange.mapping import block_of, is_placeholder
from beratung.interchange.vcard_io import card_properties
from beratung.services.contact_io import ImportOptions

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(
    p.name for p in DATA.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".vcf")
)
_SALUTATION_TOKENS = {
    Anrede.HERR: {"herr", "herrn", "hr", "mr", "m"},
    Anrede.FRAU: {"frau", "fr", "mrs", "ms", "miss", "f"},
}


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class _Stored:
    """Everything the import stored and said, as word tokens and digit strings."""

    def __init__(self, services: Any, messages: list[str]) -> None:
        texts: list[str] = list(messages)
        digits: list[str] = [_digits(m) for m in messages]
        self.salutations: set[str] = set()
        with services.db.read() as s:
            for model in (Person, Organisation, Affiliation, DistributionList):
                for obj in s.scalars(select(model)):
                    for column in model.__table__.columns:
                        value = getattr(obj, column.key, None)
                        if isinstance(value, Anrede):
                            self.salutations |= _SALUTATION_TOKENS.get(value, set())
                        elif isinstance(value, str):
                            texts.append(value)
                            digits.append(_digits(value))
        self.tokens = set().union(*(_tokens(t) for t in texts)) | self.salutations
        self.digits = digits
        self.messages = messages

    def keeps(self, value: str) -> bool:
        number = _digits(value).lstrip("0")
        if len(number) >= 5 and len(number) >= len(re.sub(r"\W", "", value)) * 0.6:
            return any(number[-6:] in stored for stored in self.digits)
        return _tokens(value) <= self.tokens


def _messages(report: Any) -> list[str]:
    out = list(report.file_problems)
    for line in report.lines:
        out += [line.message, *line.warnings]
    return out


@pytest.mark.parametrize("fixture", FIXTURES)
def test_every_input_field_is_stored_or_reported(services: Any, fixture: str) -> None:
    data = (DATA / fixture).read_bytes()
    options = ImportOptions(skip_rejected=True, merge_candidates="create")
    dry = services.contact_transfer.dry_run_import(data, fixture, options=options)
    report = services.contact_transfer.commit_import(data, fixture, options=options)
    assert report.committed
    # The dry run equals the commit.
    assert dry.summary() == report.summary()
    assert [(ln.row, ln.action, ln.message, ln.warnings) for ln in dry.lines] == [
        (ln.row, ln.action, ln.message, ln.warnings) for ln in report.lines
    ]
    assert dry.organisations_created == report.organisations_created
    assert dry.lists_created == report.lists_created
    assert dry.file_problems == report.file_problems

    messages = _messages(report)
    stored = _Stored(services, messages)
    set_aside = {ln.row for ln in report.lines if ln.action in ("reject", "skip")}
    missing: list[str] = []
    if fixture.endswith(".vcf"):
        for number, props in enumerate(card_properties(data, filename=fixture), start=1):
            if number in set_aside:
                continue
            for name, value in props:
                named = any(f"Eigenschaft {name}" in m for m in messages)
                # GENDER only sets the Anrede; everything else by its text or its name.
                ok = bool(stored.salutations) if name == "GENDER" else (
                    named or stored.keeps(value)
                )
                if not ok:
                    missing.append(f"Karte {number}: {name} = {value!r}")
    else:
        table = (read_xlsx if fixture.endswith(".xlsx") else read_csv)(data, filename=fixture)
        mapping = suggest_mapping(table.headers, table.rows[:20])
        for row_number, row in zip(table.row_numbers, table.rows, strict=True):
            if row_number in set_aside:
                continue
            for index, cell in enumerate(row):
                header = table.headers[index]
                if not cell.strip() or (
                    mapping[index] == KIND_OF_VALUE
                    and not any(f"Spalte „{header}“" in m for m in messages)
                ):
                    continue
                if is_placeholder(cell):
                    continue  # Outlook's "0.0.00": no date at all
                parsed = block_of(header)
                if parsed is not None and parsed[2] == "formatted" and any(
                    mapping[i] not in (None, KIND_OF_VALUE)
                    and (other := block_of(h)) is not None
                    and other[:2] == parsed[:2]
                    for i, h in enumerate(table.headers)
                ):
                    continue  # Google's address written out; its parts are checked
                named = any(f"Spalte „{header}“" in m for m in messages)
                parts = [p for p in cell.split(" ::: ") if p.strip()]
                if not named and not all(stored.keeps(part) for part in parts):
                    missing.append(f"Zeile {row_number}: {header} = {cell!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_dry_run_counts_what_the_commit_stores(services: Any, fixture: str) -> None:
    data = (DATA / fixture).read_bytes()
    options = ImportOptions(skip_rejected=True, merge_candidates="create")
    dry = services.contact_transfer.dry_run_import(data, fixture, options=options)
    services.contact_transfer.commit_import(data, fixture, options=options)
    with services.db.read() as s:
        persons = len(list(s.scalars(select(Person))))
        lists = {dl.name for dl in s.scalars(select(DistributionList))}
        orgs = {o.name for o in s.scalars(select(Organisation))}
    assert persons == dry.count("create") - sum(
        1 for ln in dry.lines if ln.action == "create" and ln.name == ln.organisation
    )
    assert lists == set(dry.lists_created)
    assert set(dry.organisations_created) <= orgs
