"""Open every edit form, send it back unchanged the way a browser would, and find
nothing changed: not a row, not an audit event, not an e-mail.

The submission is built from the page's HTML by ``browser_form`` (what a browser
can read back from each input), not from a hand-written dict.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.urls import resolve, reverse

from tests.site.browser_form import Form, forms_parse
from tests.site.edit_forms import EDIT_FORMS, NOT_EDIT_FORMS, EditForm, url_names
from tests.site.world import world_build
from twoway.core.admin_site import TwowayAdminSite
from twoway.skills.models import SelfAssessment
from twoway.skills.selectors import self_assessment_ratings

# Rows that record a visit, not a change of data.
# Apps whose admin pages show logs, with nothing for a person to edit.
LOG_APPS = {"axes", "django_tasks_database"}
VISIT_MODELS = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def database_state() -> dict[str, dict[str, dict[str, str]]]:
    """Every row of every table by key, as values (encrypted fields decrypted)."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VISIT_MODELS or model._meta.proxy:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        state[label] = {
            repr(key): {name: repr(value) for name, value in zip(names, values, strict=True)}
            for key, *values in model.objects.values_list("pk", *names)
        }
    return state


def state_difference(before: dict, after: dict) -> dict[str, list[str]]:
    """What changed, table by table, in words a failing test can show."""
    changes: dict[str, list[str]] = {}
    for label, rows in before.items():
        now = after[label]
        lines = [f"new row {key}: {now[key]}" for key in now.keys() - rows.keys()]
        lines += [f"row {key} is gone" for key in rows.keys() - now.keys()]
        for key in rows.keys() & now.keys():
            changed = {
                name: f"{value} -> {now[key][name]}"
                for name, value in rows[key].items()
                if value != now[key][name]
            }
            if changed:
                lines.append(f"row {key}: {changed}")
        if lines:
            changes[label] = sorted(lines)
    return changes


def _target(form: Form, page: str) -> str:
    """The URL name a form posts to (its action, or the page itself)."""
    match = resolve(urlsplit(form.action or page).path)
    return match.view_name


def _forms_posting_to(html: str, page: str, target: str) -> list[Form]:
    return [
        form
        for form in forms_parse(html)
        if form.method == "post" and _target(form, page) == target
    ]


def round_trip(client, page: str, index: int, target: str) -> tuple[int, str]:
    """Open ``page``, send its ``index``-th form to ``target`` unchanged."""
    response = client.get(page)
    assert response.status_code == 200, page
    html = response.content.decode()
    form = _forms_posting_to(html, page, target)[index]
    posted = client.post(
        form.action or page,
        data=urlencode(form.submission()),
        content_type="application/x-www-form-urlencoded",
    )
    return posted.status_code, posted.content.decode()


def test_every_url_is_an_edit_form_or_says_why_not():
    classified = set(NOT_EDIT_FORMS) | {form.target for form in EDIT_FORMS}
    assert url_names() - classified == set(), "classify the new URLs in tests/site/edit_forms.py"
    assert classified - url_names() == set(), "these URLs no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDIT_FORMS, ids=lambda edit: edit.target)
def test_an_edit_form_sent_back_unchanged_changes_nothing(edit: EditForm, csrf_client, cast):
    world = world_build(cast)
    csrf_client.force_login(getattr(cast, edit.actor))
    page = edit.page(world)
    html = csrf_client.get(page).content.decode()
    count = len(_forms_posting_to(html, page, edit.target))
    assert count, f"{page} shows no form that posts to {edit.target}"
    for index in range(count):
        mail.outbox.clear()
        before = database_state()
        status, body = round_trip(csrf_client, page, index, edit.target)
        if edit.unchanged_refusal and status == 400:
            assert edit.unchanged_refusal in body, (edit.target, index)
        else:
            assert status < 400, (edit.target, index, status, body[:2000])
        difference = state_difference(before, database_state())
        assert difference == {}, "\n".join(
            [f"{edit.target} form {index} changed:"]
            + [f"  {label}: {line}" for label, lines in difference.items() for line in lines]
        )
        assert [message.subject for message in mail.outbox] == [], (edit.target, index)


def _admin_change_pages(world) -> list[tuple[str, str]]:
    """One change page per model the admin lets an administrator edit."""
    site = admin.site
    assert isinstance(site, TwowayAdminSite)
    pages = []
    for model in site._registry:
        if model._meta.app_label in LOG_APPS:
            continue
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"the world has no {model._meta.label} to edit in the admin"
        meta = model._meta
        pages.append((meta.label, f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"))
    return pages


@pytest.mark.django_db
def test_every_admin_change_form_sent_back_unchanged_changes_nothing(csrf_client, cast):
    world = world_build(cast)
    csrf_client.force_login(cast.ada)
    checked = []
    for label, page in _admin_change_pages(world):
        response = csrf_client.get(page)
        if response.status_code == 403 or b'name="_save"' not in response.content:
            continue  # read-only in the admin (the audit log)
        before = database_state()
        before.pop("admin.logentry", None)
        html = response.content.decode()
        (form,) = [f for f in forms_parse(html) if any(c.name == "_save" for c in f.controls)]
        submitter = next(c for c in form.controls if c.name == "_save")
        posted = csrf_client.post(
            page,
            data=urlencode(form.submission(submitter)),
            content_type="application/x-www-form-urlencoded",
        )
        assert posted.status_code == 302, (label, posted.content.decode()[:3000])
        after = database_state()
        after.pop("admin.logentry", None)
        assert state_difference(before, after) == {}, label
        checked.append(label)
    assert sorted(checked) == [
        "core.User",
        "people.LevelLabel",
        "people.OrgUnit",
        "people.Person",
        "programs.Enrollment",
        "programs.Program",
        "skills.PersonSkill",
        "skills.Skill",
    ]


@pytest.mark.django_db
def test_a_blind_spot_retake_sent_unchanged_records_the_same_answers(csrf_client, cast):
    world_build(cast)
    csrf_client.force_login(cast.juno)
    page = reverse("skills:assessment")
    status, _ = round_trip(csrf_client, page, 0, "skills:assessment")
    assert status == 302
    first, again = SelfAssessment.objects.filter(person=cast.juno.person).order_by("pk")
    assert self_assessment_ratings(assessment=again) == self_assessment_ratings(assessment=first)
