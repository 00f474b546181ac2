"""The weights of a run as labelled choices ("Matters a lot" ...), sent back the
way a browser sends the form: unchanged keeps every weight (a custom one too),
a changed choice sends its number."""

import re

import pytest
from django.urls import reverse

from tests.site.browser_form import Form, forms_parse
from twoway.matching.models import MatchRun
from twoway.testing.factories import matching_program


@pytest.fixture
def program(cast):
    return matching_program(
        name="Weighted",
        slug="weighted",
        weight_teach=1.0,
        weight_teach_back=0.5,
        weight_crossing=0.0,
        weight_level_gap=0.2,
        weight_availability=0.35,  # no label has it
        weight_time_zone=0.2,
    )


def _weights_form(html: str) -> Form:
    found = [f for f in forms_parse(html) if any(c.name == "weight_teach" for c in f.controls)]
    assert len(found) == 1
    return found[0]


def _choose(form: Form, name: str, value: str) -> None:
    select = next(c for c in form.controls if c.name == name)
    assert value in [o.value for o in select.options], value
    for option in select.options:
        option.selected = option.value == value


def _selected_label(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    option = re.search(r'<option value="[^"]*" selected>([^<]*)</option>', select.group(1))
    assert option, name
    return option.group(1).replace("&#x27;", "'")


def test_each_weight_shows_its_label_and_a_custom_one_says_custom(client, cast, program):
    client.force_login(cast.priya)
    html = client.get(reverse("matching:overview", kwargs={"slug": "weighted"})).content.decode()
    assert _selected_label(html, "weight_teach") == "Matters a lot"
    assert _selected_label(html, "weight_teach_back") == "Matters some"
    assert _selected_label(html, "weight_crossing") == "Doesn't matter"
    assert _selected_label(html, "weight_level_gap") == "Matters a little"
    assert _selected_label(html, "weight_availability") == "Custom (0.35)"
    assert 'type="number"' not in html.split('class="weights-form"')[1].split("</form>")[0]


def test_sent_back_unchanged_the_run_keeps_every_weight(
    csrf_client, cast, program, django_capture_on_commit_callbacks
):
    csrf_client.force_login(cast.priya)
    url = reverse("matching:overview", kwargs={"slug": "weighted"})
    form = _weights_form(csrf_client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_client.post(form.action, dict(form.submission()))
    assert response.status_code == 302
    assert MatchRun.objects.get().settings["weights"] == program.weights
    assert program.weights["availability"] == 0.35


def test_a_changed_choice_sends_its_number_and_shows_on_the_next_form(
    csrf_client, cast, program, django_capture_on_commit_callbacks
):
    csrf_client.force_login(cast.priya)
    url = reverse("matching:overview", kwargs={"slug": "weighted"})
    form = _weights_form(csrf_client.get(url).content.decode())
    _choose(form, "weight_teach", "0.5")  # Matters some
    _choose(form, "weight_availability", "1.0")  # Matters a lot
    with django_capture_on_commit_callbacks(execute=True):
        csrf_client.post(form.action, dict(form.submission()))
    weights = MatchRun.objects.get().settings["weights"]
    assert (weights["teach"], weights["availability"]) == (0.5, 1.0)
    assert weights["level_gap"] == 0.2

    # The next form starts from the last run: the new labels, no custom left.
    html = csrf_client.get(url).content.decode()
    assert _selected_label(html, "weight_teach") == "Matters some"
    assert _selected_label(html, "weight_availability") == "Matters a lot"
    assert "Custom (" not in html


def test_the_buttons_are_explained_where_they_are(client, cast, program):
    client.force_login(cast.priya)
    html = client.get(reverse("matching:overview", kwargs={"slug": "weighted"})).content.decode()
    assert re.search(r"<dt>Run matching</dt><dd>Proposes pairs for everyone enrolled now", html)
    assert re.search(r"<dt>Dry run</dt><dd>Shows the pairs matching would propose", html)
