"""Reads about programs and enrollments, each scoped to the user asking.

``program_get_for_manager`` and ``program_get_for_user`` are the access helpers:
every page about one program starts with one of them, and anybody who may not
know the program exists gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from twoway.core.access import object_or_404
from twoway.core.actors import Actor, RequestUser
from twoway.core.models import Role, RoleGrant, User
from twoway.core.roles import user_managed_program_ids, user_manages_program
from twoway.people.access import user_person
from twoway.people.models import OrgUnit, Person, unit_subtree_q
from twoway.programs.eligibility import (
    RULES_PREFETCH,
    hr_admitted_person_ids,
    person_eligible_sides,
    program_criteria,
    rule_uses_self_descriptions,
    self_description_values,
)
from twoway.programs.models import Enrollment, Program, Side

MANAGER, SPONSOR, PARTICIPANT = "manager", "sponsor", "participant"
ENROLLED = Enrollment.Status.ENROLLED
PENDING = Enrollment.Status.PENDING_APPROVAL
INVITED = Enrollment.Status.INVITED
# Which enrollment roles count on each side.
SIDE_ROLES: dict[str, tuple[Enrollment.Role, Enrollment.Role]] = {
    Side.MENTOR: (Enrollment.Role.MENTOR, Enrollment.Role.BOTH),
    Side.MENTEE: (Enrollment.Role.MENTEE, Enrollment.Role.BOTH),
}


# --- access ---------------------------------------------------------------------


def program_can_create(user: Actor) -> bool:
    """Administrators and organisation-wide program managers create programs (and
    choose each program's managers); a manager of one program does not."""
    return user is not None and user.is_authenticated and user_managed_program_ids(user) is None


def _program_by_slug(slug: str) -> Program:
    try:
        return Program.objects.select_related("sponsor").get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program") from None


def program_get_for_manager(*, user: RequestUser, slug: str) -> Program:
    """The program ``slug`` if ``user`` runs it (administrator, organisation-wide
    program manager, or a manager of this program); otherwise Http404."""
    program = _program_by_slug(slug)
    if not user_manages_program(user, program):
        raise Http404("No such program")
    return program


def program_relation(*, user: RequestUser, program: Program) -> str:
    """How ``user`` sees ``program``: "manager", "sponsor", "participant" or ""
    (may not know it exists).

    Participants are people with an enrollment in it (invited, waiting, enrolled,
    left or not approved), and, while it is enrolling, anyone eligible to join.
    """
    if user_manages_program(user, program):
        return MANAGER
    if program.sponsor_id is not None and program.sponsor_id == user.pk:
        return SPONSOR
    person = user_person(user)
    if person is None:
        return ""
    if program.enrollments.filter(person=person).exists():
        return PARTICIPANT
    if program.status == Program.Status.ENROLLING and person_eligible_sides(program, person):
        return PARTICIPANT
    return ""


def program_get_for_user(*, user: RequestUser, slug: str) -> tuple[Program, str]:
    """The program ``slug`` and the user's relation to it (see ``program_relation``);
    Http404 for anyone who may not know it exists."""
    program = _program_by_slug(slug)
    relation = program_relation(user=user, program=program)
    if not relation:
        raise Http404("No such program")
    return program, relation


# --- lists and counts -------------------------------------------------------------


def _count_annotations() -> dict[str, Count]:
    return {
        "invited_count": Count("enrollments", filter=Q(enrollments__status=INVITED)),
        "pending_count": Count("enrollments", filter=Q(enrollments__status=PENDING)),
        "mentor_count": Count(
            "enrollments",
            filter=Q(enrollments__status=ENROLLED, enrollments__role__in=SIDE_ROLES[Side.MENTOR]),
        ),
        "mentee_count": Count(
            "enrollments",
            filter=Q(enrollments__status=ENROLLED, enrollments__role__in=SIDE_ROLES[Side.MENTEE]),
        ),
    }


def program_list_for_user(*, user: RequestUser, status: str = "") -> QuerySet[Program]:
    """Programs the user runs or sponsors, with their enrollment counts, newest first."""
    managed = user_managed_program_ids(user)
    if managed is None:
        programs = Program.objects.all()
    else:
        programs = Program.objects.filter(Q(pk__in=managed) | Q(sponsor=user))
    if status:
        programs = programs.filter(status=status)
    return (
        programs.select_related("sponsor__person")
        .annotate(**_count_annotations())
        .order_by("-created_at", "name")
    )


def program_counts(*, program: Program) -> dict[str, dict[str, int]]:
    """Enrollments by side and status, e.g. ``counts["mentor"]["enrolled"]``.
    Someone enrolled as "both" counts on both sides."""
    counts = {side: dict.fromkeys(Enrollment.Status.values, 0) for side in Side.values}
    rows = program.enrollments.values_list("role", "status").annotate(n=Count("pk"))
    for role, status, n in rows:
        for side, roles in SIDE_ROLES.items():
            if role in roles:
                counts[side][status] += n
    return counts


def program_managers(*, program: Program) -> QuerySet[RoleGrant]:
    """The managers of this program alone (not the organisation-wide ones)."""
    return (
        RoleGrant.objects.filter(program=program, role=Role.PROGRAM_MANAGER)
        .select_related("user__person")
        .order_by("user__email")
    )


def sponsor_choices() -> QuerySet[User]:
    """Active users holding the sponsor role, who may sponsor a program."""
    return (
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.SPONSOR,
            role_grants__program__isnull=True,
        )
        .select_related("person")
        .order_by("email")
        .distinct()
    )


