"""The advisor's consultations in 2017 and their follow-ups (Wiedervorlagen).

Most consultations fall in the application phase of "Quartier 2020", denser towards the
deadline; some are about other matters, before or after it, and some discuss the results in
December. Every summary is a few German sentences built from the text tables, naming the
people and the town as the advisor would. About a third get a follow-up: those due before
15.11.2017 are done, later ones are still open and therefore overdue whenever the demo is
opened; four more are placed around "today" (the service clock) so the Übersicht always shows
something due.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from beratung.domain.enums import Anrede, ConsultationMode
from beratung.domain.models import (
    Consultation,
    Event,
    FollowUp,
    Organisation,
    Person,
    Programme,
    Topic,
)
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.names import display_name
from beratung.services.demo.common import DemoBuild, at, next_workday, workdays
from beratung.services.demo.data import texts
from beratung.services.demo.organisations import Town, Towns
from beratung.services.demo.programmes import (
    Q2020_DEADLINE,
    Q2020_NAME,
    Q2020_RESULTS,
    Q2020_START,
)
from beratung.services.demo.topics import pick_topics

YEAR_START = date(2017, 1, 2)
YEAR_END = date(2017, 12, 21)
ADVISOR = "Simone Fischer"
#: Follow-ups due before this day are done; later ones are still open (overdue today).
FOLLOW_UPS_DONE_UNTIL = date(2017, 11, 15)


def _dative(person: Person) -> str:
    name = display_name(person.title, person.first_name, person.last_name)
    if person.anrede is Anrede.FRAU:
        return f"Frau {name}"
    if person.anrede is Anrede.HERR:
        return f"Herrn {name}"
    return name


def _org_forms(org: Organisation) -> dict[str, str]:
    """Subject and genitive, "Die Stadt Ulm" and "der Stadt Ulm" (Stadt/Gemeinde: feminine)."""
    return {"Org": f"Die {org.name}", "org_gen": f"der {org.name}"}


class _ConsultationWriter:
    """Writes one consultation at a time; its follow-ups wait until the consultations have
    ids (``FollowUp`` has no relationship to set instead)."""

    def __init__(
        self,
        demo: DemoBuild,
        towns: Towns,
        topics: dict[str, Topic],
        programme: Programme,
    ) -> None:
        self.demo = demo
        self.towns = towns
        self.topics = topics
        self.programme = programme
        self.pending_follow_ups: list[tuple[Consultation, date, str, datetime | None]] = []

    def consultation(self, town: Town, day: date, *, programme: bool, phase: str) -> Consultation:
        rng = self.demo.rng
        mode = rng.choices(
            (
                ConsultationMode.PHONE,
                ConsultationMode.ON_SITE,
                ConsultationMode.EMAIL,
                ConsultationMode.VIDEO,
            ),
            weights=(45, 25, 22, 8),
        )[0]
        if mode is ConsultationMode.ON_SITE:
            start = at(day, rng.randint(9, 13), rng.choice((0, 30)))
            minutes = rng.choice((90, 105, 120, 150, 180))
        elif mode is ConsultationMode.PHONE:
            start = at(day, rng.randint(8, 16), rng.choice((0, 10, 15, 30, 45)))
            minutes = rng.choice((15, 20, 30, 30, 45, 60))
        elif mode is ConsultationMode.VIDEO:
            start = at(day, rng.randint(9, 15), rng.choice((0, 30)))
            minutes = rng.choice((30, 45, 60, 90))
        else:
            start = at(day, rng.randint(8, 17), rng.randint(0, 59))
            minutes = rng.choice((15, 20, 30))
        contacts = town.contacts
        count = min(len(contacts), rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
        persons = [c.person for c in contacts[:1]] + rng.sample(
            [c.person for c in contacts[1:]], count - 1
        )
        topics = pick_topics(rng, self.topics, programme)
        names_ = [_dative(p) for p in persons]
        who = names_[0] if len(names_) == 1 else ", ".join(names_[:-1]) + " und " + names_[-1]
        opener = rng.choice(texts.OPENERS[mode.value]).format(persons=who, town=town.row.name)
        if phase == "results":
            context = rng.choice(texts.RESULT_CONTEXT)
        elif programme:
            context = rng.choice(texts.PROGRAMME_CONTEXT).format(**_org_forms(town.org))
        else:
            context = rng.choice(texts.GENERAL_CONTEXT).format(**_org_forms(town.org))
        quarter = rng.choice(texts.QUARTERS)
        sentences = [opener, context]
        for topic in topics[:2]:
            sentences.append(rng.choice(texts.TOPIC_SENTENCES[topic.name]).format(quarter=quarter))
        others = [t for t in self.towns.advised if t is not town]
        outcome_parts = rng.sample(texts.OUTCOMES, rng.choice((1, 1, 2)))
        if phase == "phase" and day > Q2020_DEADLINE - timedelta(days=10):
            outcome_parts = ["Die Bewerbung wird fristgerecht eingereicht."]
        outcome = " ".join(
            part.format(
                date=format_date_de(next_workday(day + timedelta(days=14))),
                other=rng.choice(others).org.name,
            )
            for part in outcome_parts
        )
        if programme:
            subject = f"{Q2020_NAME}: {rng.choice(texts.PROGRAMME_SUBJECTS)}"
        else:
            subject = f"{topics[0].name}: {rng.choice(texts.GENERAL_SUBJECTS)}"
        consultation = Consultation(
            occurred_at=start,
            duration_minutes=minutes,
            mode=mode,
            organisation=town.org,
            programme=self.programme if programme else None,
            subject=subject,
            summary=" ".join(sentences),
            outcome=outcome,
            advisor=ADVISOR,
            persons=persons,
            topics=topics,
        )
        self.demo.add(consultation)
        self.demo.bump("consultations")
        if phase == "phase" and programme:
            town.phase_days.append(day)
        if rng.random() < 0.35:
            self.follow_up_for(consultation, day)
        return consultation

    def follow_up_for(self, consultation: Consultation, day: date) -> None:
        rng = self.demo.rng
        due = next_workday(day + timedelta(days=rng.choice((7, 10, 14, 21, 28))))
        done_at = None
        if due < FOLLOW_UPS_DONE_UNTIL:
            done_at = at(due + timedelta(days=rng.randint(0, 3)), 10)
        self.pending_follow_ups.append(
            (consultation, due, rng.choice(texts.FOLLOW_UP_NOTES), done_at)
        )


def build_consultations(
    demo: DemoBuild, towns: Towns, topics: dict[str, Topic], programme: Programme
) -> None:
    """Add the consultations of 2017 in date order, then their follow-ups; records on each
    town the days of its programme consultations (the applications are dated after them)."""
    rng = demo.rng
    phase_days = workdays(Q2020_START, Q2020_DEADLINE)
    # Denser towards the deadline: March 1, April 1.5, May 2, June 3, July 4.
    month_weight = {3: 2, 4: 3, 5: 4, 6: 6, 7: 8}
    weights = [month_weight[d.month] for d in phase_days]
    entries: list[tuple[date, int, Town, bool, str]] = []
    order = 0
    for town in towns.advised:
        extra = rng.choices((0, 1, 2), weights=(5, 4, 1) if town.org.is_member else (7, 3, 0))[0]
        for _ in range(1 + extra):
            day = rng.choices(phase_days, weights=weights)[0]
            entries.append((day, order, town, True, "phase"))
            order += 1
    # Some phase-time contacts about other matters (no programme).
    for town in rng.sample(towns.network, 8):
        entries.append((rng.choice(phase_days), order, town, False, "other"))
        order += 1
    early = workdays(YEAR_START, Q2020_START - timedelta(days=1))
    for town in rng.sample(towns.advised + towns.network, 15):
        entries.append((rng.choice(early), order, town, False, "early"))
        order += 1
    late = workdays(Q2020_DEADLINE + timedelta(days=1), YEAR_END)
    for town in rng.sample(towns.advised + towns.network, 22):
        entries.append((rng.choice(late), order, town, False, "late"))
        order += 1
    results = workdays(Q2020_RESULTS, YEAR_END)
    for town in rng.sample(towns.advised, 14):
        entries.append((rng.choice(results), order, town, True, "results"))
        order += 1
    entries.sort(key=lambda e: (e[0], e[1]))
    writer = _ConsultationWriter(demo, towns, topics, programme)
    for day, _, town, for_programme, phase in entries:
        writer.consultation(town, day, programme=for_programme, phase=phase)
    demo.s.flush()
    for consultation, due, note, done_at in writer.pending_follow_ups:
        demo.add(FollowUp(due_on=due, note=note, done_at=done_at, consultation_id=consultation.id))
        demo.bump("follow_ups")
        if done_at is None:
            demo.bump("open_follow_ups")


def build_follow_ups_around_today(
    demo: DemoBuild, event: Event, ulm: Organisation, ministry: Organisation
) -> None:
    """Four open follow-ups around the clock's today (three days ago, today, in four and in
    fourteen days), so that the Übersicht shows due items on whatever day the demo is opened."""
    for offset, note, subject in (
        (-3, "Dokumentation des Werkstattgesprächs an die Teilnehmenden senden", "event"),
        (0, "Stadt Ulm: Termin für das Nachgespräch vereinbaren", "ulm"),
        (4, "Rückfrage beim Referat Quartiersentwicklung zum nächsten Förderaufruf", "sm"),
        (14, "Nächstes Werkstattgespräch: Gastgeberkommune anfragen", "event"),
    ):
        follow_up = FollowUp(due_on=demo.today + timedelta(days=offset), note=note)
        if subject == "event":
            follow_up.event_id = event.id
        elif subject == "ulm":
            follow_up.organisation_id = ulm.id
        else:
            follow_up.organisation_id = ministry.id
        demo.add(follow_up)
        demo.bump("follow_ups")
        demo.bump("open_follow_ups")
