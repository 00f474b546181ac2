import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.programs.models import Enrollment, EnrollmentTopic, Program
from twoway.programs.services import ProgramError, Topic, enrollment_join
from twoway.skills.models import PersonSkill
from twoway.testing.factories import (
    EnrollmentFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    RuleFactory,
    SkillFactory,
    UserFactory,
)


@pytest.fixture
def program(cast):
    """Juniors (level 4 and below) mentor seniors (level 7 and above)."""
    program = ProgramFactory(
        name="Reverse pilot", slug="pilot", status=Program.Status.ENROLLING, mentor_capacity=2
    )
    RuleFactory(program=program, side="mentor", max_level=4)
    RuleFactory(program=program, side="mentee", min_level=7)
    return program


@pytest.fixture
def video(db):
    return SkillFactory(name="Short-form video")


@pytest.fixture
def strategy(db):
    return SkillFactory(name="Corporate strategy")


def _join(cast, program, who="juno", **fields):
    user = getattr(cast, who)
    return enrollment_join(actor=user, program=program, person=user.person, **fields)


def _teach(skill, level=4):
    return Topic(skill, EnrollmentTopic.Direction.TEACH, level)


def _learn(skill, level=1):
    return Topic(skill, EnrollmentTopic.Direction.LEARN, level)


@pytest.mark.django_db
def test_joining_enrolls_with_topics_times_and_goal_and_is_audited(cast, program, video, strategy):
    enrollment = _join(
        cast,
        program,
        role="mentor",
        topics=[_teach(video, 5), _learn(strategy)],
        capacity=2,
        availability=["tue_pm", "mon_am"],
        formats=["remote"],
        goal="Help a leader post their first video",
    )
    assert enrollment.status == Enrollment.Status.ENROLLED and enrollment.enrolled_at
    assert enrollment.availability == ["mon_am", "tue_pm"] and enrollment.capacity == 2
    topics = {(t.skill.name, t.direction, t.level) for t in enrollment.topics.all()}
    assert topics == {("Short-form video", "teach", 5), ("Corporate strategy", "learn", 1)}
    event = AuditEvent.objects.get(action="enrollment.join")
    assert event.after is not None
    assert (
        event.actor == cast.juno and event.after["goal"] == "Help a leader post their first video"
    )
    assert "teach:Short-form video:5" in event.after["topics"]


@pytest.mark.django_db
def test_only_sides_the_person_is_eligible_for_may_be_chosen(cast, program, strategy):
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, role="mentee", topics=[_learn(strategy)])
    assert "you may join as mentor" in caught.value.message_dict["role"][0]
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_someone_the_rules_do_not_admit_cannot_join_and_nothing_is_saved(cast, program, video):
    with pytest.raises(ProgramError, match="You are not eligible for Reverse pilot"):
        _join(cast, program, who="priya", role="mentor", topics=[_teach(video)])
    assert not Enrollment.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_both_sides_at_once_is_for_mutual_programs_only(cast, program, video, strategy):
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, role="both", topics=[_teach(video), _learn(strategy)])
    assert "Only mutual programs" in caught.value.message_dict["role"][0]
    mutual = ProgramFactory(kind=Program.Kind.MUTUAL, status=Program.Status.ENROLLING)
    RuleFactory(program=mutual, side="mentor")
    RuleFactory(program=mutual, side="mentee")
    enrollment = _join(cast, mutual, role="both", topics=[_teach(video), _learn(strategy)])
    assert enrollment.role == "both"


@pytest.mark.django_db
def test_a_mentor_offers_between_one_and_the_programs_limit(cast, program, video):
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, role="mentor", topics=[_teach(video)], capacity=3)
    assert "between 1 and 2 people" in caught.value.message_dict["capacity"][0]


@pytest.mark.django_db
def test_mentors_need_a_topic_to_teach_and_mentees_one_to_learn(cast, program, video, strategy):
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, role="mentor", topics=[_learn(strategy)])
    assert "at least one topic you will teach" in caught.value.message_dict["teach"][0]
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, who="sterling", role="mentee", topics=[_teach(video)])
    assert "at least one topic you want to learn" in caught.value.message_dict["learn"][0]


@pytest.mark.django_db
def test_a_goal_longer_than_500_characters_is_refused(cast, program, video):
    with pytest.raises(ProgramError) as caught:
        _join(cast, program, role="mentor", topics=[_teach(video)], goal="x" * 501)
    assert "500 characters" in caught.value.message_dict["goal"][0]


@pytest.mark.django_db
def test_sending_the_same_answers_twice_saves_once(cast, program, video):
    for _ in range(2):
        _join(cast, program, role="mentor", topics=[_teach(video)], goal="Same")
    assert Enrollment.objects.count() == 1 and EnrollmentTopic.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="enrollment.").count() == 1