def enrollment_list(
    *,
    program: Program,
    status: str = "",
    side: str = "",
    q: str = "",
    department: OrgUnit | None = None,
) -> QuerySet[Enrollment]:
    """A program's enrollments for its managers, filtered, by name."""
    rows = program.enrollments.select_related(
        "person__department", "person__manager__user", "decided_by"
    ).prefetch_related("topics__skill")
    if status:
        rows = rows.filter(status=status)
    if side in SIDE_ROLES:
        rows = rows.filter(role__in=SIDE_ROLES[side])
    if q:
        rows = rows.filter(
            Q(person__name__icontains=q)
            | Q(person__email__icontains=q)
            | Q(person__employee_id__iexact=q)
        )
    if department is not None:
        rows = rows.filter(unit_subtree_q(department, "person__"))
    return rows.order_by("person__name", "person__employee_id")


def enrollment_line_manager(enrollment: Enrollment) -> User | None:
    """Who approves this enrollment as line manager: the person's manager, if they
    are still here and have an active login. Otherwise the program managers do."""
    manager = enrollment.person.manager
    if manager is None or manager.has_left:
        return None
    user = manager.user
    return user if user is not None and user.is_active else None


def user_is_line_manager(user: Actor, enrollment: Enrollment) -> bool:
    """Does ``user`` approve ``enrollment`` as the person's line manager?"""
    line_manager = enrollment_line_manager(enrollment)
    return line_manager is not None and user is not None and line_manager.pk == user.pk


def enrollment_awaiting_line_manager(*, user: RequestUser) -> QuerySet[Enrollment]:
    """Enrollments waiting for ``user``'s approval as the person's line manager."""
    person = user_person(user)
    if person is None:
        return Enrollment.objects.none()
    return (
        Enrollment.objects.filter(status=PENDING, person__manager=person)
        .exclude(program__status=Program.Status.CLOSED)
        .select_related("program", "person__department")
        .prefetch_related("topics__skill")
        .order_by("created_at")
    )


def enrollment_get_for_decider(*, user: RequestUser, uuid: UUID | str) -> Enrollment:
    """An enrollment its line manager or its program's managers may decide on; 404
    for anybody else."""
    enrollment = object_or_404(
        Enrollment.objects.select_related("program", "person__manager__user", "person__department"),
        "No such enrollment",
        uuid=uuid,
    )
    if user_is_line_manager(user, enrollment) or user_manages_program(user, enrollment.program):
        return enrollment
    raise Http404("No such enrollment")


