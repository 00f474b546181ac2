"""The call for topics: what someone is comfortable sharing goes on their profile
as offers (through the skills app's service), counted once per person."""

import pytest
from django.db import transaction
from django.urls import reverse

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.guides.models import TopicCallAnswer
from twoway.guides.services import launch_publish, launch_save
from twoway.skills.models import PersonSkill

pytestmark = pytest.mark.django_db


@pytest.fixture
def launched(pilot, cast):
    with transaction.atomic():
        launch_save(actor=cast.priya, program=pilot.program, sponsor_message="Welcome.")
        launch_publish(actor=cast.priya, program=pilot.program)
    return pilot


def _answer(client, program, follow=False, **data):
    url = reverse("guides:topic_answer", kwargs={"slug": program.slug})
    return client.post(url, data, follow=follow)


def test_answering_puts_offers_on_the_profile_once(client, cast, launched):
    program, ai, negotiation = launched.program, launched.ai, launched.negotiation
    client.force_login(cast.sterling)
    data = {"skill_1": ai.pk, "level_1": 2, "skill_2": negotiation.pk, "level_2": 5}
    assert _answer(client, program, **data).status_code == 302
    offers = PersonSkill.objects.filter(person=cast.sterling.person, direction="offer")
    assert {(o.skill_id, o.level) for o in offers} == {(ai.pk, 2), (negotiation.pk, 5)}
    assert TopicCallAnswer.objects.filter(program=program).count() == 1
    adds = AuditEvent.objects.filter(action=AuditAction.PERSON_SKILL_ADD).count()
    # The same answer again: nothing new.
    _answer(client, program, **data)
    assert offers.count() == 2 and TopicCallAnswer.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.PERSON_SKILL_ADD).count() == adds
    assert AuditEvent.objects.filter(action=AuditAction.TOPIC_CALL_ANSWER).count() == 1
    client.force_login(cast.priya)
    page = client.get(reverse("guides:launch", kwargs={"slug": program.slug})).content.decode()
    assert "<strong>1</strong> person has answered" in page


def test_a_skill_without_a_level_saves_nothing(client, cast, launched):
    client.force_login(cast.juno)
    response = _answer(client, launched.program, skill_1=launched.ai.pk, follow=True)
    assert "Choose how well you know AI tools." in response.content.decode()
    assert not TopicCallAnswer.objects.exists()
    assert not PersonSkill.objects.filter(person=cast.juno.person, skill=launched.ai).exists()


def test_an_empty_answer_is_refused(client, cast, launched):
    client.force_login(cast.juno)
    response = _answer(client, launched.program, follow=True)
    assert "Choose at least one skill" in response.content.decode()
    assert not TopicCallAnswer.objects.exists()


def test_no_answers_before_the_launch_is_published(client, cast, pilot):
    client.force_login(cast.juno)
    assert _answer(client, pilot.program, skill_1=pilot.ai.pk, level_1=3).status_code == 404
    assert not TopicCallAnswer.objects.exists()


def test_the_directory_finds_the_new_teacher(client, cast, launched):
    client.force_login(cast.sterling)
    _answer(client, launched.program, skill_1=launched.ai.pk, level_1=4)
    client.force_login(cast.juno)
    page = client.get(reverse("skills:directory"), {"skill": "AI tools"}).content.decode()
    assert "Sterling" in page
