import pytest

from twoway.pairs.models import Pair
from twoway.surveys.models import Survey


@pytest.fixture
def pair(published):
    """Juno (mentor) and Sterling (mentee), just published."""
    return Pair.objects.select_related("program", "mentor", "mentee").get(mentor=published.juno)


@pytest.fixture
def baseline(pair):
    """Juno's baseline survey, sent when the pair was published."""
    return Survey.objects.select_related("pair__program").get(
        pair=pair, person=pair.mentor, kind="baseline"
    )
