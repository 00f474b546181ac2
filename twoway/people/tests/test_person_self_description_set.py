import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.models import AuditEvent
from twoway.people.models import SelfDescription
from twoway.people.services import person_self_description_set


@pytest.mark.django_db
def test_a_person_describes_themself_with_consent(cast):
    sd = person_self_description_set(
        actor=cast.juno,
        person=cast.juno.person,
        kind="gender",
        value="  Non-binary  ",
        consent=True,
    )
    assert sd.value == "Non-binary" and sd.consented_at is not None


@pytest.mark.django_db
def test_without_consent_nothing_is_saved(cast):
    with pytest.raises(ValidationError, match="consent"):
        person_self_description_set(
            actor=cast.juno, person=cast.juno.person, kind="gender", value="Woman", consent=False
        )
    assert not SelfDescription.objects.exists()


@pytest.mark.django_db
def test_nobody_else_may_describe_a_person_not_even_an_administrator(cast):
    with pytest.raises(PermissionDenied):
        person_self_description_set(
            actor=cast.ada, person=cast.juno.person, kind="gender", value="Woman", consent=True
        )
    assert not SelfDescription.objects.exists()


@pytest.mark.django_db
def test_generation_must_be_one_of_the_listed_values(cast):
    with pytest.raises(ValidationError, match="listed generations"):
        person_self_description_set(
            actor=cast.juno,
            person=cast.juno.person,
            kind="generation",
            value="zoomer",
            consent=True,
        )
    sd = person_self_description_set(
        actor=cast.juno, person=cast.juno.person, kind="generation", value="gen_z", consent=True
    )
    assert sd.display_value.startswith("Generation Z")


@pytest.mark.django_db
def test_background_tags_are_cleaned_and_deduplicated(cast):
    sd = person_self_description_set(
        actor=cast.juno,
        person=cast.juno.person,
        kind="background",
        consent=True,
        value="carer,  career changer , carer,,",
    )
    assert sd.tags == ["carer", "career changer"]


@pytest.mark.django_db
def test_the_audit_log_records_the_change_but_never_the_value(cast):
    person_self_description_set(
        actor=cast.juno, person=cast.juno.person, kind="gender", value="Woman", consent=True
    )
    event = AuditEvent.objects.get(action="self_description.consent")
    assert event.after == {"kind": "gender"}
    assert "Woman" not in str(event.before) + str(event.after) + event.subject_label


@pytest.mark.django_db
def test_updating_the_value_renews_the_consent_time(cast):
    first = person_self_description_set(
        actor=cast.juno, person=cast.juno.person, kind="gender", value="Woman", consent=True
    )
    second = person_self_description_set(
        actor=cast.juno, person=cast.juno.person, kind="gender", value="Woman, queer", consent=True
    )
    assert second.pk == first.pk and second.consented_at >= first.consented_at
    assert SelfDescription.objects.get().value == "Woman, queer"
