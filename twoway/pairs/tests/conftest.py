import datetime as dt

import pytest

from twoway.testing.factories import ProgramFactory


@pytest.fixture
def past(cast):
    """A reverse program run on spreadsheets from October 2024 to March 2025."""
    return ProgramFactory(
        name="Spreadsheet pilot",
        slug="spreadsheet-pilot",
        starts_on=dt.date(2024, 10, 1),
        ends_on=dt.date(2025, 3, 31),
    )
