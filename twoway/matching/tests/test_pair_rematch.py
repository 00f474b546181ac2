import pytest
from django.urls import reverse

from twoway.matching.services.rematch import pair_rematch
from twoway.pairs.models import Pair
from twoway.pairs.services import PairError, pair_end
from twoway.testing.factories import enroll, person


@pytest.fixture
def ended(published, cast):
    """Juno ended the pair with Sterling; Noor is a mentor with room who teaches video."""
    pair = Pair.objects.get(mentor=published.juno)
    pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="No time.")
    noor = person("Noor Okafor", login=True, level=2, department="Design")
    enroll(published.program, noor, "mentor", teach=[(published.video, 3)])
    return pair, noor


def test_the_manager_sees_suggestions_without_the_partner_who_left(ended, published, cast, client):
    ended, _noor = ended
    client.force_login(cast.priya)
    page = client.get(reverse("matching:rematch", kwargs={"uuid": ended.uuid})).content.decode()
    assert "A new mentor for Sterling Hayes" in page
    assert "Noor Okafor" in page
    assert "Juno Park" not in page.split("<main")[1].split("Re-match")[-1]


def test_rematching_creates_a_new_pair_from_the_engines_verdict(ended, published, cast, client):
    ended, noor = ended
    client.force_login(cast.priya)
    url = reverse("matching:rematch", kwargs={"uuid": ended.uuid})
    response = client.post(url, {"partner": str(noor.uuid)})
    new = Pair.objects.get(mentor=noor)
    assert response.status_code == 302 and response.url == reverse(
        "home:pair", kwargs={"uuid": new.uuid}
    )
    assert new.mentee == published.sterling and new.origin == Pair.Origin.REMATCH
    assert new.previous == ended and new.score and new.reasons["teaches"]
    assert new.agreement.version == 1
    with pytest.raises(PairError, match="already been re-matched"):
        pair_rematch(actor=cast.priya, pair=ended, partner=published.maya)


def test_the_partner_who_left_and_people_not_enrolled_cannot_be_chosen(ended, published, cast):
    ended, _noor = ended
    with pytest.raises(PairError, match="left this pair"):
        pair_rematch(actor=cast.priya, pair=ended, partner=published.juno)
    outsider = person("Olu Bello", level=2)
    with pytest.raises(PairError, match="not both enrolled"):
        pair_rematch(actor=cast.priya, pair=ended, partner=outsider)
    assert not Pair.objects.filter(origin=Pair.Origin.REMATCH).exists()


def test_only_the_programs_managers_rematch(ended, published, cast, client, morgan):
    ended, noor = ended
    for user in (morgan, cast.juno, cast.sterling):
        client.force_login(user)
        url = reverse("matching:rematch", kwargs={"uuid": ended.uuid})
        assert client.post(url, {"partner": str(noor.uuid)}).status_code == 404
    assert not Pair.objects.filter(mentor=noor).exists()


def test_a_live_pair_cannot_be_rematched(published, cast):
    pair = Pair.objects.get(mentor=published.maya)
    with pytest.raises(PairError, match="Only a pair that one partner ended"):
        pair_rematch(actor=cast.priya, pair=pair, partner=published.juno)
