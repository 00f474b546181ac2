from twoway.pairs.services import CONDUCT, CONFIDENTIALITY, ENDING, agreement_defaults
from twoway.testing.factories import ProgramFactory


def test_the_standard_template_follows_the_programs_rhythm(db):
    program = ProgramFactory(planned_sessions=8, session_minutes=45, weeks_between_sessions=2,
                             code_of_conduct="")  # fmt: skip
    defaults = agreement_defaults(program)
    assert defaults["cadence"] == "8 sessions of 45 minutes, every 2 weeks."
    assert defaults["confidentiality"] == CONFIDENTIALITY
    assert defaults["conduct"] == CONDUCT and defaults["ending"] == ENDING


def test_the_program_writes_its_own_parts(db):
    program = ProgramFactory(
        code_of_conduct="Be kind.",
        agreement_template={"confidentiality": "Chatham House.", "nonsense": "ignored"},
    )
    defaults = agreement_defaults(program)
    assert defaults["conduct"] == "Be kind."
    assert defaults["confidentiality"] == "Chatham House."
    assert "nonsense" not in defaults and defaults["ending"] == ENDING
