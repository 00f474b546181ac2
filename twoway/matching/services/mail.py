"""The e-mails matching sends, in batches, and the background tasks that send
them: who a published pair's partner is and why; a proposal shared for preview.
Told pairs and proposals are marked, so sending again tells nobody twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from twoway.core.mail import site_link
from twoway.matching.models import MatchRun, Proposal
from twoway.matching.rules import preview_sides
from twoway.pairs.models import Pair
from twoway.pairs.reasons import pair_sentences
from twoway.people.models import Person
from twoway.programs.models import Side

MAIL_BATCH = 200


def _send_batch(messages: list[EmailMessage]) -> None:
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def pair_notify_published(*, run_id: int) -> int:
    """E-mail both sides of every not-yet-told pair of a published run: who their
    partner is and why. Safe to repeat: told pairs are marked."""
    sent = 0
    # The e-mail names the partner's department: load it with the pair.
    pairs = Pair.objects.filter(match_run_id=run_id, notified_at__isnull=True).select_related(
        "program", "mentor__department", "mentee__department"
    )
    while batch := list(pairs[:MAIL_BATCH]):
        messages = []
        for pair in batch:
            for me, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
                messages.append(_pair_message(pair, me, partner))
        _send_batch(messages)
        Pair.objects.filter(pk__in=[p.pk for p in batch]).update(notified_at=timezone.now())
        sent += len(messages)
    return sent


@task()
def notify_pairs(run_id: int) -> None:
    pair_notify_published(run_id=run_id)


def _pair_message(pair: Pair, me: Person, partner: Person) -> EmailMessage:
    role = "mentor" if me.pk == pair.mentor_id else "mentee"
    context = {
        "pair": pair,
        "me": me,
        "partner": partner,
        "role": role,
        "reasons": pair_sentences(
            mentor=pair.mentor.name,
            mentee=pair.mentee.name,
            reasons=pair.reasons,
            audience="participant",
            reader=role,
        ),
        "link": site_link("home:pair", uuid=pair.uuid),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("matching/email/pair_published.txt", context)
    subject = f"Your {pair.program.name} partner: {partner.name}"
    return EmailMessage(subject, body, None, [me.email])


def match_run_notify_preview(*, run_id: int) -> int:
    """E-mail the people who may preview (or opt out of) their proposal in a
    shared run, once each."""
    run = MatchRun.objects.select_related("program").filter(pk=run_id).first()
    if run is None or run.shared_at is None or run.published_at is not None:
        return 0
    seeing, opt_out = preview_sides(run.program)
    sent = 0
    proposals = run.proposals.filter(notified_at__isnull=True, opted_out_at__isnull=True)
    proposals = proposals.select_related("mentor", "mentee")
    while batch := list(proposals[:MAIL_BATCH]):
        messages = []
        for proposal in batch:
            for side, me, partner in (
                (Side.MENTOR, proposal.mentor, proposal.mentee),
                (Side.MENTEE, proposal.mentee, proposal.mentor),
            ):
                if side not in seeing:
                    continue
                context = {
                    "program": run.program,
                    "me": me,
                    "partner": partner,
                    "can_opt_out": side in opt_out,
                    "link": site_link("matching:preview", slug=run.program.slug),
                    "site_name": settings.SITE_NAME,
                }
                body = render_to_string("matching/email/preview_shared.txt", context)
                subject = f"{run.program.name}: meet your proposed partner"
                messages.append(EmailMessage(subject, body, None, [me.email]))
        _send_batch(messages)
        Proposal.objects.filter(pk__in=[p.pk for p in batch]).update(notified_at=timezone.now())
        sent += len(messages)
    return sent


@task()
def notify_preview(run_id: int) -> None:
    match_run_notify_preview(run_id=run_id)
