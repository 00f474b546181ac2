"""The events' test world: the pilot's people, an event for everyone and one for the pilot."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from twoway.events.models import Event
from twoway.events.tests.helpers import new_event
from twoway.testing.cast import Cast, Pilot


@dataclass
class Socials:
    everyone: Event  # for everyone, by Priya (an organisation-wide manager)
    pilot: Event  # for the pilot's people, capacity 2, seated


@pytest.fixture
def socials(cast: Cast, pilot: Pilot) -> Socials:
    everyone = new_event(cast.priya, title="Summer lunch")
    program_event = new_event(
        cast.priya,
        title="Pilot drinks",
        programs=[pilot.program],
        capacity=2,
        seated=True,
        table_size=6,
    )
    return Socials(everyone, program_event)
