from twoway.core.models import AuditEvent
from twoway.pairs.models import Agreement, Pair
from twoway.pairs.services import agreement_create, pair_create


def test_published_pairs_start_from_the_programs_cadence_and_the_standard_terms(published):
    agreement = Pair.objects.get(mentor=published.juno).agreement
    assert agreement.version == 1
    assert agreement.cadence == "6 sessions of 60 minutes, every 3 weeks."
    assert "stays between us" in agreement.confidentiality
    assert agreement.mentor_goals == agreement.mentee_goals == ""
    assert not agreement.is_signed
    assert Agreement.objects.count() == Pair.objects.count() == 2


def test_a_pair_made_one_by_one_gets_its_agreement_too(pilot, cast):
    pair = pair_create(
        actor=cast.priya,
        program=pilot.program,
        mentor=pilot.maya,
        mentee=pilot.richard,
        origin=Pair.Origin.SELF_MATCH,
    )
    assert pair.agreement.cadence.startswith("6 sessions")
    assert AuditEvent.objects.filter(action="agreement.create").count() == 1


def test_creating_again_returns_the_same_agreement(published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    assert agreement_create(actor=cast.priya, pair=pair).pk == pair.agreement.pk
    assert Agreement.objects.filter(pair=pair).count() == 1
