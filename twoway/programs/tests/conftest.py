import pytest

from twoway.testing.factories import open_program


@pytest.fixture
def program(cast):
    """An enrolling reverse program anyone may join, run by priya's org-wide grant."""
    return open_program(name="Reverse mentoring 2026", slug="reverse-2026")
