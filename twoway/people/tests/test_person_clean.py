import pytest
from django.core.exceptions import ValidationError

from twoway.core.models import AuditEvent
from twoway.testing.factories import PersonFactory


@pytest.mark.django_db
def test_a_manager_further_down_the_line_would_make_a_loop():
    top = PersonFactory(name="Top")
    middle = PersonFactory(name="Middle", manager=top)
    bottom = PersonFactory(name="Bottom", manager=middle)
    top.manager = bottom
    with pytest.raises(ValidationError, match="loop"):
        top.full_clean()


@pytest.mark.django_db
def test_nobody_manages_themself():
    alone = PersonFactory()
    alone.manager = alone
    with pytest.raises(ValidationError, match="own manager"):
        alone.full_clean()


@pytest.mark.django_db
def test_an_ordinary_manager_change_is_fine():
    boss, other_boss = PersonFactory(), PersonFactory()
    report = PersonFactory(manager=boss)
    report.manager = other_boss
    report.full_clean()


@pytest.mark.django_db
def test_time_zone_must_be_an_iana_name():
    person = PersonFactory.build(time_zone="London/Europe")
    with pytest.raises(ValidationError, match="IANA"):
        person.full_clean(exclude=["department", "manager", "user"])


@pytest.mark.django_db
def test_the_django_admin_refuses_a_reporting_loop_and_audits_nothing(client, cast):
    sol, sterling = cast.sol.person, cast.sterling.person  # Sterling reports to Sol
    client.force_login(cast.ada)
    url = f"/admin/people/person/{sol.pk}/change/"
    data = {
        "employee_id": sol.employee_id,
        "name": sol.name,
        "email": sol.email,
        "job_title": sol.job_title,
        "level": sol.level,
        "department": sol.department_id,
        "location": sol.location,
        "time_zone": sol.time_zone,
        "manager": sterling.pk,
        "hire_date": "2004-03-01",
        "user": cast.sol.pk,
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "loop in the reporting lines" in response.content.decode()
    sol.refresh_from_db()
    assert sol.manager is None
    assert not AuditEvent.objects.filter(action="person.update").exists()
