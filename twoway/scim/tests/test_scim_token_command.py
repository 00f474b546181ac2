"""``twoway api_token create --scim`` makes a token the SCIM endpoints take."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from twoway.people.models import Person
from twoway.scim.tests.helpers import USERS, call, new_user


def test_the_command_makes_a_token_that_provisions(cast, client):
    out = StringIO()
    arguments = ["--user", "otto@example.org", "--name", "Entra ID", "--write", "--scim"]
    call_command("api_token", "create", *arguments, stdout=out)
    secret = out.getvalue().splitlines()[-1]
    assert call(client, "POST", USERS, secret, new_user()).status_code == 201
    assert Person.objects.filter(email="lena.berg@example.org").exists()
