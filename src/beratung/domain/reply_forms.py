"""The invitation's reply form (Antwortformular): what it prints and what a returned one says.

The same form is printed after each invitation letter and is a fillable PDF (AcroForm); its
variants (large print, Leichte Sprache with :data:`EASY_NEED_STATEMENTS` and
:func:`easy_consent_statements`) word and lay it out differently, never rename a field. Its
field names are a contract between the renderer (``documents/reply_form.py``) and the reader
(``services/events/replies.py``): they are defined here once, so both sides agree, and they are
plain ASCII so that every PDF program keeps them when it saves the filled form.

What a returned form *means* is decided here, without any PDF or database: :func:`read_answer`
turns the field values into a :class:`ReplyAnswer` with German problems for what cannot be
used (companions that are no number, needs without the consent box).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

from beratung.domain.enums import NeedKind, label
from beratung.domain.printing import SCHEMA_VERSION, JsonDict, Sender
from beratung.domain.rules.text import clean_line

if TYPE_CHECKING:
    from beratung.domain.serial_letters import LetterVariant  # imports this module

# --- field names (the contract between the printed form and the reader) ----------------------

FIELD_NAME = "name"
FIELD_CODE = "code"
FIELD_ATTEND = "teilnahme"
ATTEND_YES = "ja"
ATTEND_NO = "nein"
FIELD_COMPANIONS = "begleitpersonen"
FIELD_NEED_PREFIX = "bedarf_"
FIELD_NEED_OTHER_TEXT = "bedarf_sonstiges_text"
FIELD_CONSENT = "einwilligung"
FIELD_DIET = "ernaehrung"
FIELD_REMARKS = "bemerkungen"

#: Needs offered as check boxes, in this order. Dietary wishes have a line of their own
#: (stored as the need "Ernährung" with the text); "Sonstiges" has a line for what it is.
FORM_NEEDS: tuple[NeedKind, ...] = (
    NeedKind.SIGN_LANGUAGE,
    NeedKind.SPEECH_TO_TEXT,
    NeedKind.HEARING_LOOP,
    NeedKind.STEP_FREE,
    NeedKind.WHEELCHAIR_PLACE,
    NeedKind.EASY_LANGUAGE,
    NeedKind.ASSISTANCE,
    NeedKind.GUIDE_DOG,
    NeedKind.OTHER,
)



def consent_sentence(office: str) -> str:
    """The consent sentence for health-related data (Art. 9 GDPR) printed beside its own box;
    needs are stored only when it is ticked."""
    return (
        "Ich willige ein, dass meine Angaben zu Bedarfen und zur Ernährung gespeichert "
        "werden, damit die Veranstaltung barrierefrei geplant werden kann (verantwortlich: "
        f"{office}). Sie werden nach der Veranstaltung gelöscht. Die Einwilligung ist "
        "freiwillig und kann jederzeit widerrufen werden."
    )

#: The check boxes of the form in Leichte Sprache: one statement per need, in the person's
#: words ("Ich brauche …"), printed beside the box and announced as its tooltip.
EASY_NEED_STATEMENTS: dict[NeedKind, str] = {
    NeedKind.SIGN_LANGUAGE: "Ich brauche eine Übersetzung in Gebärden-Sprache.",
    NeedKind.SPEECH_TO_TEXT: "Ich möchte alles Gesagte als Text mitlesen.",
    NeedKind.HEARING_LOOP: "Ich brauche eine Höranlage für mein Hörgerät.",
    NeedKind.STEP_FREE: "Ich brauche einen Weg ohne Stufen.",
    NeedKind.WHEELCHAIR_PLACE: "Ich brauche einen Platz für meinen Rollstuhl.",
    NeedKind.EASY_LANGUAGE: "Ich brauche Leichte Sprache.",
    NeedKind.ASSISTANCE: "Ich komme mit einer Assistenz.",
    NeedKind.GUIDE_DOG: "Ich komme mit einem Blinden-Führhund.",
    NeedKind.OTHER: "Ich brauche etwas anderes.",
}


def easy_consent_statements(office: str) -> tuple[str, ...]:
    """The consent of :func:`consent_sentence` in Leichte Sprache, one statement per line:
    what is stored, why, by whom, for how long, that it is voluntary and can be withdrawn."""
    return (
        "Sie sagen uns vielleicht, was Sie brauchen.",
        "Oder was Sie nicht essen können.",
        "Das sind persönliche Angaben.",
        "Wir speichern diese Angaben nur, wenn Sie es erlauben.",
        "Wir brauchen die Angaben, damit alle gut teilnehmen können.",
        "Verantwortlich für Ihre Angaben ist:",
        office,
        "Nach der Veranstaltung löschen wir die Angaben.",
        "Sie müssen das nicht erlauben.",
        "Sie können Ihre Erlaubnis jederzeit zurücknehmen.",
    )


MAX_COMPANIONS = 20


class HasTitle(Protocol):
    """What the reply form needs of an event."""

    @property
    def title(self) -> str: ...


def need_field(kind: NeedKind) -> str:
    """The check box of a need: ``bedarf_sign_language``."""
    return f"{FIELD_NEED_PREFIX}{kind.value}"


_FORM_PREFIX = re.compile(r"^brief(\d+)_(.+)$")


def form_prefix(index: int) -> str:
    """What goes before the field names of the form after letter ``index`` (from 0) when one
    PDF holds several forms: ``brief3_``. A form alone has plain names."""
    return f"brief{index + 1}_"


def split_forms(values: Mapping[str, str | None]) -> list[dict[str, str | None]]:
    """The field values of one PDF, one mapping per form in it (plain names), in order."""
    plain: dict[str, str | None] = {}
    numbered: dict[int, dict[str, str | None]] = {}
    for name, value in values.items():
        match = _FORM_PREFIX.match(name)
        if match is None:
            plain[name] = value
        else:
            numbered.setdefault(int(match.group(1)), {})[match.group(2)] = value
    forms = [numbered[number] for number in sorted(numbered)]
    if plain or not forms:
        forms.insert(0, plain)
    return forms


# --- what is printed --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplyForm:
    """One invitee's reply form: the event, the person and code it is prefilled with, and where
    to send it back (the office, from the letter's sender)."""

    event_title: str
    event_when: str
    name: str
    code: str
    sender: Sender
    deadline: str | None = None

    def to_dict(self) -> JsonDict:
        return {
            "event_title": self.event_title,
            "event_when": self.event_when,
            "name": self.name,
            "code": self.code,
            "sender": self.sender.to_dict(),
            "deadline": self.deadline,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> ReplyForm:
        return cls(
            event_title=data["event_title"],
            event_when=data["event_when"],
            name=data["name"],
            code=data["code"],
            sender=Sender.from_dict(data["sender"]),
            deadline=data.get("deadline"),
        )


def reply_form(event: HasTitle, values: Mapping[str, str | None], sender: Sender, name: str,
               code: str) -> ReplyForm:
    """The reply form for one invitee, from the invitation template's event values
    (``veranstaltung_datum``, ``veranstaltung_uhrzeit``, ``anmeldeschluss``)."""
    when = ", ".join(
        part for part in (values.get("veranstaltung_datum"),
                          values.get("veranstaltung_uhrzeit")) if part
    )
    return ReplyForm(event_title=event.title, event_when=when, name=name, code=code,
                     sender=sender, deadline=values.get("anmeldeschluss"))


@dataclass(frozen=True, slots=True)
class ReplyFormSnapshot:
    """The reply form alone, e.g. to send it again to one recipient, in the variant of the
    recipient's letter (large print and Leichte Sprache take more pages)."""

    title: str
    form: ReplyForm
    variant: LetterVariant = "standard"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "reply_form",
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "form": self.form.to_dict(),
            # Only when not standard: forms logged before variants existed stay as they were.
            **({"variant": self.variant} if self.variant != "standard" else {}),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> ReplyFormSnapshot:
        return cls(title=data["title"], form=ReplyForm.from_dict(data["form"]),
                   variant=cast("LetterVariant", data.get("variant") or "standard"))


# --- what a returned form says ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplyAnswer:
    """A filled form, read: ``attend`` is ``None`` when neither box is ticked."""

    code: str
    attend: bool | None
    companions: int = 0
    needs: tuple[tuple[NeedKind, str | None], ...] = ()
    consent: bool = False
    remarks: str | None = None
    #: German reasons for what was read but cannot be used (e.g. needs without consent).
    problems: tuple[str, ...] = field(default=())


def _ticked(value: str | None) -> bool:
    """A check box's value as readers give it: ``/Yes``, ``Yes``, ``/On`` … or ``/Off``."""
    text = (value or "").strip().lstrip("/").lower()
    return text not in ("", "off", "no", "false", "0")


#: The longest text taken from one field of a returned form (one or two printed lines hold
#: a few hundred characters; more is a damaged or hand-made file).
REPLY_TEXT_LIMIT = 2_000

#: Registration codes are 16 characters; a longer "code" is cut before it is shown anywhere.
CODE_LIMIT = 64

_TEXT_FIELDS = {
    FIELD_NEED_OTHER_TEXT: "„Sonstiges“",
    FIELD_DIET: "„Ernährung“",
    FIELD_REMARKS: "„Bemerkungen“",
}


def _text(value: str | None) -> str | None:
    """One line, without control, direction or zero-width characters (as every form)."""
    return clean_line(value)


def _limited(values: Mapping[str, str | None], name: str, problems: list[str]) -> str | None:
    """A text field's value, or ``None`` with a problem naming the field when it is longer
    than :data:`REPLY_TEXT_LIMIT` (not cut: half a sentence about a need is worse)."""
    text = _text(values.get(name))
    if text is not None and len(text) > REPLY_TEXT_LIMIT:
        problems.append(
            f"Das Feld {_TEXT_FIELDS[name]} ist zu lang ({len(text):_} Zeichen; höchstens "
            f"{REPLY_TEXT_LIMIT:_}); nicht übernommen, bitte von Hand nachtragen.".replace(
                "_", "."
            )
        )
        return None
    return text


def read_answer(values: Mapping[str, str | None]) -> ReplyAnswer:
    """What a returned form says, from its field values (names as above).

    Needs — and dietary wishes, which may be health data too (allergies) — are kept only when
    the consent box is ticked; otherwise they are dropped and a problem says so. Companions that
    are no number from 0 to 20 count as none, with a problem.
    """
    problems: list[str] = []
    choice = (values.get(FIELD_ATTEND) or "").strip().lstrip("/").lower()
    attend = True if choice == ATTEND_YES else False if choice == ATTEND_NO else None
    companions = 0
    raw = _text(values.get(FIELD_COMPANIONS))
    if raw is not None:
        # isdigit() alone takes "²" and other digits int() refuses.
        if raw.isascii() and raw.isdigit() and int(raw) <= MAX_COMPANIONS:
            companions = int(raw)
        else:
            problems.append(
                f"Begleitpersonen „{raw}“ ist keine Zahl von 0 bis {MAX_COMPANIONS}; "
                "bitte von Hand nachtragen."
            )
    needs: list[tuple[NeedKind, str | None]] = []
    other_text = _limited(values, FIELD_NEED_OTHER_TEXT, problems)
    for kind in FORM_NEEDS:
        if _ticked(values.get(need_field(kind))):
            needs.append((kind, other_text if kind is NeedKind.OTHER else None))
    if other_text and not any(kind is NeedKind.OTHER for kind, _ in needs):
        needs.append((NeedKind.OTHER, other_text))  # written without ticking the box
    if any(kind is NeedKind.OTHER and not details for kind, details in needs):
        needs = [(k, d) for k, d in needs if k is not NeedKind.OTHER]
        problems.append("„Sonstiges“ ist angekreuzt, aber nicht beschrieben; nicht übernommen.")
    diet = _limited(values, FIELD_DIET, problems)
    if diet:
        needs.append((NeedKind.DIET, diet))
    consent = _ticked(values.get(FIELD_CONSENT))
    if needs and not consent:
        problems.append(
            "Bedarfe ("
            + ", ".join(label(kind) for kind, _ in needs)
            + ") nicht übernommen: Die Einwilligung ist nicht angekreuzt."
        )
        needs = []
    if needs and attend is False:
        needs = []  # who does not come needs nothing; nothing health-related is kept
    remarks = _limited(values, FIELD_REMARKS, problems)
    return ReplyAnswer(
        code=(_text(values.get(FIELD_CODE)) or "")[:CODE_LIMIT],
        attend=attend,
        companions=companions if attend else 0,
        needs=tuple(needs),
        consent=consent,
        remarks=remarks,
        problems=tuple(problems),
    )


__all__ = [
    "ATTEND_NO",
    "ATTEND_YES",
    "EASY_NEED_STATEMENTS",
    "FIELD_ATTEND",
    "FIELD_CODE",
    "FIELD_COMPANIONS",
    "FIELD_CONSENT",
    "FIELD_DIET",
    "FIELD_NAME",
    "FIELD_NEED_OTHER_TEXT",
    "FIELD_NEED_PREFIX",
    "FIELD_REMARKS",
    "FORM_NEEDS",
    "MAX_COMPANIONS",
    "ReplyAnswer",
    "ReplyForm",
    "ReplyFormSnapshot",
    "consent_sentence",
    "easy_consent_statements",
    "form_prefix",
    "need_field",
    "read_answer",
    "reply_form",
    "split_forms",
]
