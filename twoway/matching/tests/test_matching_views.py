"""Who may open which matching page, and what the review pages show."""

import pytest
from django.urls import reverse

from twoway.core.models import RoleGrant
from twoway.matching.models import MatchRun
from twoway.matching.services.runs import match_run_create
from twoway.people.models import OrgUnit
from twoway.testing.factories import enroll, matching_program, person, run_now
from twoway.testing.queries import queries_for


@pytest.fixture
def run(pilot, cast):
    return run_now(pilot.program, actor=cast.priya)


def manager_urls(run):
    slug, uuid = run.program.slug, run.uuid
    proposal = run.proposals.first().uuid
    run_kwargs = {"slug": slug, "uuid": uuid}
    return [
        ("get", reverse("matching:overview", kwargs={"slug": slug})),
        ("post", reverse("matching:run_create", kwargs={"slug": slug})),
        ("get", reverse("matching:run", kwargs=run_kwargs)),
        ("get", reverse("matching:run_progress", kwargs=run_kwargs)),
        ("get", reverse("matching:fairness", kwargs=run_kwargs)),
        ("get", reverse("matching:unmatched", kwargs=run_kwargs)),
        ("post", reverse("matching:decide", kwargs=run_kwargs | {"proposal": proposal})),
        ("post", reverse("matching:swap", kwargs=run_kwargs)),
        ("post", reverse("matching:share", kwargs=run_kwargs)),
        ("post", reverse("matching:publish", kwargs=run_kwargs)),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, run):
    for method, url in manager_urls(run):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_manager_of_another_program_gets_404_on_every_matching_page(client, run, morgan):
    client.force_login(morgan)
    for method, url in manager_urls(run):
        assert getattr(client, method)(url, {"action": "lock"}).status_code == 404, url
    assert MatchRun.objects.count() == 1


def test_participants_and_outsiders_get_404_on_manager_pages(client, run, cast):
    for user in (cast.juno, cast.sterling, cast.otto, cast.sol):
        client.force_login(user)
        for method, url in manager_urls(run):
            assert getattr(client, method)(url).status_code == 404, (user, url)


def test_a_run_of_another_program_is_not_found_under_this_one(client, run, cast, morgan):
    other = MatchRun.objects.create(program=morgan.role_grants.get().program)
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": run.program.slug, "uuid": other.uuid})
    assert client.get(url).status_code == 404


def test_review_page_shows_pairs_with_reasons_in_words(client, run, cast):
    client.force_login(cast.priya)
    response = client.get(
        reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": run.uuid})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Juno Park can teach Sterling Hayes short-form video for business — "
        "Juno Park is at 4, Sterling Hayes at 1." in page
    )
    assert "Sterling Hayes can teach back negotiation" in page
    assert "Crosses department" in page
    assert "Publish 2 pairs" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: nothing to poll


def test_review_page_filters_by_name_department_and_score(client, run, cast):
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": run.uuid})

    assert "Maya Chen" not in client.get(url, {"q": "juno"}).content.decode()
    assert "Maya Chen" not in client.get(url, {"fit_below": "1"}).content.decode()
    executive = OrgUnit.objects.get(path="Executive")
    page = client.get(url, {"department": str(executive.uuid)}).content.decode()
    assert "Richard Hale" in page and "Sterling Hayes" not in page


def test_review_page_queries_do_not_grow_with_the_page(client, run, pilot, cast):
    def url_of(run):
        return reverse("matching:run", kwargs={"slug": run.program.slug, "uuid": run.uuid})

    client.force_login(cast.priya)
    few = queries_for(client, url_of(run))
    larger = matching_program(name="Larger pilot", slug="larger-pilot")
    for i in range(12):
        enroll(larger, person(f"Men Tor{i}", level=2), "mentor", teach=[(pilot.ai, 4)])
        enroll(larger, person(f"Men Tee{i}", level=9), "mentee", learn=[(pilot.ai, 1)])
    many = run_now(larger, actor=cast.priya)
    assert (run.proposals.count(), many.proposals.count()) == (2, 12)
    assert queries_for(client, url_of(many)) == few


