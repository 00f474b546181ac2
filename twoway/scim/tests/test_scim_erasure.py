"""Erasing a person deletes what the identity provider's key said of them."""

from __future__ import annotations

from twoway.people.models import Person
from twoway.privacy.services import person_erase
from twoway.scim.models import ScimLink
from twoway.scim.tests.helpers import USERS, call, new_user


def test_erasing_a_provisioned_person_deletes_their_scim_link(cast, client, scim_secret):
    call(client, "POST", USERS, scim_secret, new_user())
    lena = Person.objects.get(email="lena.berg@example.org")
    assert ScimLink.objects.filter(person=lena).exists()
    erasure = person_erase(actor=cast.ada, person=lena)
    assert not ScimLink.objects.filter(person=lena).exists()
    assert erasure.counts["scim_links"] == 1
