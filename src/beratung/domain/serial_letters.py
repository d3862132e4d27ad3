"""The snapshot of a serial letter (Serienbrief): many DIN 5008 letters in one printed document.

Why a snapshot of its own rather than a list of letters: the invitations to an event are printed
as *one* PDF (one print job, one entry in the log of issued documents, one reprint), in the
posting order, in one layout variant for the whole run (standard, large print or Leichte
Sprache) or, when the variant was chosen per recipient, one variant per letter. Each
letter stays a complete :class:`~beratung.domain.printing.LetterSnapshot`, so a letter of the
run reads exactly like a single letter, and one recipient's letter is a serial letter of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from beratung.domain.printing import SCHEMA_VERSION, JsonDict, LetterSnapshot
from beratung.domain.reply_forms import ReplyForm

LetterVariant = Literal["standard", "large", "easy"]
"""The layout of a letter: ``standard`` (11 pt), ``large`` print (16 pt, same text, more pages)
or ``easy`` (Leichte Sprache: its own text, 14 pt, 1.5 line spacing, no hyphenation)."""

LETTER_VARIANTS: tuple[LetterVariant, ...] = ("standard", "large", "easy")


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
    #: One variant per letter (chosen per recipient); empty: every letter in ``variant``.
    letter_variants: tuple[LetterVariant, ...] = ()

    def __post_init__(self) -> None:
        if not self.letters:
            raise ValueError("a serial letter needs at least one letter")
        if self.reply_forms and len(self.reply_forms) != len(self.letters):
            raise ValueError("one reply form per letter, or none")
        if self.letter_variants and len(self.letter_variants) != len(self.letters):
            raise ValueError("one variant per letter, or none")

    def variant_of(self, index: int) -> LetterVariant:
        """The layout variant of letter ``index``."""
        return self.letter_variants[index] if self.letter_variants else self.variant

    def to_dict(self) -> JsonDict:
        return {
            "kind": "serial_letter",
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "variant": self.variant,
            "letters": [letter.to_dict() for letter in self.letters],
            **({"reply_forms": [form.to_dict() for form in self.reply_forms]}
               if self.reply_forms else {}),
            **({"letter_variants": list(self.letter_variants)} if self.letter_variants else {}),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> SerialLetterSnapshot:
        variant = data.get("variant", "standard")
        per_letter = data.get("letter_variants") or []
        for value in (variant, *per_letter):
            if value not in LETTER_VARIANTS:
                raise ValueError(f"unknown letter variant {value!r}")
        return cls(
            title=data["title"],
            letters=tuple(LetterSnapshot.from_dict(item) for item in data["letters"]),
            variant=cast(LetterVariant, variant),
            reply_forms=tuple(ReplyForm.from_dict(item) for item in data.get("reply_forms", ())),
            letter_variants=tuple(cast(LetterVariant, value) for value in per_letter),
        )


__all__ = ["LETTER_VARIANTS", "LetterVariant", "SerialLetterSnapshot"]
