"""A program's matching runs, for its managers: start one (it runs in the
background), follow its progress, review its proposed pairs, publish it. The
same services as the matching pages' buttons, so the same rules and audit."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status

from twoway.api.etags import etag_for, if_match_check
from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS_CHANGE, ERRORS_ONE
from twoway.api.schemas_more import (
    MatchRunIn,
    MatchRunOut,
    MatchRunPage,
    ProposalOut,
    ProposalPage,
    PublishOut,
    ReviewDecisionIn,
    SwapIn,
    SwapOut,
    match_run_out,
    proposal_out,
)
from twoway.api.selectors_more import match_run_list_all
from twoway.core.access import object_or_404
from twoway.matching.models import MatchRun
from twoway.matching.selectors import (
    match_run_get_for_manager,
    proposal_get_for_manager,
    proposal_list,
)
from twoway.matching.services.preview import match_run_share
from twoway.matching.services.publish import match_run_publish
from twoway.matching.services.review import (
    proposal_swap,
    review_decision_clear,
    review_decision_set,
)
from twoway.matching.services.runs import match_run_create
from twoway.programs.selectors import program_get_for_manager

router = Router(tags=["match runs"])

ORDERING = ("-created_at", "-pk")
PROPOSAL_ORDERING = ("-score", "pk")
RUN = "/programs/{slug}/match-runs/{uuid}"
ACTIONS = ("lock", "exclude", "clear")


def _run(request: HttpRequest, slug: str, uuid: UUID) -> MatchRun:
    program = program_get_for_manager(user=request.user, slug=slug)
    return match_run_get_for_manager(program=program, uuid=uuid)


def _run_location(request: HttpRequest, run: MatchRun) -> str:
    path = reverse("api:match_run_get", kwargs={"slug": run.program.slug, "uuid": run.uuid})
    return request.build_absolute_uri(path)


@router.post(
    "/programs/{slug}/match-runs",
    response={202: MatchRunOut, **ERRORS_ONE},
    summary="Start a matching run",
)
def match_run_start(
    request: HttpRequest, slug: str, payload: MatchRunIn, response: HttpResponse
) -> Status[MatchRunOut]:
    """A program manager starts matching, as the matching page's button does. The run
    is queued and works in the background: the answer is 202 with the run, and its
    address in ``Location``; read it until ``status`` is ``succeeded`` or ``failed``.
    A dry run also works on an enrolling program and can never be published."""
    program = program_get_for_manager(user=request.user, slug=slug)
    run = match_run_create(
        actor=request.user, program=program, dry_run=payload.dry_run, weights=payload.weights
    )
    response["Location"] = _run_location(request, run)
    response["ETag"] = etag_for(run)
    return Status(202, match_run_out(run, slug=program.slug))


@router.get(
    "/programs/{slug}/match-runs",
    response={200: MatchRunPage, **ERRORS_ONE},
    summary="A program's matching runs",
)
def match_runs_list(
    request: HttpRequest,
    slug: str,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> MatchRunPage:
    """Every run of the program, newest first. Its managers only (404 for anyone else)."""
    program = program_get_for_manager(user=request.user, slug=slug)
    page = cursor_page(match_run_list_all(program=program), ORDERING, cursor, limit)
    return MatchRunPage(
        items=[match_run_out(r, slug=program.slug) for r in page.items],
        next=next_link(request, page),
    )


@router.get(RUN, response={200: MatchRunOut, **ERRORS_ONE}, summary="One matching run")
def match_run_get(
    request: HttpRequest, slug: str, uuid: UUID, response: HttpResponse
) -> MatchRunOut:
    """The run's status and progress (``phase``, ``percent``), and its ``ETag``."""
    run = _run(request, slug, uuid)
    response["ETag"] = etag_for(run)
    return match_run_out(run, slug=slug)


