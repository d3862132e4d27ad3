"""settings.read: options come back as their declared type, whatever the store holds."""

from __future__ import annotations

import pytest

from beratung import settings


class FakeStore:
    def __init__(self, **values: object) -> None:
        self.values = values

    def value(self, key: str) -> object:
        return self.values.get(key)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, True), ("false", False), ("true", True), (False, False), ("0", False)],
)
def test_a_yes_no_option_from_text_or_bool(raw: object, expected: bool) -> None:
    store = FakeStore(**({settings.AUTOMATIC_BACKUP.key: raw} if raw is not None else {}))
    assert settings.read_bool(settings.AUTOMATIC_BACKUP, store) is expected


@pytest.mark.parametrize(("raw", "expected"), [(None, 7), ("5", 5), (7, 7), ("viele", 7)])
def test_a_number_from_text_falls_back_to_the_default(raw: object, expected: int) -> None:
    store = FakeStore(**({settings.BACKUP_DAILY.key: raw} if raw is not None else {}))
    assert settings.read_int(settings.BACKUP_DAILY, store) == expected


def test_typed_readers_refuse_the_wrong_option() -> None:
    with pytest.raises(TypeError):
        settings.read_int(settings.AUTOMATIC_BACKUP, FakeStore())
    with pytest.raises(TypeError):
        settings.read_bool(settings.BACKUP_DAILY, FakeStore())
    with pytest.raises(TypeError):
        settings.read_str(settings.BACKUP_DAILY, FakeStore())
    assert settings.read_str(settings.BACKUP_SECOND_FOLDER, FakeStore()) == ""
