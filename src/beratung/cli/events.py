"""``beratung events list|show|invite|register|decline|attend|cancel|replies|ics`` (cli.md).

EVENT and PERSON are the numeric ids the lists show (``events list``, ``contacts list``; with
``--json`` as ``id``). Every command is one call of the events service, so the waiting list,
the consent rule for accessibility needs and the German messages are the GUI's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from beratung.cli import event_replies
from beratung.cli.runtime import Runtime
from beratung.domain.enums import ConsentMethod, NeedKind, RegistrationStatus, label
from beratung.domain.errors import UserError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_datetime_de,
    format_span_de,
    format_time_de,
)
from beratung.services.contacts import ContactFilter
from beratung.services.events.snapshots import (
    EventDetail,
    EventRow,
    HealthConsentInput,
    InvitationResult,
    Invitee,
    NeedInput,
    NeedsSummary,
    RegistrationOutcome,
    RegistrationRow,
    StatusCounts,
)
from beratung.services.files import check_target, write_atomically

#: The order in which counts per status are shown.
STATUS_ORDER = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.INVITED,
    RegistrationStatus.DECLINED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
#: How the CLI records the health-data consent: staff type in a paper registration form on
#: which the person ticked the consent, on the day they enter it.
CONSENT_METHOD = ConsentMethod.FORM


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "events", help="Veranstaltungen: Einladungen, Anmeldungen, Warteliste, Kalenderdatei"
    )
    actions = parser.add_subparsers(dest="events_command", metavar="AKTION", required=True)

    listing = actions.add_parser(
        "list", help="Veranstaltungen auflisten (bevorstehende, dann vergangene)"
    )
    listing.add_argument("--json", action="store_true", help="maschinenlesbar (JSON, mit id)")
    listing.set_defaults(handler=_list)

    show = actions.add_parser(
        "show",
        help="eine Veranstaltung mit Rückmeldungen, Warteliste, Bedarfen und Anmeldungen",
        description="Zeigt die Veranstaltung, die Rückmeldungen je Stand, die Warteliste in "
        "ihrer Reihenfolge, die Bedarfe (nur Anzahlen, ohne Namen) und alle Eingeladenen und "
        "Angemeldeten. Die Nummer in der ersten Spalte ist die PERSON der anderen Befehle.",
    )
    show.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    show.add_argument("--json", action="store_true", help="maschinenlesbar (JSON)")
    show.set_defaults(handler=_show)

    invite = actions.add_parser(
        "invite",
        help="Personen einladen (Verteiler, einzelne Personen oder ein Kontaktfilter)",
        description="Setzt Personen mit dem Stand „eingeladen“ auf die Liste der "
        "Veranstaltung. Niemand wird doppelt eingeladen; wer keine Postanschrift oder keine "
        "E-Mail-Adresse hat, wird genannt. Entweder --list, oder --person (mehrfach), oder "
        "--search und/oder --programme.",
    )
    invite.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    invite.add_argument("--list", metavar="NAME", help="alle Mitglieder dieses Verteilers")
    invite.add_argument(
        "--person",
        metavar="NR",
        type=int,
        action="append",
        default=[],
        help="diese Person (Nummer aus „contacts list“); mehrfach möglich",
    )
    invite.add_argument(
        "--search", metavar="TEXT", help="alle Personen, die die Kontaktsuche findet"
    )
    invite.add_argument(
        "--programme",
        metavar="NAME",
        help="alle Personen der Organisationen, die in diesem Programm beraten wurden",
    )
    invite.set_defaults(handler=_invite, parser=invite)

    reg = actions.add_parser(
        "register",
        help="eine Person anmelden (bei ausgebuchter Veranstaltung: Warteliste)",
        description="Meldet die Person an, ob eingeladen oder nicht. Ist kein Platz frei oder "
        "wartet schon jemand, kommt sie ans Ende der Warteliste. Bedarfe (--need) sind "
        "Gesundheitsdaten: sie werden nur mit --consent gespeichert, sonst wird gar nichts "
        "gespeichert, auch die Anmeldung nicht. --consent hält die Einwilligung so fest, wie "
        "sie auf einem Anmeldeformular steht: Art „Anmeldeformular“, erteilt heute.",
    )
    reg.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    reg.add_argument("person", metavar="PERSON", type=int, help="Nummer der Person")
    reg.add_argument(
        "--companions", metavar="N", type=int, default=0, help="Begleitpersonen (0 bis 20)"
    )
    reg.add_argument(
        "--assistants",
        metavar="N",
        type=int,
        default=0,
        help="Assistenzen (0 bis 5; belegen Plätze, wenn die Geschäftsstelle es so eingestellt "
        "hat)",
    )
    reg.add_argument(
        "--companion-names", metavar="TEXT", help="Namen der Begleitpersonen (Namensschilder)"
    )
    reg.add_argument(
        "--need",
        metavar="BEDARF[:TEXT]",
        action="append",
        default=[],
        help="ein Bedarf, mehrfach möglich: "
        + ", ".join(f"{kind.value} ({label(kind)})" for kind in NeedKind)
        + "; auch die deutsche Bezeichnung; nach dem Doppelpunkt eine Beschreibung, z. B. "
        "„diet:vegetarisch“ (bei other nötig)",
    )
    reg.add_argument(
        "--consent",
        action="store_true",
        help="die Person hat auf dem Anmeldeformular eingewilligt, dass ihre Bedarfe "
        "gespeichert werden (festgehalten als „Anmeldeformular“, heute)",
    )
    reg.set_defaults(handler=_register)

    for name, help_text, handler in (
        (
            "decline",
            "die Person sagt ab (frei gewordene Plätze gehen an die Warteliste)",
            _decline,
        ),
        ("attend", "die Person hat teilgenommen", _attend),
        (
            "cancel",
            "die Person storniert ihre Anmeldung oder ihren Wartelistenplatz (frei gewordene "
            "Plätze gehen an die Warteliste)",
            _cancel,
        ),
    ):
        step = actions.add_parser(name, help=help_text)
        step.add_argument(
            "event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung"
        )
        step.add_argument("person", metavar="PERSON", type=int, help="Nummer der Person")
        step.set_defaults(handler=handler)

    ics = actions.add_parser(
        "ics", help="Kalenderdatei (.ics) der Veranstaltung für Outlook und Thunderbird"
    )
    ics.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    ics.add_argument("--out", metavar="DATEI.ics", type=Path, required=True)
    ics.set_defaults(handler=_ics)
    event_replies.register(actions)


# --------------------------------------------------------------------------------------------
# Words and tables


def _local(moment: datetime) -> datetime:
    return moment.astimezone(OFFICE_TIME_ZONE)


def _places(count: int) -> str:
    return f"{count} Platz" if count == 1 else f"{count} Plätze"


def _taken(capacity: int | None, taken: int) -> str:
    return f"{taken}/{capacity}" if capacity is not None else f"{taken}/–"


def _counts_text(counts: StatusCounts) -> str:
    parts = [f"{counts.of(s)} {label(s)}" for s in STATUS_ORDER if counts.of(s)]
    return ", ".join(parts) or "–"


def _place(row: EventRow) -> str:
    venue, town = row.venue_name or "", row.town or ""
    if venue and town and town not in venue:
        return f"{venue}, {town}"
    return venue or town


def _print_table(headers: Sequence[str], table: Sequence[Sequence[str]], indent: str = "") -> None:
    widths = [min(40, max(len(h), *(len(row[i]) for row in table))) for i, h in enumerate(headers)]
    print(indent + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in table:
        print(indent + "  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _status_text(row: RegistrationRow) -> str:
    if row.status is RegistrationStatus.WAITLISTED and row.waitlist_position:
        return f"{row.status_label} ({row.waitlist_position})"
    return row.status_label


def _iso(value: date | datetime | time | None) -> str | None:
    """ISO 8601; moments in the office's time zone with their offset
    ("2017-10-25T10:00:00+02:00"), so the JSON reads like the table and stays exact."""
    if isinstance(value, datetime):
        return _local(value).isoformat()
    return value.isoformat() if value is not None else None


# --------------------------------------------------------------------------------------------
# JSON shapes


def _counts_json(counts: StatusCounts) -> dict[str, int]:
    return {s.value: counts.of(s) for s in RegistrationStatus} | {"total": counts.total}


def _event_row_json(row: EventRow, *, upcoming: bool) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "series": row.series,
        "kind": row.kind.value,
        "starts_at": _iso(row.starts_at),
        "ends_at": _iso(row.ends_at),
        "status": row.status.value,
        "venue": row.venue_name,
        "town": row.town,
        "capacity": row.capacity,
        "places_taken": row.places_taken,
        "counts": _counts_json(row.counts),
        "upcoming": upcoming,
    }


def _registration_json(row: RegistrationRow) -> dict[str, Any]:
    """One invitee or participant; their needs are not here (health data: only the counts of
    the needs summary leave the program)."""
    return {
        "id": row.id,
        "person_id": row.person_id,
        "name": row.name,
        "organisation": row.organisation,
        "role": row.role,
        "town": row.town,
        "status": row.status.value,
        "companions": row.companions,
        "assistants": row.assistants,
        "places": row.places,
        "waitlist_position": row.waitlist_position,
        "code": row.code,
        "invited_at": _iso(row.invited_at),
        "responded_at": _iso(row.responded_at),
        "promoted_at": _iso(row.promoted_at),
        "notify_pending": row.notify_pending,
        "attended_at": _iso(row.attended_at),
        "walk_in": row.walk_in,
        "has_postal_address": row.has_postal_address,
        "has_email": row.has_email,
    }


def _needs_json(summary: NeedsSummary) -> dict[str, Any]:
    return {
        "counts": [
            {"kind": n.kind.value, "label": n.label, "count": n.count} for n in summary.counts
        ],
        "other_details": list(summary.other_details),
        "delete_after": _iso(summary.delete_after),
    }


def _event_json(
    detail: EventDetail, rows: Sequence[RegistrationRow], needs: NeedsSummary
) -> dict[str, Any]:
    venue = detail.venue
    return {
        "id": detail.id,
        "title": detail.title,
        "series": detail.series,
        "kind": detail.kind.value,
        "starts_at": _iso(detail.starts_at),
        "ends_at": _iso(detail.ends_at),
        "status": detail.status.value,
        "venue": None
        if venue is None
        else {
            "id": venue.id,
            "name": venue.name,
            "room": venue.room,
            "street": venue.street,
            "postcode": venue.postcode,
            "town": venue.town,
            "unchecked": list(venue.unknown),
        },
        "host_organisation": detail.host_organisation_name,
        "capacity": detail.capacity,
        "places_taken": detail.places_taken,
        "free_places": detail.free_places,
        "registration_deadline": _iso(detail.registration_deadline),
        "description": detail.description,
        "clerk": detail.clerk_name,
        "agenda": [
            {
                "position": item.position,
                "starts_at": _iso(item.starts_at),
                "ends_at": _iso(item.ends_at),
                "title": item.title,
                "speaker": item.speaker,
            }
            for item in detail.agenda
        ],
        "warnings": [w.message for w in detail.warnings],
        "counts": _counts_json(detail.counts),
        "waiting_list": [
            {
                "person_id": r.person_id,
                "position": r.waitlist_position,
                "name": r.name,
                "organisation": r.organisation,
                "places": r.places,
            }
            for r in _waiting(rows)
        ],
        "needs": _needs_json(needs),
        "registrations": [_registration_json(r) for r in rows],
    }


def _waiting(rows: Sequence[RegistrationRow]) -> list[RegistrationRow]:
    waiting = [r for r in rows if r.status is RegistrationStatus.WAITLISTED]
    return sorted(waiting, key=lambda r: (r.waitlist_position or 0, r.sort_name))


def _dump(payload: object) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    print()


# --------------------------------------------------------------------------------------------
# list, show


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    events = runtime.services().events
    upcoming = events.list_events(period="upcoming")
    past = events.list_events(period="past")
    if args.json:
        _dump(
            [_event_row_json(r, upcoming=True) for r in upcoming]
            + [_event_row_json(r, upcoming=False) for r in past]
        )
        return 0
    if not upcoming and not past:
        print("Keine Veranstaltungen vorhanden.")
        return 0
    headers = ("Nr.", "Datum", "Titel", "Ort", "Stand", "Plätze", "Rückmeldungen")
    for heading, rows in (("Bevorstehend", upcoming), ("Vergangen", past)):
        if not rows:
            continue
        print(f"{heading}:")
        _print_table(
            headers,
            [
                (
                    str(r.id),
                    format_datetime_de(r.starts_at, "compact"),
                    r.title,
                    _place(r),
                    r.status_label,
                    _taken(r.capacity, r.places_taken),
                    _counts_text(r.counts),
                )
                for r in rows
            ],
            indent="  ",
        )
    total = len(upcoming) + len(past)
    print(f"{total} Veranstaltung{'en' if total != 1 else ''}.")
    return 0


def _show(args: argparse.Namespace, runtime: Runtime) -> int:
    events = runtime.services().events
    detail = events.get_event(args.event)
    rows = events.list_registrations(detail.id)
    needs = events.needs_summary(detail.id)
    if args.json:
        _dump(_event_json(detail, rows, needs))
        return 0
    print(f"{detail.title} (Nr. {detail.id})")
    facts: list[tuple[str, str]] = [
        ("Art", detail.kind_label + (f", Reihe „{detail.series}“" if detail.series else "")),
        ("Termin", format_span_de(detail.starts_at, detail.ends_at)),
    ]
    if detail.venue is not None:
        facts.append(("Ort", ", ".join(detail.venue.address_lines)))
        if detail.venue.unknown:
            facts.append(("Noch zu prüfen", ", ".join(detail.venue.unknown)))
    else:
        facts.append(("Ort", "noch offen"))
    if detail.host_organisation_name:
        facts.append(("Gastgeber", detail.host_organisation_name))
    facts.append(("Stand", detail.status_label))
    if detail.capacity is not None:
        facts.append(
            (
                "Plätze",
                f"{detail.places_taken} von {detail.capacity} vergeben, {detail.free_places} frei",
            )
        )
    else:
        facts.append(("Plätze", f"{detail.places_taken} vergeben, ohne Obergrenze"))
    facts.append(
        (
            "Anmeldeschluss",
            format_date_de(detail.registration_deadline, "weekday")
            if detail.registration_deadline
            else "keiner",
        )
    )
    if detail.clerk_name:
        facts.append(("Bearbeitung", detail.clerk_name))
    width = max(len(key) for key, _value in facts) + 1
    for key, value in facts:
        print(f"{key + ':':<{width}} {value}")
    if detail.description:
        print()
        print(detail.description)
    for warning in detail.warnings:
        print(f"Hinweis: {warning.message}")

    print()
    if detail.agenda:
        print("Tagesordnung:")
        for item in detail.agenda:
            clock = ""
            if item.starts_at is not None:
                clock = format_time_de(item.starts_at)
                if item.ends_at is not None:
                    clock += f"–{format_time_de(item.ends_at)}"
            speaker = f" ({item.speaker})" if item.speaker else ""
            print(f"  {clock:<11}  {item.title}{speaker}".rstrip())
    else:
        print("Tagesordnung: noch keine")

    print()
    print(f"Rückmeldungen: {_counts_text(detail.counts)}")
    waiting = _waiting(rows)
    if waiting:
        print("Warteliste:")
        for r in waiting:
            organisation = f", {r.organisation}" if r.organisation else ""
            print(f"  {r.waitlist_position}. {r.name}{organisation} ({_places(r.places)})")

    print()
    if needs.counts:
        deletion = (
            f", gelöscht am {format_date_de(needs.delete_after)}" if needs.delete_after else ""
        )
        print(f"Bedarfe (nur Anzahlen, ohne Namen{deletion}):")
        for need in needs.counts:
            print(f"  {need.label}: {need.count}")
        for detail_text in needs.other_details:
            print(f"  Angabe: {detail_text}")
    else:
        print("Bedarfe: keine angegeben")

    print()
    if not rows:
        print("Noch niemand eingeladen oder angemeldet.")
        return 0
    print("Eingeladene und Angemeldete (Nr. = Nummer der Person):")
    _print_table(
        ("Nr.", "Name", "Organisation", "Stand", "Plätze", "Code"),
        [
            (
                str(r.person_id),
                r.name,
                r.organisation or "",
                _status_text(r),
                str(r.places),
                r.code,
            )
            for r in rows
        ],
        indent="  ",
    )
    return 0


# --------------------------------------------------------------------------------------------
# invite


def _invite(args: argparse.Namespace, runtime: Runtime) -> int:
    parser: argparse.ArgumentParser = args.parser
    by_filter = args.search is not None or args.programme is not None
    chosen = sum((args.list is not None, bool(args.person), by_filter))
    if chosen != 1:
        parser.error(
            "bitte genau eines angeben: --list NAME, --person NR (mehrfach) oder "
            "--search/--programme"
        )
    services = runtime.services()
    events = services.events
    detail = events.get_event(args.event)
    if args.list is not None:
        list_id = services.contacts.distribution_list_by_name(args.list).id
        result = events.invite_distribution_list(detail.id, list_id)
    elif args.person:
        result = events.invite_persons(detail.id, [Invitee(p) for p in args.person])
    else:
        programme = services.programmes.find_by_name(args.programme) if args.programme else None
        flt = ContactFilter(
            search=args.search or "",
            advised_in_programme_id=programme.id if programme else None,
        )
        result = events.invite_contacts(detail.id, flt)
    _print_invitation(detail.title, result)
    return 0


def _print_invitation(title: str, result: InvitationResult) -> None:
    persons = "Person" if result.invited == 1 else "Personen"
    print(f"Zu „{title}“ eingeladen: {result.invited} {persons}.")
    if result.already_invited:
        print(
            f"Schon auf der Liste ({len(result.already_invited)}): "
            + ", ".join(result.already_invited)
        )
    if result.problems:
        print("Vor dem Versand ergänzen:")
        for problem in result.problems:
            print(f"  {problem.name} (Nr. {problem.person_id}): {problem.problem}")


# --------------------------------------------------------------------------------------------
# register


def parse_need(text: str) -> NeedInput:
    """``BEDARF[:TEXT]`` (cli.md: ``KIND[:TEXT]``): the kind as the enum value or its German
    label, in any case."""
    kind_text, _colon, details = text.partition(":")
    wanted = kind_text.strip().casefold()
    for kind in NeedKind:
        if wanted in (kind.value, label(kind).casefold()):
            return NeedInput(kind=kind, details=details.strip() or None)
    known = ", ".join(f"{kind.value} ({label(kind)})" for kind in NeedKind)
    raise UserError(f"Einen Bedarf „{kind_text.strip()}“ gibt es nicht; möglich sind: {known}.")


def _register(args: argparse.Namespace, runtime: Runtime) -> int:
    needs = [parse_need(text) for text in args.need]
    services = runtime.services()
    events = services.events
    detail = events.get_event(args.event)
    consent = (
        HealthConsentInput(method=CONSENT_METHOD, given_on=services.context.today())
        if args.consent
        else None
    )
    outcome = events.register_person(
        detail.id,
        args.person,
        companions=args.companions,
        assistants=args.assistants,
        companion_names=args.companion_names,
        needs=needs,
        consent=consent if needs else None,
    )
    row = outcome.registration
    if row.status is RegistrationStatus.WAITLISTED:
        print(f"{row.name} steht auf der Warteliste für „{detail.title}“.")
    else:
        print(
            f"{row.name} ist zu „{detail.title}“ angemeldet ({_places(row.places)}, "
            f"Code {row.code})."
        )
    for note in outcome.notes:
        print(f"Hinweis: {note}")
    if needs and consent is not None:
        stored = events.get_registration(row.id).needs
        deletion = min((n.delete_after for n in stored if n.delete_after), default=None)
        print(
            "Bedarfe festgehalten: "
            + ", ".join(f"{n.label} ({n.details})" if n.details else n.label for n in stored)
            + f". Einwilligung: {label(consent.method)}, {format_date_de(consent.given_on)}"
            + (f"; gelöscht am {format_date_de(deletion)}." if deletion else ".")
        )
    elif args.consent:
        print("Hinweis: Ohne --need gibt es keine Bedarfe; keine Einwilligung gespeichert.")
    return 0


# --------------------------------------------------------------------------------------------
# decline, attend, cancel


def _decline(args: argparse.Namespace, runtime: Runtime) -> int:
    return _step(args, runtime, "decline")


def _attend(args: argparse.Namespace, runtime: Runtime) -> int:
    return _step(args, runtime, "attend")


def _cancel(args: argparse.Namespace, runtime: Runtime) -> int:
    return _step(args, runtime, "cancel")


def _step(args: argparse.Namespace, runtime: Runtime, step: str) -> int:
    events = runtime.services().events
    detail = events.get_event(args.event)
    if step == "decline":
        outcome = events.decline_registration(detail.id, args.person)
    elif step == "cancel":
        outcome = events.cancel_registration(detail.id, args.person)
    else:
        outcome = events.mark_attended(detail.id, args.person)
    _print_step(detail.title, outcome)
    return 0


def _print_step(title: str, outcome: RegistrationOutcome) -> None:
    row = outcome.registration
    print(f"{row.name} – „{title}“: {row.status_label}.")
    if outcome.promoted:
        print("Von der Warteliste nachgerückt (bitte benachrichtigen):")
        for r in outcome.promoted:
            organisation = f", {r.organisation}" if r.organisation else ""
            print(f"  {r.name}{organisation} (Nr. {r.person_id}, {_places(r.places)})")


# --------------------------------------------------------------------------------------------
# ics


def _ics(args: argparse.Namespace, runtime: Runtime) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".ics":
        raise UserError(f"Die Kalenderdatei {out} muss auf .ics enden.")
    check_target(out)  # before the database is opened
    events = runtime.services().events
    detail = events.get_event(args.event)
    write_atomically(out, events.event_calendar(detail.id))
    print(f"Kalenderdatei für „{detail.title}“ geschrieben: {out}")
    return 0
