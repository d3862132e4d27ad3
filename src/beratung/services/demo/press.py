"""The demo's press releases: the year's earlier ones, P 309/2017 and a draft.

P 309/2017 carries the real text of the reference press release; the earlier releases of 2017
and the draft about the Werkstattgespräch in Ulm are invented. Final releases are frozen as
the press service freezes them, so they reprint exactly; the year's counter stands at 309, so
the next release gets P 310/2017. On a forced run numbers already taken are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from beratung.domain.enums import PressStatus
from beratung.domain.models import Clerk, PressNumberCounter, PressRelease
from beratung.services.demo.common import DemoBuild, at
from beratung.services.demo.data import texts
from beratung.services.press import PressService


def build_press_releases(demo: DemoBuild, clerk: Clerk) -> None:
    """Add the press releases of 2017 (handled by ``clerk``) and set the year's counter."""
    s = demo.s
    taken = {(row[0], row[1]) for row in s.execute(select(PressRelease.year, PressRelease.number))}

    finals: list[PressRelease] = []

    def final(
        number: int, day: date, headline: str, paragraphs: Sequence[str], **extra: Any
    ) -> None:
        if (2017, number) in taken:
            return
        finals.append(
            PressRelease(
                status=PressStatus.FINAL,
                year=2017,
                number=number,
                revision=1,
                release_date=day,
                headline=headline,
                dateline_place="Stuttgart",
                body="\n\n".join(paragraphs),
                clerk=clerk,
                file_plan_code="047.43",
                file_reference=f"047.43 - P {number}/2017 · Co",
                finalised_at=at(day, 11),
                contact_text=texts.P309_CONTACT,
                **extra,
            )
        )
        demo.add(finals[-1])
        demo.bump("press")

    for number, day, headline, paragraphs in texts.EARLIER_RELEASES:
        final(number, date.fromisoformat(day), headline, paragraphs)
    final(
        309,
        date(2017, 7, 31),
        texts.P309_HEADLINE,
        texts.P309_PARAGRAPHS,
        more_info="www.inklusive-quartiere.de",
    )
    if (2017, 309) not in taken:
        demo.add(
            PressRelease(
                status=PressStatus.DRAFT,
                headline=texts.DRAFT_HEADLINE,
                dateline_place="Ulm",
                body="\n\n".join(texts.DRAFT_PARAGRAPHS),
                clerk=clerk,
                file_plan_code="047.43",
                more_info="www.inklusive-quartiere.de",
                contact_text=texts.P309_CONTACT,
            )
        )
        demo.bump("press")
    counter = s.get(PressNumberCounter, 2017)
    if counter is None:
        demo.add(PressNumberCounter(year=2017, last_number=309))
    else:
        counter.last_number = max(counter.last_number, 309)
    # Final releases carry the frozen text and sender data they are reprinted from, built
    # exactly as the press service builds it when it finalises a release.
    s.flush()
    press = PressService(demo.ctx)
    for release in finals:
        assert release.year is not None and release.number is not None
        frozen = press._build_snapshot(
            s, release, number=(release.year, release.number), clerk=clerk
        )
        release.frozen_snapshot = frozen.to_dict()
