import datetime as dt

from django.urls import reverse

from twoway.demo.insights_demo import PILOT, demo_insights
from twoway.insights.models import Insight, InsightAction
from twoway.programs.models import Program


def test_the_demo_pilot_has_insights_in_every_status(client, cast, published):
    Program.objects.filter(pk=published.program.pk).update(name=PILOT)
    raised = demo_insights(seed=7, today=dt.date(2026, 6, 1), manager=cast.priya, sponsor=cast.sol)
    assert raised == Insight.objects.count() == 11
    assert set(InsightAction.objects.values_list("status", flat=True)) == set(
        InsightAction.Status.values
    )
    assert Insight.objects.filter(anonymous=True).exists()
    assert Insight.objects.filter(action__isnull=True).count() == 2
    client.force_login(cast.juno)
    html = client.get(reverse("insights:you_said_we_did")).content.decode()
    assert "Done: The board pack is now an online dashboard" in html
    assert "We won&#x27;t do this, because" in html


def test_without_the_pilot_it_raises_nothing(cast):
    assert demo_insights(seed=1, today=dt.date(2026, 6, 1), manager=cast.priya, sponsor=None) == 0
