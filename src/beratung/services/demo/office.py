"""The sender of every document: the Städtetag's office profile, its clerks and file plan.

Named as in press release P 309/2017: the clerk Christiane Conzen ("Co"), the advisor Simone
Fischer and the Dezernent Benjamin Lachat, who signs. The office's rules for events: personal
assistants take places, needs are kept four weeks after the event. On a forced run an existing
office profile, clerks (by initials) and file-plan numbers (by code) are kept as they are (the
events then follow the rules of that profile).
"""

from __future__ import annotations

from sqlalchemy import select

from beratung.domain.models import Clerk, FilePlanNumber, OfficeProfile
from beratung.services.demo.common import DemoBuild

#: The clerk whose initials are in every Aktenzeichen of the demo's press releases.
PRESS_CLERK_INITIALS = "Co"


def build_office(demo: DemoBuild) -> Clerk:
    """Add the office profile, the clerks and the file plan; return the press clerk."""
    s = demo.s
    if s.get(OfficeProfile, 1) is None:
        demo.add(
            OfficeProfile(
                id=1,
                name="Städtetag Baden-Württemberg",
                unit="Fachberatung Inklusion",
                function_line="Geschäftsführendes Vorstandsmitglied",
                street="Königstraße 2",
                postcode="70173",
                town="Stuttgart",
                phone="0711 22921-0",
                fax="0711 22921-42",
                email="post@staedtetag-bw.de",
                website="www.staedtetag-bw.de",
                footer_lines=(
                    "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart\n"
                    "Telefon 0711 22921-0 · Telefax 0711 22921-42 · "
                    "post@staedtetag-bw.de · www.staedtetag-bw.de"
                ),
                press_info_url="www.staedtetag-bw.de/Presse",
                # The office's rules for events, set on purpose: the places of a
                # Werkstattgespräch are chairs and lunches, and a personal assistant needs
                # both, so assistants count; needs are deleted four weeks after the event.
                assistants_take_places=True,
                needs_retention_weeks=4,
            )
        )
    clerks = {c.initials: c for c in s.scalars(select(Clerk))}
    wanted = (
        Clerk(
            name="Christiane Conzen",
            initials="Co",
            function="Bearbeiterin",
            phone_extension="48",
            email="christiane.conzen@staedtetag-bw.de",
        ),
        Clerk(
            name="Simone Fischer",
            initials="Fi",
            function="Fachberatung Inklusion",
            phone_extension="33",
            email="simone.fischer@staedtetag-bw.de",
        ),
        Clerk(name="Benjamin Lachat", initials="La", function="Dezernent", is_signatory=True),
    )
    for clerk in wanted:
        if clerk.initials not in clerks:
            demo.add(clerk)
            clerks[clerk.initials] = clerk
    plans = {p.code for p in s.scalars(select(FilePlanNumber))}
    for code, description, default in (
        ("047.40", "Inklusion – Allgemeines", False),
        ("047.41", "Inklusion / Quartiersentwicklung – Beratung der Kommunen", False),
        ("047.42", "Inklusion / Quartiersentwicklung – Werkstattgespräche", False),
        ("047.43", "Inklusion / Quartiersentwicklung – Pressearbeit", True),
    ):
        if code not in plans:
            demo.add(
                FilePlanNumber(code=code, description=description, is_default_for_press=default)
            )
    return clerks[PRESS_CLERK_INITIALS]
