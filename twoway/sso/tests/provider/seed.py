"""Migrate the provider's database and register Twoway as a client, with its users.

Run as ``python -m twoway.sso.tests.provider.seed '<json>'`` with the provider's
settings; the JSON names the client (id, secret, redirect URI) and the users.
"""

import json
import sys

import django
from django.core.management import call_command


def main(spec: dict) -> None:
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User  # noqa: PLC0415 (after django.setup)
    from oauth2_provider.models import Application  # noqa: PLC0415

    for person in spec["users"]:
        User.objects.create_user(
            username=person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("name", ""),
            last_name=person["email_verified"],
        )
    Application.objects.create(
        name="Twoway",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=spec["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
