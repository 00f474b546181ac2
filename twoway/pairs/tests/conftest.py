import pytest

from twoway.core.models import Role
from twoway.matching.services.publish import match_run_publish
from twoway.matching.tests.scenario import build_pilot, matching_program, run_now
from twoway.pairs.models import Pair
from twoway.testing import UserFactory, grant


@pytest.fixture
def pilot(cast):
    return build_pilot(cast)


@pytest.fixture
def published(pilot, cast):
    """The pilot's pairs, published: Juno mentors Sterling, Maya mentors Richard."""
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    return pilot


@pytest.fixture
def morgan(db):
    user = UserFactory(email="morgan@example.org", first_name="Morgan")
    grant(user, Role.PROGRAM_MANAGER, program=matching_program(name="Other", slug="other"))
    return user


@pytest.fixture
def agreement(published):
    """Juno and Sterling's agreement, as publishing made it (version 1)."""
    return Pair.objects.get(mentor=published.juno).agreement
