"""Sides, topics and the presenters' turns, without the database."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from twoway.circles.rules import (
    OPEN_TOPIC,
    presenter_turns,
    session_topic,
    sides_for,
)

JUNIOR, SENIOR = "junior", "senior"


TOPICS = ("Getting to know each other", "Digital tools", "What we take away")


def test_topics_follow_the_list_then_the_circle_chooses():
    assert session_topic(TOPICS, 1) == "Getting to know each other"
    assert session_topic(TOPICS, 3) == "What we take away"
    assert session_topic(TOPICS, 4) == OPEN_TOPIC
    assert session_topic(["  A  topic ", "", "A topic", "B"], 2) == "B"


def test_mentees_are_seniors_mentors_juniors_and_the_rest_go_by_level():
    sides = sides_for(
        [(1, "mentee", 2), (2, "mentor", 9), (3, "both", 8), (4, "", 3), (5, "", None)]
    )
    assert sides == {1: SENIOR, 2: JUNIOR, 3: SENIOR, 4: JUNIOR, 5: JUNIOR}


def test_a_junior_presents_first_then_the_sides_alternate():
    members = [(1, JUNIOR), (2, JUNIOR), (3, JUNIOR), (10, SENIOR), (11, SENIOR), (12, SENIOR)]
    turns = presenter_turns(members, 8)
    assert [t.person_id for t in turns] == [1, 10, 2, 11, 3, 12, 1, 10]
    assert [t.side for t in turns[:6]] == [JUNIOR, SENIOR] * 3


def test_turns_carry_on_from_the_sessions_before():
    members = [(1, JUNIOR), (2, JUNIOR), (10, SENIOR), (11, SENIOR)]
    turns = presenter_turns(members, 2, presented={1: 1, 10: 1}, last_side=SENIOR)
    assert [t.person_id for t in turns] == [2, 11]


@given(
    juniors=st.integers(min_value=0, max_value=6),
    seniors=st.integers(min_value=0, max_value=6),
    count=st.integers(min_value=0, max_value=30),
)
def test_everyone_presents_once_before_anyone_presents_twice(juniors, seniors, count):
    members = [(i, JUNIOR) for i in range(juniors)] + [(100 + i, SENIOR) for i in range(seniors)]
    turns = presenter_turns(members, count)
    if not members:
        assert turns == []
        return
    assert len(turns) == count
    seen: Counter[int] = Counter()
    for turn in turns:
        assert seen[turn.person_id] == min(seen[pid] for pid, _side in members)
        seen[turn.person_id] += 1
    # In the first round the side changes whenever the other side has someone waiting.
    first = turns[: len(members)]
    for index in range(1, len(first)):
        done = {turn.person_id for turn in first[:index]}
        other = {side for pid, side in members if pid not in done} - {first[index - 1].side}
        if other:
            assert first[index].side != first[index - 1].side
