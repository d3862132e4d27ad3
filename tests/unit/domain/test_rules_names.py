"""A person's name as the program shows it."""

from __future__ import annotations

from beratung.domain.rules.names import display_name


def test_display_name_joins_the_given_parts() -> None:
    assert display_name("Dr.", "Anna", "Beispiel") == "Dr. Anna Beispiel"
    assert display_name(None, "Anna", "Beispiel") == "Anna Beispiel"
    assert display_name("Dr.", "", "Beispiel") == "Dr. Beispiel"
    assert display_name(None, None, "Beispiel") == "Beispiel"
    assert display_name(None, None, None) == ""


def test_the_contacts_services_still_offer_it() -> None:
    """``beratung.services.contacts.display_name`` is the same rule (callers import it there)."""
    from beratung.services import contacts

    assert contacts.display_name is display_name
