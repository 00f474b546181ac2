"""Joining a circles program speaks of juniors and seniors, not mentors and mentees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twoway.circles.tests.helpers import circles_program
from twoway.programs.models import Program
from twoway.testing.factories import open_program

pytestmark = pytest.mark.django_db


def test_the_join_page_of_a_circles_program_offers_junior_and_senior(client, cast):
    program = circles_program(Program.Status.ENROLLING)
    client.force_login(cast.juno)
    page = client.get(reverse("programs:join", args=[program.slug])).content.decode()
    assert "Junior: I will present what I know" in page and "Senior: I want to learn" in page
    assert "Mentor: I will share what I know" not in page
    assert "Mentee: I want to learn" not in page


def test_a_reverse_program_still_speaks_of_mentors_and_mentees(client, cast):
    program = open_program(Program.Status.ENROLLING, kind=Program.Kind.REVERSE)
    client.force_login(cast.juno)
    page = client.get(reverse("programs:join", args=[program.slug])).content.decode()
    assert "Mentor: I will share what I know" in page and "Mentee: I want to learn" in page
    assert "Junior: I will present" not in page