def test_progress_partial_polls_while_running_and_reloads_when_done(client, pilot, cast):
    queued = match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    client.force_login(cast.priya)
    url = reverse("matching:run_progress", kwargs={"slug": "reverse-pilot", "uuid": queued.uuid})

    response = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.content.decode()
    assert "HX-Refresh" not in response

    MatchRun.objects.filter(pk=queued.pk).update(status="running", phase="solve", percent=42)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert "Finding the best set of pairs · 42%" in response.content.decode()

    MatchRun.objects.filter(pk=queued.pk).update(status="succeeded", percent=100)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_run_page_without_javascript_offers_a_refresh_link_while_running(client, pilot, cast):
    queued = match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": queued.uuid})
    page = client.get(url).content.decode()
    assert f'href="{url}">Refresh</a>' in page


def test_starting_a_run_from_the_page_redirects_to_it(
    client, pilot, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.priya)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:run_create", kwargs={"slug": "reverse-pilot"}),
            {"weight_teach": "2", "weight_teach_back": "0.5"},
        )
    run = MatchRun.objects.get()
    assert response["Location"] == reverse(
        "matching:run", kwargs={"slug": "reverse-pilot", "uuid": run.uuid}
    )
    assert run.settings["weights"]["teach"] == 2
    assert run.status == MatchRun.Status.SUCCEEDED


def test_starting_a_run_with_a_bad_weight_starts_nothing(client, pilot, cast):
    client.force_login(cast.priya)
    response = client.post(
        reverse("matching:run_create", kwargs={"slug": "reverse-pilot"}), {"weight_teach": "-3"}
    )
    assert response.status_code == 302
    assert not MatchRun.objects.exists()


def test_overview_lists_runs_and_the_start_buttons(client, run, cast):
    client.force_login(cast.priya)
    page = client.get(
        reverse("matching:overview", kwargs={"slug": "reverse-pilot"})
    ).content.decode()
    assert "Run again" in page and "Dry run" in page
    assert reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": run.uuid}) in page


def test_fairness_and_unmatched_pages_render(client, run, cast):
    client.force_login(cast.priya)
    kwargs = {"slug": "reverse-pilot", "uuid": run.uuid}
    fairness = client.get(reverse("matching:fairness", kwargs=kwargs)).content.decode()
    assert "By department" in fairness and "fewer than 5" in fairness
    unmatched = client.get(reverse("matching:unmatched", kwargs=kwargs))
    assert unmatched.status_code == 200
    assert "Everyone has a partner" in unmatched.content.decode()


def test_overview_shows_a_run_started_from_the_command_line(client, pilot, cast):
    run_now(pilot.program, actor=None)
    client.force_login(cast.priya)
    page = client.get(reverse("matching:overview", kwargs={"slug": "reverse-pilot"}))
    assert page.status_code == 200
    assert "command line" in page.content.decode()
    run = MatchRun.objects.get()
    detail = client.get(reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": run.uuid}))
    assert detail.status_code == 200


def participant_urls(run):
    slug = run.program.slug
    proposal = run.proposals.first().uuid
    request = "00000000-0000-0000-0000-000000000001"
    return [
        ("get", reverse("matching:preview", kwargs={"slug": slug})),
        ("post", reverse("matching:opt_out", kwargs={"slug": slug, "proposal": proposal})),
        ("get", reverse("matching:suggestions", kwargs={"slug": slug})),
        ("get", reverse("matching:requests", kwargs={"slug": slug})),
        ("post", reverse("matching:request_send", kwargs={"slug": slug})),
        (
            "post",
            reverse(
                "matching:request_decide",
                kwargs={"slug": slug, "uuid": request, "action": "accept"},
            ),
        ),
    ]


def test_participant_pages_send_anonymous_visitors_to_log_in(client, run):
    for method, url in participant_urls(run):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_participant_pages_are_not_found_for_a_manager_of_another_program(client, run, morgan):
    client.force_login(morgan)
    for method, url in participant_urls(run):
        assert getattr(client, method)(url).status_code == 404, url


def test_participant_pages_are_not_found_for_people_outside_the_program(client, run, cast):
    client.force_login(cast.ada.person.user)  # an administrator with a person, not enrolled
    RoleGrant.objects.filter(user=cast.ada).delete()
    for method, url in participant_urls(run):
        assert getattr(client, method)(url).status_code == 404, url