def enrollment_for_person(*, program: Program, person: Person) -> Enrollment | None:
    return (
        program.enrollments.filter(person=person)
        .prefetch_related("topics__skill")
        .select_related("program")
        .first()
    )


# --- the participant's view ---------------------------------------------------------


@dataclass
class MyPrograms:
    invitations: list[Enrollment] = field(default_factory=list)
    open: list[tuple[Program, list[str]]] = field(default_factory=list)  # with eligible sides
    enrollments: list[Enrollment] = field(default_factory=list)
    approvals_waiting: int = 0


def my_programs(*, user: RequestUser) -> MyPrograms:
    """What "My programs" shows: invitations to answer, programs open to the person,
    and their own enrollments. A fixed number of queries however many programs.

    Each enrollment in an enrolling program carries ``sides``: the sides the person
    may (re)join today.
    """
    person = user_person(user)
    result = MyPrograms()
    if person is None:
        return result
    mine = list(
        person.enrollments.select_related("program")
        .prefetch_related("topics__skill")
        .order_by("-program__created_at")
    )
    candidates = list(
        Program.objects.filter(status=Program.Status.ENROLLING)
        .exclude(pk__in=[e.program_id for e in mine])
        .prefetch_related(RULES_PREFETCH)
        .order_by("name")
    )
    enrolling = [e.program for e in mine if e.program.status == Program.Status.ENROLLING]
    # Only the programs still enrolling need their rules.
    prefetch_related_objects(enrolling, RULES_PREFETCH)
    if enrolling or candidates:
        # The rules may name departments: the person's, with its place in the tree.
        person = Person.objects.select_related("department").get(pk=person.pk)
    values: dict[str, str] = {}
    if any(
        c is not None and (c.generations or c.genders or c.backgrounds)
        for program in [*enrolling, *candidates]
        for c in program_criteria(program).values()
    ):
        values = self_description_values(person)
    for enrollment in mine:
        enrollment.sides = (
            person_eligible_sides(enrollment.program, person, values=values)
            if enrollment.program.status == Program.Status.ENROLLING
            else []
        )
        if enrollment.status == INVITED:
            if enrollment.program.status == Program.Status.ENROLLING and enrollment.sides:
                result.invitations.append(enrollment)
        else:
            result.enrollments.append(enrollment)
    for program in candidates:
        sides = person_eligible_sides(program, person, values=values)
        if sides:
            result.open.append((program, sides))
    result.approvals_waiting = enrollment_awaiting_line_manager(user=user).count()
    return result


# --- invitations ----------------------------------------------------------------------


@dataclass
class InvitePlan:
    """Who an invitation would reach, before anything is sent."""

    side: str
    department: OrgUnit | None
    eligible: int = 0  # eligible on this side (within the department, if any)
    already: int = 0  # of those, already invited or enrolled in any way
    person_ids: list[int] = field(default_factory=list)  # those to invite now
    without_login: int = 0  # of those, people who get a login with the invitation
    self_described: bool = False  # the rule also asks for self-descriptions

    @property
    def count(self) -> int:
        return len(self.person_ids)


def invite_plan(*, program: Program, side: str, department: OrgUnit | None = None) -> InvitePlan:
    """Eligible people on ``side`` (in ``department`` and its teams, if given) who
    have no enrollment in the program yet: the ones an invitation would reach."""
    plan = InvitePlan(side=side, department=department)
    criteria = program_criteria(program).get(side)
    if criteria is None:
        return plan
    # Invitations follow the HR clauses only: a list of who matches a
    # self-description would tell the managers each invitee's answer.
    plan.self_described = rule_uses_self_descriptions(criteria)
    eligible = hr_admitted_person_ids(criteria, within=department, today=timezone.localdate())
    taken = set(program.enrollments.values_list("person_id", flat=True))
    plan.eligible = len(eligible)
    plan.already = len(eligible & taken)
    plan.person_ids = sorted(eligible - taken)
    if plan.person_ids:
        with_login = set(
            Person.objects.filter(user__isnull=False, user__is_active=True).values_list(
                "pk", flat=True
            )
        )
        plan.without_login = sum(1 for pk in plan.person_ids if pk not in with_login)
    return plan
