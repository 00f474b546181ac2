from datetime import timedelta

from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting
from twoway.meetings.progress import pair_health_update
from twoway.pairs.models import Pair
from twoway.pairs.tests.agreements import sign


def cancelled(pair, side, days_ago):
    return Meeting.objects.create(
        pair=pair,
        starts_at=timezone.now() - timedelta(days=days_ago),
        time_zone="Europe/London",
        status=Meeting.Status.CANCELLED,
        cancelled_side=side,
    )


def test_a_pair_is_new_until_both_sign_then_active(agreement, published):
    pair = agreement.pair
    assert pair.status == Pair.Status.NEW
    sign(agreement, published.juno, 1)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.NEW and pair.signed_at is None
    sign(agreement, published.sterling, 1)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.signed_at is not None


def test_a_cancelled_streak_turns_a_pair_at_risk_and_says_why(agreement, published):
    sign(agreement, published.juno, 1)
    sign(agreement, published.sterling, 1)
    pair = Pair.objects.get(pk=agreement.pair_id)
    cancelled(pair, "mentee", 10)
    cancelled(pair, "mentee", 3)
    assert pair_health_update(pairs=[pair]) == 1
    pair.refresh_from_db()
    assert pair.status == Pair.Status.AT_RISK
    assert pair.risk_reasons == ["The mentee cancelled the last two meetings"]
    events = AuditEvent.objects.filter(action="pair.health", subject_id=str(pair.uuid))
    assert list(events.order_by("id").values_list("before__status", "after__status")) == [
        ("new", "active"),
        ("active", "at_risk"),
    ]
    # Nothing changed since: a second run writes nothing.
    assert pair_health_update(pairs=[pair]) == 0


def test_pairs_that_ended_or_completed_are_left_alone(agreement):
    pair = agreement.pair
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ENDED)
    pair.refresh_from_db()
    cancelled(pair, "mentor", 3)
    cancelled(pair, "mentor", 1)
    assert pair_health_update(pairs=[pair]) == 0
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED
