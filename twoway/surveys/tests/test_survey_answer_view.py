"""The survey page, as a browser uses it: radios and a textarea, sent back as
the browser would send them; only the survey's own person sees it."""

from urllib.parse import urlencode

from django.urls import reverse

from tests.site.browser_form import Form, form_find
from twoway.surveys.models import Survey, SurveyAnswer

COMMENT = "More time to prepare.\nAnd a quiet room."


def choose(form: Form, name: str, value: str) -> None:
    """Tick the radio ``name`` = ``value``, or type ``value`` into the textarea ``name``."""
    controls = [c for c in form.controls if c.name == name]
    assert controls, f"no control named {name}"
    for control in controls:
        if control.tag == "textarea":
            control.text = value
        elif control.attrs.get("value") == value:
            control.attrs["checked"] = ""
        else:
            control.attrs.pop("checked", None)


def post(client, url: str, form: Form, button: str = "answer"):
    submitter = next(c for c in form.controls if c.name == "action" and c.attrs["value"] == button)
    return client.post(
        url,
        data=urlencode(form.submission(submitter)),
        content_type="application/x-www-form-urlencoded",
    )


def url_of(survey: Survey) -> str:
    return reverse("surveys:answer", kwargs={"uuid": survey.uuid})


def test_the_page_says_who_sees_what_and_cites_the_scale(baseline, cast, client):
    client.force_login(cast.juno)
    page = client.get(url_of(baseline)).content.decode()
    assert "with at least 4 other people's (5 people in all), never with your name" in page
    assert "Your partner does not see them" in page
    assert "only once at least 5 people have answered" in page
    assert "About these questions" in page and "General Evaluation Scale" in page
    assert "Wright, S. C., Aron, A., McLaughlin-Volpe, T. &amp; Ropp, S. A. (1997)" in page
    assert "Before you start with Sterling Hayes" in page


def test_the_page_follows_the_setting(baseline, cast, client, settings):
    settings.REPORT_MIN_GROUP_SIZE = 8
    client.force_login(cast.juno)
    page = client.get(url_of(baseline)).content.decode()
    assert "at least 7 other people's (8 people in all)" in page


def test_a_browser_round_trip_stores_the_answers(baseline, cast, csrf_client):
    csrf_client.force_login(cast.juno)
    url = url_of(baseline)
    form = form_find(csrf_client.get(url).content.decode(), action="")
    names = {c.name for c in form.controls if c.kind == "radio"}
    assert {"goals_confidence", "ges_cold_warm", "ges_disgust_admiration"} <= names
    assert "recommend" not in names and "goals_reached" not in names  # closing only
    choose(form, "goals_confidence", "4")
    choose(form, "ges_hostile_friendly", "6")
    choose(form, "comment", COMMENT)

    response = post(csrf_client, url, form)

    assert response.status_code == 302 and response.url == reverse("home")
    baseline.refresh_from_db()
    assert baseline.answered_at is not None
    answers = {a.question_key: (a.value, a.text) for a in SurveyAnswer.objects.all()}
    assert answers == {
        "goals_confidence": (4, ""),
        "ges_hostile_friendly": (6, ""),
        "comment": (None, COMMENT),  # the browser's CR LF made plain again
    }
    page = csrf_client.get(url).content.decode()
    assert "You answered this survey on" in page and "survey-form" not in page


def test_sending_it_unchanged_answers_nothing_but_counts_as_answered(baseline, cast, csrf_client):
    csrf_client.force_login(cast.juno)
    url = url_of(baseline)
    form = form_find(csrf_client.get(url).content.decode(), action="")
    assert post(csrf_client, url, form).status_code == 302
    baseline.refresh_from_db()
    assert baseline.answered_at is not None and not SurveyAnswer.objects.exists()


def test_a_double_submit_is_refused_kindly_and_stores_once(baseline, cast, csrf_client):
    csrf_client.force_login(cast.juno)
    url = url_of(baseline)
    form = form_find(csrf_client.get(url).content.decode(), action="")
    choose(form, "goals_confidence", "2")
    post(csrf_client, url, form)
    choose(form, "goals_confidence", "5")

    again = post(csrf_client, url, form)

    assert again.status_code == 302 and again.url == url
    page = csrf_client.get(url).content.decode()
    assert "You have already answered this survey. Thank you!" in page
    assert list(SurveyAnswer.objects.values_list("value", flat=True)) == [2]


def test_declining_is_a_button_of_the_same_form(baseline, cast, csrf_client):
    csrf_client.force_login(cast.juno)
    url = url_of(baseline)
    form = form_find(csrf_client.get(url).content.decode(), action="")
    choose(form, "goals_confidence", "2")
    assert post(csrf_client, url, form, button="decline").status_code == 302
    baseline.refresh_from_db()
    assert baseline.declined_at is not None and not SurveyAnswer.objects.exists()


def test_a_value_no_radio_offers_shows_the_form_again(baseline, cast, client):
    client.force_login(cast.juno)
    response = client.post(url_of(baseline), {"goals_confidence": "9", "action": "answer"})
    assert response.status_code == 200 and "field-invalid" in response.content.decode()
    baseline.refresh_from_db()
    assert baseline.answered_at is None


def test_everybody_else_gets_404_and_anonymous_the_login(baseline, cast, client, morgan):
    url = url_of(baseline)
    assert client.get(url).status_code == 302
    for user in (cast.sterling, cast.priya, cast.ada, cast.otto, morgan):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"action": "decline"}).status_code == 404, user
    baseline.refresh_from_db()
    assert baseline.declined_at is None
    client.force_login(cast.juno)
    assert client.get("/surveys/00000000-0000-0000-0000-000000000000/").status_code == 404
