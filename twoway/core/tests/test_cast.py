from twoway.core.models import Role
from twoway.core.roles import user_has_role, user_roles


def test_cast_holds_the_roles_its_docstring_promises(cast):
    assert user_roles(cast.ada) == {Role.ADMINISTRATOR, Role.PARTICIPANT}
    assert user_roles(cast.priya) == {Role.PROGRAM_MANAGER, Role.PARTICIPANT}
    assert user_roles(cast.sol) == {Role.SPONSOR, Role.PARTICIPANT}
    assert user_roles(cast.juno) == {Role.PARTICIPANT}
    assert user_roles(cast.otto) == frozenset()
    assert cast.sterling.person.manager == cast.sol.person


def test_administrator_passes_every_role_check_and_others_only_their_own(cast):
    assert user_has_role(cast.ada, Role.PROGRAM_MANAGER)
    assert user_has_role(cast.priya, Role.PROGRAM_MANAGER)
    assert not user_has_role(cast.juno, Role.PROGRAM_MANAGER)
    assert not user_has_role(cast.otto, Role.SPONSOR)
