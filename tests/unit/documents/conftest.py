"""Rendered sample documents, shared by the tests of this folder (rendered once per module)."""

from __future__ import annotations

import pytest

from beratung.documents.letter import render_letter
from beratung.documents.press_release import render_press_release
from beratung.documents.samples import sample_letter, sample_press_release


@pytest.fixture(scope="module")
def letter_b_pdf() -> bytes:
    return render_letter(sample_letter("B"))


@pytest.fixture(scope="module")
def letter_a_pdf() -> bytes:
    return render_letter(sample_letter("A", long=False))


@pytest.fixture(scope="module")
def press_pdf() -> bytes:
    return render_press_release(sample_press_release())
