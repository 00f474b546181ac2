"""``pairs.reasons``: why two people were paired, said to the reader about themself."""

from twoway.pairs.reasons import pair_sentences, reverse_gap_sentence
from twoway.programs.models import Program

REASONS = {
    "teaches": [
        {"skill": "LinkedIn for leaders", "teacher_level": 5, "learner_level": 1},
        {"skill": "AI tools", "teacher_level": 3, "learner_level": 1},
    ],
    "teaches_back": [{"skill": "Negotiation", "teacher_level": 4, "learner_level": 2}],
    "crossed": ["department", "generation"],
}


def _to(reader, reasons=REASONS, **kwargs):
    return pair_sentences(
        mentor="Maya Chen",
        mentee="Richard Hale",
        reasons=reasons,
        audience="participant",
        reader=reader,
        **kwargs,
    )


def test_the_mentor_reads_what_they_teach_and_learn_in_the_second_person():
    assert _to("mentor") == [
        "You can teach Richard LinkedIn for leaders: you rated yourself 5 · expert, "
        "Richard 1 · new to it; also AI tools.",
        "Richard can teach you Negotiation: Richard rated 4 · strong, you rated yourself "
        "2 · basics.",
        "You and Richard come from a different department.",
    ]


def test_the_mentee_reads_the_same_reasons_from_their_side():
    assert _to("mentee") == [
        "You can teach Maya Negotiation: you rated yourself 4 · strong, Maya 2 · basics.",
        "Maya can teach you LinkedIn for leaders: Maya rated 5 · expert, you rated yourself "
        "1 · new to it; also AI tools.",
        "You and Maya come from a different department.",
    ]


def test_skill_names_keep_their_catalogue_casing_and_nobody_is_he_or_she():
    text = " ".join(_to("mentor") + _to("mentee"))
    assert "linkedIn" not in text and "LinkedIn for leaders" in text
    assert "Richard Hale" not in text and "Maya Chen" not in text  # first names only
    for pronoun in (" he ", " she ", " him ", " her ", "himself", "herself"):
        assert pronoun not in f" {text} "


def test_managers_keep_the_third_person_and_camel_case_names_are_not_lowered():
    sentences = pair_sentences(mentor="Maya", mentee="Richard", reasons=REASONS)
    assert sentences[0].startswith("Maya can teach Richard LinkedIn for leaders — Maya is at 5")
    assert sentences[1].startswith("Richard can teach back negotiation")
    assert sentences[2] == "Crosses department and generation."


def test_a_pair_without_topics_is_told_it_fits_the_rules():
    assert _to("mentee", reasons={}) == [
        "You and Maya fit the program's rules and each other's availability."
    ]


def test_a_reverse_pair_where_the_junior_teaches_nothing_says_so_to_everyone():
    reverse = Program(kind=Program.Kind.REVERSE)
    only_back = {"teaches_back": REASONS["teaches_back"]}
    assert reverse_gap_sentence(reverse, only_back, mentor="Maya Chen") == (
        "In this pair the junior (Maya Chen, the mentor) teaches nothing, so it is not "
        "reverse mentoring as the program intends."
    )
    assert "you, the junior, teach nothing" in _to("mentor", only_back, program=reverse)[-1]
    mentee_reads = _to("mentee", only_back, program=reverse)[-1]
    assert mentee_reads.startswith("In this pair Maya, the junior, teaches you nothing")
    assert "not reverse mentoring as the program intends" in mentee_reads
    manager_reads = pair_sentences(
        mentor="Maya Chen", mentee="Richard Hale", reasons=only_back, program=reverse
    )
    assert manager_reads[-1].startswith("In this pair the junior (Maya Chen, the mentor)")


def test_no_gap_is_named_when_the_junior_teaches_or_the_program_is_not_reverse():
    reverse = Program(kind=Program.Kind.REVERSE)
    assert reverse_gap_sentence(reverse, REASONS) == ""
    assert reverse_gap_sentence(Program(kind=Program.Kind.MUTUAL), {}) == ""
    assert not any("reverse mentoring" in s for s in _to("mentor", program=reverse))
