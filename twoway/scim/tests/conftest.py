import pytest

from twoway.scim.tests.helpers import scim_token_for


@pytest.fixture
def scim_secret(cast):
    """A read and write SCIM token of Otto's account (an integration's login), made by Ada."""
    return scim_token_for(cast.ada, cast.otto)
