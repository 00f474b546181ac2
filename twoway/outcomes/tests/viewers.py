"""Who asks for a program's outcomes, for the permission tests of every outcome URL.

``program_world`` builds a cohort large enough to show figures and gives it a
manager of its own and a sponsor of its own; ``small_world`` one too small to.
"""

from __future__ import annotations

from dataclasses import dataclass

from twoway.core.models import Role, User
from twoway.outcomes.tests.world import Cohort, cohort
from twoway.testing.cast import Cast, make_morgan
from twoway.testing.factories import UserFactory, grant

# Participants 0 and 12 leave; every fourth colleague leaves, at staggered days.
PARTICIPANTS_LEAVING = {0: 100, 12: 400}
COLLEAGUES_LEAVING = {i: 50 + 20 * i for i in range(0, 60, 4)}


@dataclass
class Viewers:
    cohort: Cohort
    manager: User  # manages this program only
    sponsor: User  # this program's sponsor, with no organisation-wide role
    other_manager: User  # Morgan: manages another program only

    @property
    def slug(self) -> str:
        return self.cohort.program.slug


def _viewers(world: Cohort) -> Viewers:
    manager = UserFactory(email="pm@example.org")
    grant(manager, Role.PROGRAM_MANAGER, program=world.program)
    sponsor = UserFactory(email="sponsor@example.org")
    world.program.sponsor = sponsor
    world.program.save(update_fields=["sponsor"])
    return Viewers(world, manager, sponsor, make_morgan())


def program_world(cast: Cast) -> Viewers:
    return _viewers(
        cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)
    )


def small_world(cast: Cast) -> Viewers:
    return _viewers(cohort(mentors=2, mentees=2, colleagues=12))


def allowed(cast: Cast, viewers: Viewers) -> dict[str, User]:
    return {
        "the program's manager": viewers.manager,
        "the program's sponsor": viewers.sponsor,
        "an organisation-wide sponsor": cast.sol,
        "an administrator": cast.ada,
    }


def refused(cast: Cast, viewers: Viewers) -> dict[str, User]:
    return {"a participant": cast.juno, "a manager of another program": viewers.other_manager}
