"""Shared steps of the agreement tests: a partner edits or signs as themself."""

from twoway.pairs.services import agreement_sign, agreement_update


def edit(agreement, person, seen_version, **changes):
    return agreement_update(
        actor=person.user,
        agreement=agreement,
        person=person,
        seen_version=seen_version,
        changes=changes,
    )


def sign(agreement, person, seen_version):
    return agreement_sign(
        actor=person.user, agreement=agreement, person=person, seen_version=seen_version
    )
