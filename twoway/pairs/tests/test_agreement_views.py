from django.urls import reverse

from twoway.pairs.models import Agreement
from twoway.pairs.tests.agreements import edit


def form_data(agreement, **changes):
    return agreement.content() | {"seen_version": agreement.version} | changes


def test_a_partner_edits_the_agreement_on_its_page(agreement, cast, client):
    client.force_login(cast.juno)
    url = reverse("pairs:agreement_edit", kwargs={"uuid": agreement.pair.uuid})
    assert "What Juno (mentor) wants to learn" in client.get(url).content.decode()
    response = client.post(
        url, form_data(agreement, mentor_goals="Negotiate\nPresent to the board")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.version == 2 and agreement.mentor_goals == "Negotiate\nPresent to the board"


def test_an_edit_on_a_stale_version_is_refused_and_the_text_typed_is_kept(
    agreement, published, cast, client
):
    opened = form_data(agreement)
    edit(agreement, published.sterling, 1, mentee_goals="Understand short-form video")
    client.force_login(cast.juno)
    url = reverse("pairs:agreement_edit", kwargs={"uuid": agreement.pair.uuid})
    response = client.post(url, opened | {"mentor_goals": "My careful long paragraph"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Sterling Hayes changed the agreement after you opened it" in page
    assert "My careful long paragraph" in page  # what Juno typed is still in the form
    assert "Understand short-form video" in page  # and the current version is shown
    agreement.refresh_from_db()
    assert agreement.version == 2 and agreement.mentor_goals == ""
    # Saving again from that page takes the current version and keeps both changes.
    response = client.post(url, form_data(agreement, mentor_goals="My careful long paragraph"))
    agreement.refresh_from_db()
    assert response.status_code == 302 and agreement.version == 3
    assert agreement.mentee_goals == "Understand short-form video"


def test_both_sign_from_the_pair_page(agreement, published, cast, client):
    url = reverse("pairs:sign", kwargs={"uuid": agreement.pair.uuid})
    for user in (cast.juno, cast.sterling):
        client.force_login(user)
        assert client.post(url, {"seen_version": 1}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_signed and agreement.versions.count() == 1
    page = client.get(reverse("home:pair", kwargs={"uuid": agreement.pair.uuid})).content
    assert "Signed by both · version 1" in page.decode()


def test_the_manager_sees_where_it_stands_not_what_it_says(agreement, published, cast, client):
    edit(agreement, published.juno, 1, mentor_goals="Get over my fear of the CEO")
    client.force_login(cast.priya)
    page = client.get(reverse("home:pair", kwargs={"uuid": agreement.pair.uuid})).content
    page = page.decode()
    assert "Get over my fear" not in page and "not signed" in page
    edit_url = reverse("pairs:agreement_edit", kwargs={"uuid": agreement.pair.uuid})
    read_url = reverse("pairs:agreement", kwargs={"uuid": agreement.pair.uuid})
    assert client.get(edit_url).status_code == 404 and client.get(read_url).status_code == 404
    assert client.post(edit_url, {"seen_version": 2, "mentor_goals": "x"}).status_code == 404
    assert Agreement.objects.get(pk=agreement.pk).mentor_goals == "Get over my fear of the CEO"


def test_strangers_cannot_sign(agreement, cast, client, morgan):
    for user in (morgan, cast.otto, cast.priya):
        client.force_login(user)
        url = reverse("pairs:sign", kwargs={"uuid": agreement.pair.uuid})
        assert client.post(url, {"seen_version": 1}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.mentor_signed is None and agreement.mentee_signed is None