@router.get(
    RUN + "/proposals",
    response={200: ProposalPage, **ERRORS_ONE},
    summary="A run's proposed pairs",
)
def proposals_list(
    request: HttpRequest,
    slug: str,
    uuid: UUID,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> ProposalPage:
    """The pairs the run proposes, best score first, with any review decision."""
    run = _run(request, slug, uuid)
    page = cursor_page(proposal_list(run=run), PROPOSAL_ORDERING, cursor, limit)
    return ProposalPage(items=[proposal_out(p) for p in page.items], next=next_link(request, page))


@router.get(
    RUN + "/proposals/{proposal}",
    response={200: ProposalOut, **ERRORS_ONE},
    summary="One proposed pair",
)
def proposal_get(
    request: HttpRequest, slug: str, uuid: UUID, proposal: UUID, response: HttpResponse
) -> ProposalOut:
    """The proposed pair with its review decision, and its ``ETag``."""
    run = _run(request, slug, uuid)
    # One read, with the review's annotations (its decision) that the page shows.
    row = object_or_404(proposal_list(run=run), "No such proposal", uuid=proposal)
    response["ETag"] = etag_for(row)
    return proposal_out(row)


@router.post(
    RUN + "/proposals/{proposal}/decision",
    response={200: ProposalOut, **ERRORS_CHANGE},
    summary="Lock, exclude or clear a proposed pair",
)
def proposal_decide(
    request: HttpRequest,
    slug: str,
    uuid: UUID,
    proposal: UUID,
    payload: ReviewDecisionIn,
    response: HttpResponse,
) -> ProposalOut:
    """The review page's decisions on the latest run, before publishing: ``lock``
    keeps the pair in every re-run, ``exclude`` keeps any run from pairing them again,
    ``clear`` takes the decision back. Send the proposal's ``ETag`` (from its GET) in
    ``If-Match``: if it changed since, the answer is 412 and nothing changes."""
    if payload.action not in ACTIONS:
        raise ValidationError({"action": "Choose lock, exclude or clear."})
    run = _run(request, slug, uuid)
    with transaction.atomic():
        # The run is locked while the proposal is compared: the API's decisions on it
        # queue, and no lock is taken in another order than the review services take them.
        MatchRun.objects.select_for_update().get(pk=run.pk)
        row = proposal_get_for_manager(run=run, uuid=proposal)
        if_match_check(request, row)
        if payload.action == "clear":
            review_decision_clear(actor=request.user, proposal=row)
        else:
            review_decision_set(actor=request.user, proposal=row, kind=payload.action)
    fresh = proposal_list(run=run).get(pk=row.pk)
    response["ETag"] = etag_for(fresh)
    return proposal_out(fresh)


@router.post(
    RUN + "/swap", response={200: SwapOut, **ERRORS_CHANGE}, summary="Swap two pairs' partners"
)
def proposals_swap(
    request: HttpRequest, slug: str, uuid: UUID, payload: SwapIn, response: HttpResponse
) -> SwapOut:
    """The review page's swap: the two proposed pairs exchange partners, if the rules
    allow both new pairs (otherwise 422 saying why); both new pairs are locked and
    re-scored. Send the run's ``ETag`` in ``If-Match`` to swap only in the run you read."""
    run = _run(request, slug, uuid)
    first, second = (proposal_get_for_manager(run=run, uuid=u) for u in payload.proposals)
    with transaction.atomic():
        if_match_check(request, MatchRun.objects.select_for_update().get(pk=run.pk))
        result = proposal_swap(actor=request.user, run=run, first=first, second=second)
    rows = proposal_list(run=run).filter(pk__in=[p.pk for p in result.proposals])
    response["ETag"] = etag_for(_run(request, slug, uuid))
    return SwapOut(
        proposals=[proposal_out(p) for p in rows],
        total_before=result.total_before,
        total_after=result.total_after,
    )


@router.post(
    RUN + "/share", response={200: MatchRunOut, **ERRORS_CHANGE}, summary="Share for preview"
)
def match_run_share_now(
    request: HttpRequest, slug: str, uuid: UUID, response: HttpResponse
) -> MatchRunOut:
    """For programs with a preview: each person may now see their own proposed partner
    (and is e-mailed), before publishing. Sharing twice changes nothing. Send the
    run's ``ETag`` in ``If-Match``."""
    run = _run(request, slug, uuid)
    with transaction.atomic():
        if_match_check(request, MatchRun.objects.select_for_update().get(pk=run.pk))
        match_run_share(actor=request.user, run=run)
    run = _run(request, slug, uuid)
    response["ETag"] = etag_for(run)
    return match_run_out(run, slug=slug)


@router.post(RUN + "/publish", response={200: PublishOut, **ERRORS_CHANGE}, summary="Publish a run")
def match_run_publish_now(
    request: HttpRequest, slug: str, uuid: UUID, response: HttpResponse
) -> PublishOut:
    """The run's proposals (but the opted-out ones) become pairs, the program becomes
    active and both sides of each pair are e-mailed. Publishing twice creates nothing
    the second time (``pairs_created`` is 0). Send the run's ``ETag`` in ``If-Match``."""
    run = _run(request, slug, uuid)
    with transaction.atomic():
        if_match_check(request, MatchRun.objects.select_for_update().get(pk=run.pk))
        created = match_run_publish(actor=request.user, run=run)
    run = _run(request, slug, uuid)
    response["ETag"] = etag_for(run)
    return PublishOut(run=match_run_out(run, slug=slug), pairs_created=created)
