"""The home page and every navigation link, for every role a user can hold.

The roles come from the code (``Role`` and the program-scoped pseudo-role), so a
role added later without a home page fails here rather than in production.
"""

import pytest
from django.urls import reverse

from twoway.core.models import Role, User
from twoway.core.roles import MANAGES_SOME_PROGRAM, user_roles
from twoway.home.selectors import ROLE_LABELS
from twoway.testing.factories import ProgramFactory, UserFactory, grant


def _every_role_user(cast, program) -> dict[str, User]:
    """One user for each role the code can hand out, with and without a person."""
    scoped = UserFactory(email="scoped@example.org", first_name="Scoped")
    grant(scoped, Role.PROGRAM_MANAGER, program=program)
    safeguarding = UserFactory(email="safe@example.org", first_name="Safe")
    grant(safeguarding, Role.SAFEGUARDING_CONTACT)
    return {
        Role.ADMINISTRATOR: cast.ada,
        Role.PROGRAM_MANAGER: cast.priya,
        Role.SPONSOR: cast.sol,
        Role.SAFEGUARDING_CONTACT: safeguarding,
        Role.PARTICIPANT: cast.juno,
        MANAGES_SOME_PROGRAM: scoped,
        # A participant who also manages one program (the probe's case).
        f"{Role.PARTICIPANT}+{MANAGES_SOME_PROGRAM}": cast.sterling,
        "no role": cast.otto,
    }


@pytest.mark.django_db
def test_every_role_has_a_name_on_the_home_page():
    assert set(ROLE_LABELS) == {*Role.values, MANAGES_SOME_PROGRAM}


@pytest.mark.django_db
def test_home_and_every_navigation_link_open_for_every_role(client, cast):
    program = ProgramFactory(name="Digital Fluency", slug="digital-fluency")
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=program)
    users = _every_role_user(cast, program)
    held = set().union(*(user_roles(user) for user in users.values()))
    assert held == {*Role.values, MANAGES_SOME_PROGRAM}, "a role has no user in this test"
    for name, user in users.items():
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200, name
        for item in response.context["nav_items"]:
            assert client.get(item["url"]).status_code == 200, (name, item["label"])


@pytest.mark.django_db
def test_a_colleague_added_as_manager_sees_their_program_on_home(client, cast):
    program = ProgramFactory(name="Digital Fluency", slug="digital-fluency")
    client.force_login(cast.priya)
    response = client.post(
        reverse("programs:manager_add", kwargs={"slug": program.slug}),
        {"email": cast.sterling.email},
    )
    assert response.status_code == 302
    client.force_login(cast.sterling)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Program manager (your programs)" in html
    assert reverse("home:program", kwargs={"slug": program.slug}) in html
    # Their grant reaches this program alone: no organisation figures, no people list.
    assert "people in the directory" not in html
    assert reverse("people:list") not in html
    assert "Programs" in [item["label"] for item in page.context["nav_items"]]
