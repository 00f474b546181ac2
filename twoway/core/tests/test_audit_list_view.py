import html
import re

import pytest
from django.db import transaction
from django.urls import reverse

from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import AuditEvent
from twoway.testing.queries import queries_for

URL = reverse("audit:list")


@pytest.fixture
def events(cast):
    with transaction.atomic():
        audit_record(
            actor=cast.ada,
            action=AuditAction.PERSON_UPDATE,
            subject=cast.juno.person,
            before={"level": 2},
            after={"level": 3},
        )
        audit_record(actor=cast.priya, action=AuditAction.SKILL_CREATE, subject_label="Podcasting")


@pytest.mark.django_db
def test_administrator_reads_the_log_as_sentences_with_before_and_after(client, cast, events):
    client.force_login(cast.ada)
    page = client.get(URL).content.decode()
    assert "Ada Okafor changed the level of Juno Park from 2 to 3." in page
    assert "Priya Raman added Podcasting to the skills catalogue." in page
    assert "<del>2</del>" in page
    # The codes stay behind each entry's "About this entry" and the closing section.
    entries, about = page.split('id="about-entries"')
    assert "<summary>About this entry</summary>" in entries
    assert "<td>Added a skill to the catalogue</td><td><code>skill.create</code></td>" in about


@pytest.mark.django_db
def test_filters_narrow_the_log(client, cast, events):
    client.force_login(cast.ada)
    page = client.get(URL, {"action": "skill.create"}).content.decode()
    assert "Podcasting" in page and "Juno Park" not in page
    page = client.get(URL, {"actor": "ada@"}).content.decode()
    assert "Juno Park" in page and "Podcasting" not in page


@pytest.mark.django_db
def test_the_action_filter_offers_every_action_by_its_sentence(client, cast, events):
    client.force_login(cast.ada)
    page = client.get(URL, {"action": "pair.end"}).content.decode()
    assert '<option value="pair.end" selected>Ended a pair early</option>' in page
    select = page.split('<select id="f-action"')[1].split("</select>")[0]
    options = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)
    offered = [html.unescape(label) for label in options]
    assert len(offered) == len(AuditAction)
    assert offered == sorted(offered, key=str.casefold)


@pytest.mark.django_db
def test_the_action_filter_matches_one_action_only(client, cast):
    with transaction.atomic():
        audit_record(actor=cast.juno, action=AuditAction.MEETING_LOG, subject_label="First talk")
        audit_record(
            actor=cast.juno, action=AuditAction.MEETING_LOG_UPDATE, subject_label="Second talk"
        )
    client.force_login(cast.ada)
    page = client.get(URL, {"action": "meeting.log"}).content.decode()
    assert "First talk" in page and "Second talk" not in page


@pytest.mark.django_db
def test_an_older_entry_whose_action_is_no_longer_listed_shows_its_code(client, cast, events):
    AuditEvent.objects.create(action="pair.rematched", subject_label="Old pair")
    client.force_login(cast.ada)
    page = client.get(URL).content.decode()
    assert (
        '<code>pair.rematched</code> <span class="muted small">(no longer recorded)</span>' in page
    )
    assert '<option value="pair.rematched">pair.rematched (older entries)</option>' in page
    page = client.get(URL, {"action": "pair.rematched"}).content.decode()
    assert "Old pair" in page and "Podcasting" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_only_administrators_may_read_the_log(client, cast, events, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, events):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_the_log_paginates_fifty_entries_in_constant_queries(client, cast, pilot):
    def record(numbers: range) -> None:
        with transaction.atomic():
            for i in numbers:
                audit_record(
                    actor=cast.priya if i % 2 else cast.ada,
                    action=AuditAction.PROGRAM_UPDATE,
                    subject=pilot.program,
                    before={"sponsor": None, "starts_on": None},
                    after={"sponsor": cast.sol.pk, "starts_on": f"2027-05-{1 + i % 28:02d}"},
                )

    record(range(2))
    client.force_login(cast.ada)
    few = queries_for(client, URL)  # two entries
    record(range(2, 120))
    assert queries_for(client, URL) == few  # fifty entries, two more pages after them
    assert queries_for(client, URL, {"page": 2}) == few
    response = client.get(URL, {"page": 2})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"].object_list) == 50
    assert "changed the sponsor and the start date of Reverse pilot" in response.content.decode()
