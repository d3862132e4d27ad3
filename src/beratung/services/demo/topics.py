"""Topics (Themen): what consultations and the municipalities' own projects are about.

Topics are the basis for putting municipalities in touch ("Vernetzung"), so the demo gives
about half of its towns projects of their own, drawn with the same weights as the topics of
programme consultations. On a forced run existing topics are re-used by name.
"""

from __future__ import annotations

from datetime import date
from random import Random

from sqlalchemy import select

from beratung.domain.models import OrganisationTopic, Topic
from beratung.services.demo.common import DemoBuild
from beratung.services.demo.data import texts
from beratung.services.demo.organisations import Towns

#: How often a topic comes up in a "Quartier 2020" consultation (others: all equally often).
Q2020_TOPIC_WEIGHTS = {
    "Quartiersentwicklung": 10,
    "Fördermittel": 6,
    "Bürgerbeteiligung": 5,
    "Pflege und Unterstützung im Quartier": 4,
    "Wohnen im Alter": 4,
    "Begegnungsorte": 3,
    "Barrierefreiheit": 3,
    "Ehrenamt und Engagement": 3,
    "Vernetzung": 2,
    "Mobilität": 2,
    "Leichte Sprache": 1,
    "Aktionsplan Inklusion": 1,
    "Inklusive Bildung": 1,
    "Teilhabe am Arbeitsleben": 1,
}


def build_topics(demo: DemoBuild) -> dict[str, Topic]:
    """Add the topics not there yet; return all of the demo's topics by name."""
    existing = {t.name: t for t in demo.s.scalars(select(Topic))}
    topics: dict[str, Topic] = {}
    for name, description in texts.TOPICS.items():
        topic = existing.get(name) or Topic(name=name, description=description)
        if name not in existing:
            demo.add(topic)
        topics[name] = topic
    return topics


def pick_topics(rng: Random, topics: dict[str, Topic], programme: bool) -> list[Topic]:
    """One to three different topics, weighted towards the programme's themes if asked."""
    count = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
    names_ = list(Q2020_TOPIC_WEIGHTS)
    weights = [Q2020_TOPIC_WEIGHTS[n] if programme else 3 for n in names_]
    chosen: list[str] = []
    while len(chosen) < count:
        name = rng.choices(names_, weights=weights)[0]
        if name not in chosen:
            chosen.append(name)
    return [topics[n] for n in chosen]


def build_organisation_topics(demo: DemoBuild, towns: Towns, topics: dict[str, Topic]) -> None:
    """Give about half of the advised and network towns projects of their own."""
    existing = {
        (row[0], row[1])
        for row in demo.s.execute(
            select(OrganisationTopic.organisation_id, OrganisationTopic.topic_id)
        )
    }
    rng = demo.rng
    for town in towns.advised + towns.network:
        if rng.random() < 0.45:
            continue
        for topic in pick_topics(rng, topics, programme=True):
            if (town.org.id, topic.id) in existing:
                continue
            existing.add((town.org.id, topic.id))
            demo.add(
                OrganisationTopic(
                    organisation_id=town.org.id,
                    topic_id=topic.id,
                    note=f"Eigenes Vorhaben: {topic.name} {rng.choice(texts.QUARTERS)}",
                    since=date(rng.randint(2014, 2017), rng.randint(1, 12), 1),
                )
            )
            demo.bump("organisation_topics")
