import pytest

from twoway.core.models import AuditEvent
from twoway.pairs.models import Agreement
from twoway.pairs.services import AgreementError
from twoway.pairs.tests.agreements import edit


def test_a_partner_writes_their_goals_and_makes_a_new_version(agreement, published):
    after = edit(
        agreement,
        published.sterling,
        1,
        mentee_goals="Understand how short videos reach customers.",
    )
    assert after.version == 2
    assert after.mentee_goals.startswith("Understand")
    assert after.edited_by == published.sterling
    event = AuditEvent.objects.get(action="agreement.update")
    assert event.before == {"version": 1, "parts": ["mentee_goals"]}


def test_an_edit_on_a_stale_version_is_refused_and_nothing_is_lost(agreement, published):
    # Both open version 1; Juno saves first, Sterling second.
    edit(agreement, published.juno, 1, mentor_goals="Learn to negotiate a budget.")
    with pytest.raises(AgreementError, match="Juno Park changed the agreement after you opened"):
        edit(agreement, published.sterling, 1, mentor_goals="Something else entirely.")
    saved = Agreement.objects.get(pk=agreement.pk)
    assert saved.version == 2 and saved.mentor_goals == "Learn to negotiate a budget."


def test_saving_the_same_text_makes_no_new_version(agreement, published):
    same = edit(agreement, published.juno, 1, cadence=agreement.cadence)
    assert same.version == 1
    assert not AuditEvent.objects.filter(action="agreement.update").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"salary": "x"}, "no part called salary"),
        ({"conduct": "x" * 4001}, "at most 4000 fit"),
    ],
)
def test_unknown_parts_and_overlong_text_are_refused(agreement, published, changes, message):
    with pytest.raises(AgreementError, match=message):
        edit(agreement, published.juno, 1, **changes)
    assert Agreement.objects.get(pk=agreement.pk).version == 1


def test_only_the_two_partners_can_edit(agreement, published):
    with pytest.raises(AgreementError, match="Only the two partners"):
        edit(agreement, published.maya, 1, mentor_goals="Not mine to write.")
