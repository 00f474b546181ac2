from twoway.matching.reasons import unmatched_sentence
from twoway.pairs.reasons import pair_sentences

REASONS = {
    "teaches": [
        {"skill": "Short-form video for business", "teacher_level": 4, "learner_level": 1},
        {"skill": "AI tools", "teacher_level": 3, "learner_level": 1},
    ],
    "teaches_back": [{"skill": "Negotiation", "teacher_level": 5, "learner_level": 2}],
    "crossed": ["department", "generation"],
}


def test_pair_reasons_read_as_sentences_with_names():
    assert pair_sentences(mentor="Maya", mentee="Richard", reasons=REASONS) == [
        "Maya can teach Richard short-form video for business — Maya is at 4, Richard at 1; "
        "also AI tools.",
        "Richard can teach back negotiation — Richard is at 5, Maya at 2.",
        "Crosses department and generation.",
    ]


def test_participants_are_not_told_about_lines_from_self_descriptions():
    sentences = pair_sentences(
        mentor="Maya", mentee="Richard", reasons=REASONS, audience="participant"
    )
    assert sentences[-1] == "Crosses department."
    only_private = REASONS | {"crossed": ["gender"]}
    assert not any(
        "gender" in s
        for s in pair_sentences(
            mentor="Maya", mentee="Richard", reasons=only_private, audience="participant"
        )
    )


def test_a_pair_without_topics_still_gets_a_reason():
    assert pair_sentences(mentor="A", mentee="B", reasons={}) == [
        "A and B fit the program's rules and each other's availability."
    ]


def test_unmatched_reasons_name_the_rules_with_their_counts():
    sentence = unmatched_sentence(
        "constraint", {"reporting_line": 12, "min_level_gap": 30, "same_person": 1}
    )
    assert sentence == (
        "every possible partner is below the level gap (30) or in their reporting line (12)"
    )
    assert unmatched_sentence("constraint", {"must_differ:department": 4}) == (
        "every possible partner is in the same department (4)"
    )
    assert unmatched_sentence("capacity") == (
        "had possible partners, but each was a better fit for someone else"
    )
