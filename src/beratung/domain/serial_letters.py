"""The snapshot of a serial letter (Serienbrief): many DIN 5008 letters in one printed document.

Why a snapshot of its own rather than a list of letters: the invitations to an event are printed
as *one* PDF (one print job, one entry in the log of issued documents, one reprint), in the
posting order, and in one layout variant for the whole run (standard or large print). Each
letter stays a complete :class:`~beratung.domain.printing.LetterSnapshot`, so a letter of the
run reads exactly like a single letter, and one recipient's letter is a serial letter of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from beratung.domain.printing import SCHEMA_VERSION, JsonDict, LetterSnapshot
from beratung.domain.reply_forms import ReplyForm

LetterVariant = Literal["standard", "large"]
"""The layout of a run: ``standard`` (11 pt) or ``large`` print (16 pt, same text, more pages)."""

LETTER_VARIANTS: tuple[LetterVariant, ...] = ("standard", "large")


@dataclass(frozen=True, slots=True)
class SerialLetterSnapshot:
    """Letters printed one after the other into one document, in the given order.

    ``title`` is the PDF title of the whole run ("Einladungen: Werkstattgespräch … (40
    Briefe)"). Every letter starts on a new sheet and is numbered on its own ("Seite 1 von 2").
    """

    title: str
    letters: tuple[LetterSnapshot, ...]
    variant: LetterVariant = "standard"
    #: The reply form printed after each letter (invitations), in the letters' order; empty:
    #: letters only.
    reply_forms: tuple[ReplyForm, ...] = ()

    def __post_init__(self) -> None:
        if not self.letters:
            raise ValueError("a serial letter needs at least one letter")
        if self.reply_forms and len(self.reply_forms) != len(self.letters):
            raise ValueError("one reply form per letter, or none")

    def to_dict(self) -> JsonDict:
        return {
            "kind": "serial_letter",
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "variant": self.variant,
            "letters": [letter.to_dict() for letter in self.letters],
            **({"reply_forms": [form.to_dict() for form in self.reply_forms]}
               if self.reply_forms else {}),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> SerialLetterSnapshot:
        variant = data.get("variant", "standard")
        if variant not in LETTER_VARIANTS:
            raise ValueError(f"unknown letter variant {variant!r}")
        return cls(
            title=data["title"],
            letters=tuple(LetterSnapshot.from_dict(item) for item in data["letters"]),
            variant=cast(LetterVariant, variant),
            reply_forms=tuple(ReplyForm.from_dict(item) for item in data.get("reply_forms", ())),
        )


__all__ = ["LETTER_VARIANTS", "LetterVariant", "SerialLetterSnapshot"]
