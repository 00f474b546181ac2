"""Every field that points at a person or a login is accounted for: the export
reads it or says why not, and an erasure says what it does to its model."""

from __future__ import annotations

from twoway.privacy.inventory import ERASURE, EXPORTED, NOT_EXPORTED, installed, person_fields
from twoway.privacy.selectors import person_export
from twoway.testing.cast import Cast


def test_every_field_pointing_at_a_person_or_a_login_is_exported_or_excused() -> None:
    fields = set(person_fields())
    missing = fields - set(EXPORTED) - set(NOT_EXPORTED)
    assert not missing, (
        f"{sorted(missing)} point at a person or a login: add them to privacy.inventory "
        "EXPORTED (and to privacy.selectors.person_export) or NOT_EXPORTED with a reason"
    )
    assert not set(EXPORTED) & set(NOT_EXPORTED)
    listed = {label for label in set(EXPORTED) | set(NOT_EXPORTED) if installed(label)}
    assert not listed - fields, "stale entries in the inventory"
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_every_model_pointing_at_a_person_says_what_an_erasure_does() -> None:
    models = {label.rsplit(".", 1)[0] for label in person_fields()} | {"core.User"}
    missing = models - set(ERASURE)
    assert not missing, f"{sorted(missing)}: say in privacy.inventory.ERASURE what erasure does"
    assert not {label for label in ERASURE if installed(label)} - models, "stale in ERASURE"


def test_every_exported_section_is_in_the_export(cast: Cast) -> None:
    export = person_export(cast.juno.person)
    sections = {EXPORTED[label] for label in EXPORTED if installed(label)}
    assert sections <= set(export["sections"])
