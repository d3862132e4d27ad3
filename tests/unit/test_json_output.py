"""``cli.jsonout`` writes what ``json.dump(…, ensure_ascii=False, indent=2)`` wrote, byte for byte:
scripts reading ``contacts list --json`` or ``consultations list --json`` notice nothing of the
faster writer (issue 16)."""

from __future__ import annotations

import enum
import io
import json
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.cli.jsonout import Value, write_json_list


class _Kind(enum.StrEnum):
    A = "ä"


class _Level(enum.IntEnum):
    HIGH = 3


def _both(keys: Sequence[str], rows: list[tuple[Value, ...]]) -> tuple[str, str]:
    out = io.StringIO()
    write_json_list(keys, rows, out)
    expected = json.dumps(
        [dict(zip(keys, (list(v) if isinstance(v, tuple) else v for v in row), strict=True))
         for row in rows],
        ensure_ascii=False,
        indent=2,
    ) + "\n"  # fmt: skip
    return out.getvalue(), expected


def test_the_awkward_values() -> None:
    keys = ("id", "name", "leer", "zahl", "ja", "nein", "liste", "keine", "art", "stufe")
    rows: list[tuple[Value, ...]] = [
        (1, 'Anna "Nanni" Müller\\\n\t\x00\u2028😀', None, 1.5, True, False, ("a", "ß"), (),
         _Kind.A, _Level.HIGH),
        (-2, "", "", float("nan"), False, True, ["x"], [], "ö", 0),
    ]  # fmt: skip
    written, expected = _both(keys, rows)
    assert written == expected


def test_no_rows_is_an_empty_array() -> None:
    assert _both(("id",), []) == ("[]\n", "[]\n")


_scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)


@settings(deadline=None)  # a loaded 2-core machine: a slow example is not a wrong one
@given(
    st.lists(
        st.tuples(_scalars, st.text(), st.lists(st.text() | st.integers(), max_size=3).map(tuple)),
        max_size=5,
    )
)
def test_any_rows(rows: list[tuple[Value, ...]]) -> None:
    written, expected = _both(("a", "b", "c"), rows)
    assert written == expected
