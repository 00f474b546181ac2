import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRequest
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.self_match import (
    match_request_accept,
    match_request_decline,
    match_request_send,
    match_request_withdraw,
)
from twoway.pairs.models import Pair
from twoway.programs.models import Program


@pytest.fixture
def program(pilot):
    Program.objects.filter(pk=pilot.program.pk).update(matching_style="self")
    pilot.program.refresh_from_db()
    return pilot.program


def suggestions_url(**query):
    url = reverse("matching:suggestions", kwargs={"slug": "reverse-pilot"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def send(cast, pilot, program, **kwargs):
    return match_request_send(
        actor=cast.sterling,
        program=program,
        to_person=pilot.juno,
        side="mentee",
        message="I would love to learn video from you",
        **kwargs,
    )


def test_suggestions_rank_partners_with_reasons(client, program, pilot, cast):
    client.force_login(cast.sterling)
    page = client.get(suggestions_url()).content.decode()

    assert "Juno Park" in page
    assert "Juno can teach you Short-form video for business" in page
    assert "Maya Chen" not in page  # teaches nothing Sterling wants, wants nothing he teaches


def test_a_full_mentor_is_not_suggested(client, program, pilot, cast):
    Pair.objects.create(program=program, mentor=pilot.juno, mentee=pilot.richard)
    client.force_login(cast.sterling)

    assert "Juno Park" not in client.get(suggestions_url()).content.decode()


def test_people_outside_a_self_match_program_get_404(client, program, pilot, cast):
    client.force_login(cast.otto)
    assert client.get(suggestions_url()).status_code in (403, 404)
    Program.objects.filter(pk=program.pk).update(matching_style="managed")
    client.force_login(cast.sterling)
    assert client.get(suggestions_url()).status_code == 404


def test_sending_a_request_e_mails_the_other_side(program, pilot, cast):
    with TestCase.captureOnCommitCallbacks(execute=True):
        request = send(cast, pilot, program)

    assert (request.status, request.side, request.to_person) == ("pending", "mentee", pilot.juno)
    assert (request.mentor_id, request.mentee_id) == (pilot.juno.pk, pilot.sterling.pk)
    assert mail.outbox[0].to == ["juno@example.org"]
    assert "Sterling Hayes would like to be your mentee" in mail.outbox[0].body
    assert "I would love to learn video from you" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="match_request.send").exists()


def test_duplicate_pending_requests_are_refused_both_ways(program, pilot, cast):
    send(cast, pilot, program)

    with pytest.raises(MatchingError, match="already asked Juno Park"):
        send(cast, pilot, program)
    with pytest.raises(MatchingError, match="Sterling Hayes has already asked you"):
        match_request_send(
            actor=cast.juno, program=program, to_person=pilot.sterling, side="mentor"
        )
    assert MatchRequest.objects.count() == 1


def test_a_request_the_program_rules_forbid_is_refused(program, pilot, cast):
    with pytest.raises(MatchingError, match="share no topic"):
        match_request_send(
            actor=cast.sterling, program=program, to_person=pilot.maya, side="mentee"
        )
    with pytest.raises(MatchingError, match="not enrolled as a mentor"):
        match_request_send(
            actor=cast.sterling, program=program, to_person=pilot.juno, side="mentor"
        )


def test_accepting_creates_the_pair_and_tells_both(
    program, pilot, cast, django_capture_on_commit_callbacks
):
    request = send(cast, pilot, program)

    with django_capture_on_commit_callbacks(execute=True):
        pair = match_request_accept(actor=cast.juno, match_request=request)

    assert (pair.mentor, pair.mentee, pair.origin) == (pilot.juno, pilot.sterling, "self_match")
    assert pair.reasons["teaches"][0]["skill"] == "Short-form video for business"
    assert pair.score is not None and pair.score > 0
    request.refresh_from_db()
    assert request.status == "accepted" and request.decided_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["juno@example.org", "sterling@example.org"]


def test_accepting_twice_creates_one_pair(program, pilot, cast):
    request = send(cast, pilot, program)

    first = match_request_accept(actor=cast.juno, match_request=request)
    second = match_request_accept(actor=cast.juno, match_request=request)

    assert first.pk == second.pk
    assert Pair.objects.count() == 1


def test_accepting_without_capacity_is_refused_and_nothing_changes(program, pilot, cast):
    request = send(cast, pilot, program)
    Pair.objects.create(program=program, mentor=pilot.juno, mentee=pilot.richard)

    with pytest.raises(MatchingError, match="Juno Park already has 1 mentee"):
        match_request_accept(actor=cast.juno, match_request=request)
    request.refresh_from_db()
    assert request.status == "pending"
    assert Pair.objects.count() == 1


def test_only_the_person_asked_can_accept_or_decline(program, pilot, cast):
    request = send(cast, pilot, program)

    for service in (match_request_accept, match_request_decline):
        with pytest.raises(PermissionDenied):
            service(actor=cast.sterling, match_request=request)
    with pytest.raises(PermissionDenied):
        match_request_withdraw(actor=cast.juno, match_request=request)


def test_declining_tells_the_sender(program, pilot, cast, django_capture_on_commit_callbacks):
    request = send(cast, pilot, program)

    with django_capture_on_commit_callbacks(execute=True):
        match_request_decline(actor=cast.juno, match_request=request)

    request.refresh_from_db()
    assert request.status == "declined"
    assert mail.outbox[-1].to == ["sterling@example.org"]
    with pytest.raises(MatchingError, match="already declined"):
        match_request_accept(actor=cast.juno, match_request=request)


def test_the_pages_send_accept_and_show_the_pair(client, program, pilot, cast):
    client.force_login(cast.sterling)
    response = client.post(
        reverse("matching:request_send", kwargs={"slug": "reverse-pilot"}),
        {"to": str(pilot.juno.uuid), "side": "mentee", "message": "Hello"},
        follow=True,
    )
    assert "Request sent to Juno Park" in response.content.decode()
    request = MatchRequest.objects.get()

    client.force_login(cast.juno)
    page = client.get(suggestions_url()).content.decode()
    assert "Sterling Hayes" in page and "Accept" in page
    url = reverse(
        "matching:request_decide",
        kwargs={"slug": "reverse-pilot", "uuid": request.uuid, "action": "accept"},
    )
    response = client.post(url)
    pair = Pair.objects.get()
    assert response["Location"] == reverse("home:pair", kwargs={"uuid": pair.uuid})


def test_someone_elses_request_is_not_found(client, program, pilot, cast):
    request = send(cast, pilot, program)
    client.force_login(pilot.richard.user)
    url = reverse(
        "matching:request_decide",
        kwargs={"slug": "reverse-pilot", "uuid": request.uuid, "action": "accept"},
    )
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(
    ("close", "who", "action"),
    [
        (match_request_decline, "juno", "match_request.declined"),
        (match_request_withdraw, "sterling", "match_request.withdrawn"),
    ],
)
def test_closing_a_request_is_audited_with_how_it_closed(program, pilot, cast, close, who, action):
    request = send(cast, pilot, program)

    close(actor=getattr(cast, who), match_request=request)

    event = AuditEvent.objects.get(action=action)
    assert event.actor == getattr(cast, who) and event.subject_id == str(request.uuid)