@pytest.mark.django_db
def test_changing_answers_later_is_audited_as_an_update(cast, program, video):
    _join(cast, program, role="mentor", topics=[_teach(video)], goal="First")
    _join(cast, program, role="mentor", topics=[_teach(video, 2)], goal="Second")
    event = AuditEvent.objects.get(action="enrollment.update")
    assert event.before is not None and event.after is not None
    assert event.before["goal"] == "First" and event.after["goal"] == "Second"
    assert event.after["topics"] == ["teach:Short-form video:2"]


@pytest.mark.django_db
def test_an_invitation_is_answered_by_joining(cast, program, video):
    EnrollmentFactory(program=program, person=cast.juno.person, role="mentor", status="invited")
    enrollment = _join(cast, program, role="mentor", topics=[_teach(video)])
    assert enrollment.status == "enrolled" and Enrollment.objects.count() == 1


@pytest.mark.django_db
def test_nobody_joins_a_program_that_is_not_enrolling(cast, program, video):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.MATCHING)
    with pytest.raises(ProgramError, match="not taking enrollments any more"):
        _join(cast, program, role="mentor", topics=[_teach(video)])


@pytest.mark.django_db
def test_only_the_person_themself_joins(cast, program, video):
    with pytest.raises(PermissionDenied):
        enrollment_join(
            actor=cast.priya, program=program, person=cast.juno.person, role="mentor",
            topics=[_teach(video)],
        )  # fmt: skip


@pytest.mark.django_db
def test_someone_not_approved_cannot_rejoin_on_their_own(cast, program, video):
    EnrollmentFactory(program=program, person=cast.juno.person, status="declined")
    with pytest.raises(ProgramError, match="did not approve"):
        _join(cast, program, role="mentor", topics=[_teach(video)])


# --- the page ----------------------------------------------------------------------------


def _url(program):
    return reverse("programs:join", kwargs={"slug": program.slug})


@pytest.mark.django_db
def test_the_form_is_filled_from_the_skills_profile(client, cast, program, video, strategy):
    PersonSkillFactory(person=cast.juno.person, skill=video, direction="offer", level=5)
    PersonSkillFactory(person=cast.juno.person, skill=strategy, direction="learn", level=2)
    client.force_login(cast.juno)
    response = client.get(_url(program))
    form = response.context["form"]
    assert [r["skill"].name for r in form.teach_rows] == ["Short-form video"]
    assert form[f"teach_{video.uuid.hex}"].value() is True
    assert form[f"teach_{video.uuid.hex}_level"].value() == 5
    assert form[f"learn_{strategy.uuid.hex}_level"].value() == 2
    assert [c[0] for c in form.fields["role"].choices] == ["mentor"]


@pytest.mark.django_db
def test_the_form_adds_a_topic_by_another_word_without_touching_the_profile(
    client, cast, program, video
):
    client.force_login(cast.juno)
    data = {"role": "mentor", "teach_add": "tiktok", "teach_add_level": "4", "learn_add_level": "1"}
    response = client.post(_url(program), data)
    assert response.status_code == 302 and response.url == reverse("home:my_programs")
    assert EnrollmentTopic.objects.get().skill.name == "Short-form video"
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_an_unknown_topic_suggests_what_was_meant_and_saves_nothing(client, cast, program, video):
    client.force_login(cast.juno)
    data = {"role": "mentor", "teach_add": "short-form vidoe", "teach_add_level": "4"}
    data["learn_add_level"] = "1"
    page = client.post(_url(program), data).content.decode()
    assert "is not in the skills catalogue" in page and "Short-form video" in page
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_a_service_error_shows_on_the_form(client, cast, program):
    client.force_login(cast.juno)
    page = client.post(
        _url(program), {"role": "mentor", "teach_add_level": "3", "learn_add_level": "1"}
    )
    assert "at least one topic you will teach" in page.content.decode()


@pytest.mark.django_db
def test_an_invited_person_the_rules_no_longer_admit_is_told_so(client, cast, program):
    outsider = PersonFactory(name="Mid level", level=5, user=UserFactory())
    EnrollmentFactory(program=program, person=outsider, status="invited")
    client.force_login(outsider.user)
    page = client.post(_url(program), {"role": "mentor"}).content.decode()
    assert "You are not eligible for this program" in page
    assert Enrollment.objects.get().status == "invited"


@pytest.mark.django_db
def test_someone_with_no_link_to_the_program_gets_404(client, cast, program):
    outsider = PersonFactory(name="Mid level", level=5, user=UserFactory())
    client.force_login(outsider.user)
    assert client.get(_url(program)).status_code == 404
    assert client.post(_url(program), {"role": "mentor"}).status_code == 404
