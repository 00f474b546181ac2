import pytest
from django.db import transaction
from django.urls import reverse

from twoway.core.audit import audit_record

URL = reverse("audit:list")


@pytest.fixture
def events(cast):
    with transaction.atomic():
        audit_record(
            actor=cast.ada,
            action="person.update",
            subject=cast.juno.person,
            before={"level": 2},
            after={"level": 3},
        )
        audit_record(actor=cast.priya, action="skill.create", subject_label="Podcasting")


@pytest.mark.django_db
def test_administrator_reads_the_log_with_before_and_after(client, cast, events):
    client.force_login(cast.ada)
    page = client.get(URL).content.decode()
    assert "person.update" in page and "Juno Park" in page and "skill.create" in page
    assert "<del>2</del>" in page


@pytest.mark.django_db
def test_filters_narrow_the_log(client, cast, events):
    client.force_login(cast.ada)
    page = client.get(URL, {"action": "skill.create"}).content.decode()
    assert "Podcasting" in page and "Juno Park" not in page
    page = client.get(URL, {"actor": "ada@"}).content.decode()
    assert "Juno Park" in page and "Podcasting" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_only_administrators_may_read_the_log(client, cast, events, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, events):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_the_log_paginates_in_constant_queries(client, cast, django_assert_max_num_queries):
    with transaction.atomic():
        for i in range(60):
            audit_record(actor=cast.ada, action="test.many", subject_label=f"thing {i}")
    client.force_login(cast.ada)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"page": 2})
    assert response.context["page_obj"].number == 2
