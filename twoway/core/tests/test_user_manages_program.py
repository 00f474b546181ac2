"""A program-scoped manager grant reaches that program only."""

from __future__ import annotations

from twoway.core.models import Role
from twoway.core.roles import user_has_role, user_managed_program_ids, user_manages_program
from twoway.testing.factories import ProgramFactory, UserFactory, grant


def test_a_scoped_grant_manages_its_program_and_no_other(cast):
    mine, other = ProgramFactory(), ProgramFactory()
    lena = UserFactory()
    grant(lena, Role.PROGRAM_MANAGER, program=mine)

    assert user_manages_program(lena, mine)
    assert not user_manages_program(lena, other)
    assert user_managed_program_ids(lena) == frozenset({mine.pk})


def test_a_scoped_grant_does_not_open_organisation_wide_manager_pages(client, cast):
    lena = UserFactory()
    grant(lena, Role.PROGRAM_MANAGER, program=ProgramFactory())

    assert not user_has_role(lena, Role.PROGRAM_MANAGER)
    client.force_login(lena)
    assert client.get("/people/").status_code == 403
    assert client.get("/programs/").status_code == 200


def test_organisation_wide_managers_and_administrators_manage_every_program(cast):
    program = ProgramFactory()

    assert user_manages_program(cast.priya, program)
    assert user_manages_program(cast.ada, program)
    assert user_managed_program_ids(cast.priya) is None
    assert not user_manages_program(cast.juno, program)
    assert user_managed_program_ids(cast.juno) == frozenset()
