"""Forms parse what the browser sent; the services decide whether it may be saved."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models.functions import Lower

from twoway.core.forms import DateInput
from twoway.core.models import User
from twoway.people.models import OrgUnit, Person, SelfDescription
from twoway.programs.eligibility import Criteria, enrollment_role_choices, rule_problems
from twoway.programs.models import (
    FORMAT_CHOICES,
    LINE_CHOICES,
    WINDOW_CHOICES,
    Enrollment,
    EnrollmentTopic,
    Program,
    Side,
)
from twoway.programs.presets import DEFAULT_CODE_OF_CONDUCT
from twoway.programs.selectors import sponsor_choices
from twoway.programs.services import PROGRAM_FIELDS, Topic
from twoway.programs.weights import WeightField
from twoway.skills.forms import LEVEL_FIELD_CHOICES
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.selectors import skill_did_you_mean, skill_resolve

REPORTING_LINE_CHOICES = [
    (0, "No rule: anyone may be paired with anyone"),
    (1, "Never with their own manager or direct reports"),
    (2, "… nor with the skip-level (manager’s manager) either way"),
    (3, "… nor anyone up to three levels up or down the reporting line"),
    (4, "… nor anyone up to four levels up or down the reporting line"),
    (5, "… nor anyone up to five levels up or down the reporting line"),
]


# Parts of the agreement's template a program writes on its form (the code of
# conduct has its own field; the cadence comes from the rhythm).
TEMPLATE_PARTS = ("confidentiality", "ending")
RELATIONSHIP_NUMBERS = (
    "risk_weeks_without_meeting",
    "risk_days_unsigned",
    "escalate_after_cancellations",
)


def _words(text: str) -> list[str]:
    return [word.strip() for word in (text or "").split(",") if word.strip()]


class SponsorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        person = getattr(obj, "person", None)
        return f"{person.name} ({obj.email})" if person else obj.email


class ProgramForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    slug = forms.CharField(
        label="Web address",
        max_length=80,
        required=False,
        help_text="The program’s address: /programs/<em>this-part</em>/. Leave it empty "
        "and it is made from the name.",
    )
    kind = forms.ChoiceField(label="Kind", choices=Program.Kind.choices)
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it exists, in a sentence or two. Invitations quote it.",
    )
    sponsor = SponsorField(
        label="Executive sponsor",
        queryset=sponsor_choices(),
        required=False,
        empty_label="No sponsor yet",
        help_text="Someone who holds the sponsor role. They see the program’s figures, "
        "never the names.",
    )
    starts_on = forms.DateField(label="Starts on", required=False, widget=DateInput())
    ends_on = forms.DateField(label="Ends on", required=False, widget=DateInput())
    planned_sessions = forms.IntegerField(label="Sessions", min_value=1, max_value=52, initial=6)
    weeks_between_sessions = forms.IntegerField(
        label="Weeks apart", min_value=1, max_value=26, initial=3
    )
    session_minutes = forms.IntegerField(
        label="Minutes each", min_value=15, max_value=480, initial=60
    )
    manager_approval = forms.BooleanField(
        label="Line managers approve each enrollment",
        required=False,
        help_text="The person’s line manager gets an e-mail to approve. Without a line "
        "manager who can sign in, the program’s managers approve.",
    )
    matching_style = forms.ChoiceField(
        label="Matching",
        choices=Program.MatchingStyle.choices,
        initial=Program.MatchingStyle.MANAGED,
        widget=forms.RadioSelect,
    )
    code_of_conduct = forms.CharField(
        label="Code of conduct",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=DEFAULT_CODE_OF_CONDUCT,
        help_text="Both sides agree to it before their first session.",
    )
    weight_teach = WeightField(label="Mentor teaches mentee", max_value=10, initial=1.0)
    weight_teach_back = WeightField(label="Mentee teaches back", max_value=10, initial=0.5)
    weight_crossing = WeightField(label="Lines crossed", max_value=10, initial=0.5)
    weight_level_gap = WeightField(label="Seniority gap", max_value=10, initial=0.2)
    weight_availability = WeightField(label="Times and formats", max_value=10, initial=0.2)
    weight_time_zone = WeightField(label="Working hours", max_value=10, initial=0.2)
    reporting_line_depth = forms.TypedChoiceField(
        label="Reporting lines",
        choices=REPORTING_LINE_CHOICES,
        coerce=int,
        initial=2,
        help_text="Pairs inside a reporting line are never proposed, as far up and down as "
        "chosen here.",
    )
    min_level_gap = forms.IntegerField(
        label="Minimum level gap",
        min_value=0,
        max_value=20,
        initial=0,
        help_text="How many levels the senior side must be above the junior side (0: no rule).",
    )
    must_differ = forms.MultipleChoiceField(
        label="Every pair must differ in",
        choices=LINE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A hard rule. Generation, gender and background count only for people who "
        "consented to share them; anyone else cannot be paired under that rule.",
    )
    valued_lines = forms.MultipleChoiceField(
        label="Crossing these lines scores higher",
        choices=LINE_CHOICES,
        required=False,
        initial=["department", "location"],
        widget=forms.CheckboxSelectMultiple,
        help_text="A preference, weighted by “Lines crossed”.",
    )
    max_time_zone_hours = forms.FloatField(
        label="Most hours between time zones",
        required=False,
        min_value=0,
        max_value=24,
        help_text="Leave empty for no limit.",
    )
    mentor_capacity = forms.IntegerField(
        label="Most mentees per mentor",
        min_value=1,
        max_value=20,
        initial=1,
        help_text="Each mentor chooses up to this many when they join.",
    )
    objective = forms.ChoiceField(
        label="Aim",
        choices=Program.Objective.choices,
        initial=Program.Objective.BEST_TOTAL,
        widget=forms.RadioSelect,
    )
    senior_preview = forms.BooleanField(
        label="Seniors preview their pair before it is published", required=False
    )
    junior_opt_out = forms.BooleanField(
        label="Juniors may opt out of their pair before it is published", required=False
    )
    agreement_confidentiality = forms.CharField(
        label="Confidentiality, with its exceptions",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Starts every pair’s agreement; the pair may change it. Leave empty for "
        "the standard text: the pairing is known, its content private, except a risk of "
        "harm or a breach of law or policy.",
    )
    agreement_ending = forms.CharField(
        label="How either side can end it",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty for the standard text: either side may end it at any time, "
        "with a reason that reaches the program’s managers only.",
    )
    sign_before_first_log = forms.BooleanField(
        label="Both sign the agreement before the first meeting is logged",
        required=False,
        initial=True,
    )
    risk_weeks_without_meeting = forms.IntegerField(
        label="At risk after this many weeks without a meeting",
        min_value=1,
        max_value=52,
        required=False,
        initial=6,
    )
    risk_days_unsigned = forms.IntegerField(
        label="At risk when the agreement is unsigned this many days after the match",
        min_value=1,
        max_value=180,
        required=False,
        initial=14,
    )
    escalate_after_cancellations = forms.IntegerField(
        label="Tell the sponsor after this many cancellations by one side",
        min_value=2,
        max_value=20,
        required=False,
        initial=3,
        help_text="The most common failure of reverse mentoring is the senior side "
        "cancelling; the sponsor hears of a pattern, never of what was said.",
    )
    managers = forms.CharField(
        label="Program managers",
        required=False,
        help_text="E-mail addresses of colleagues who run this program with you, separated "
        "by commas. They manage this program only.",
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        program: Program | None = None,
        **kwargs: Any,
    ):
        if program is not None:
            initial = {name: getattr(program, name) for name in PROGRAM_FIELDS}
            for part in TEMPLATE_PARTS:
                initial[f"agreement_{part}"] = program.agreement_template.get(part, "")
            kwargs.setdefault("initial", initial)
        super().__init__(data, **kwargs)
        if program is not None:
            del self.fields["managers"]  # managed on the program's page

    def clean_managers(self) -> list[User]:
        emails = [e.lower() for e in _words(self.cleaned_data.get("managers", ""))]
        users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise forms.ValidationError(
                f"No active login for {', '.join(unknown)}. Managers need a login first."
            )
        return [users[e] for e in dict.fromkeys(emails)]

    def program_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in PROGRAM_FIELDS}
        data["must_differ"] = list(data.get("must_differ", []))
        data["valued_lines"] = list(data.get("valued_lines", []))
        # Empty numbers keep the program's value (its default when new).
        for name in RELATIONSHIP_NUMBERS:
            if data.get(name) is None:
                data.pop(name, None)
        data["agreement_template"] = {
            part: text.strip()
            for part in TEMPLATE_PARTS
            if (text := self.cleaned_data.get(f"agreement_{part}") or "").strip()
        }
        return data

    # The form's sections, in order, for the template.
    SECTIONS = (
        ("About", ("name", "slug", "kind", "purpose", "sponsor", "managers")),
        ("Dates and rhythm", ("starts_on", "ends_on", "planned_sessions",
                              "weeks_between_sessions", "session_minutes")),
        ("Enrollment", ("manager_approval", "mentor_capacity", "code_of_conduct")),
        ("Who may be paired", ("reporting_line_depth", "min_level_gap", "must_differ",
                               "max_time_zone_hours")),
        ("What makes a good pair", ("weight_teach", "weight_teach_back", "weight_crossing",
                                    "valued_lines", "weight_level_gap", "weight_availability",
                                    "weight_time_zone")),
        ("Matching", ("matching_style", "objective", "senior_preview", "junior_opt_out")),
        ("The relationship", ("agreement_confidentiality", "agreement_ending",
                              "sign_before_first_log", "risk_weeks_without_meeting",
                              "risk_days_unsigned", "escalate_after_cancellations")),
    )  # fmt: skip

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]


# --- a new program, in short steps ------------------------------------------------------


class ProgramStepForm(forms.Form):
    """A few of ``ProgramForm``'s fields, for one step of setting up a program."""

    FIELDS: tuple[str, ...] = ()

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        program: Program | None = None,
        initial: Mapping[str, Any] | None = None,
    ):
        values = dict(initial or {})
        if program is not None:
            values |= {name: getattr(program, name) for name in self.FIELDS if name != "managers"}
        super().__init__(data, initial=values)
        self.fields = {
            name: copy.deepcopy(ProgramForm.base_fields[name])
            for name in self.FIELDS
            if name != "min_level_gap" or program is None or program.senior_side is not None
        }

    clean_managers = ProgramForm.clean_managers

    def program_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in PROGRAM_FIELDS}
        for name in ("must_differ", "valued_lines"):
            if name in data:
                data[name] = list(data[name])
        return data


class ProgramStartForm(ProgramStepForm):
    """Step 2: what the program is called, why it exists, who sponsors it, when."""

    FIELDS = (
        "name",
        "purpose",
        "sponsor",
        "starts_on",
        "ends_on",
        "planned_sessions",
        "weeks_between_sessions",
        "session_minutes",
        "managers",
    )
    RHYTHM = ("planned_sessions", "weeks_between_sessions", "session_minutes")


class ProgramMatchingForm(ProgramStepForm):
    """Step 4: how pairs are matched; the weights stay under "All settings"."""

    FIELDS = (
        "matching_style",
        "mentor_capacity",
        "reporting_line_depth",
        "min_level_gap",
        "must_differ",
        "valued_lines",
        "senior_preview",
        "junior_opt_out",
    )


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.path


class RuleForm(forms.Form):
    """One side's eligibility rule. Empty fields admit everyone."""

    min_level = forms.IntegerField(label="Level from", required=False, min_value=0, max_value=99)
    max_level = forms.IntegerField(label="Level to", required=False, min_value=0, max_value=99)
    min_tenure_months = forms.IntegerField(
        label="Tenure from (months)", required=False, min_value=0, max_value=600
    )
    max_tenure_months = forms.IntegerField(
        label="Tenure to (months)", required=False, min_value=0, max_value=600
    )
    departments_included = UnitChoiceField(
        label="Only these departments",
        queryset=OrgUnit.objects.order_by("path"),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each includes its teams. None ticked: every department.",
    )
    departments_excluded = UnitChoiceField(
        label="Except these departments",
        queryset=OrgUnit.objects.order_by("path"),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each excludes its teams too.",
    )
    generations = forms.MultipleChoiceField(
        label="Generations",
        choices=SelfDescription.Generation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    genders = forms.CharField(
        label="Genders",
        required=False,
        max_length=600,
        help_text="Words separated by commas, e.g. woman, non-binary. They match what "
        "people wrote themselves, whatever the letter case.",
    )
    backgrounds = forms.CharField(
        label="Backgrounds",
        required=False,
        max_length=600,
        help_text="Tags separated by commas; having any one of them admits a person.",
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        criteria: Criteria | None = None,
        **kwargs: Any,
    ):
        if criteria is not None:
            kwargs.setdefault(
                "initial",
                {
                    "min_level": criteria.min_level,
                    "max_level": criteria.max_level,
                    "min_tenure_months": criteria.min_tenure_months,
                    "max_tenure_months": criteria.max_tenure_months,
                    "departments_included": [u.uuid for u in criteria.departments_included],
                    "departments_excluded": [u.uuid for u in criteria.departments_excluded],
                    "generations": list(criteria.generations),
                    "genders": ", ".join(criteria.genders),
                    "backgrounds": ", ".join(criteria.backgrounds),
                },
            )
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors:
            for name, message in rule_problems(self.criteria()).items():
                self.add_error(name, message)
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            min_level=data.get("min_level"),
            max_level=data.get("max_level"),
            min_tenure_months=data.get("min_tenure_months"),
            max_tenure_months=data.get("max_tenure_months"),
            departments_included=tuple(data.get("departments_included") or ()),
            departments_excluded=tuple(data.get("departments_excluded") or ()),
            generations=tuple(data.get("generations") or ()),
            genders=tuple(_words(data.get("genders", ""))),
            backgrounds=tuple(_words(data.get("backgrounds", ""))),
        )

    def unit_rows(self, name: str) -> list[dict[str, Any]]:
        """The department checkboxes with their depth, to indent teams under departments."""
        field = self[name]
        return [{"widget": widget, "depth": widget.choice_label.count("/")} for widget in field]


class InviteForm(forms.Form):
    side = forms.ChoiceField(label="Invite", choices=Side.choices, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label="Department",
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        to_field_name="uuid",
        empty_label="Every department",
        help_text="Includes its teams.",
    )


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, e-mail or id"}),
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Enrollment.Status.choices]
    )
    side = forms.ChoiceField(
        label="Side", required=False, choices=[("", "Both sides"), *Side.choices]
    )
    department = forms.ModelChoiceField(
        label="Department",
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        to_field_name="uuid",
        empty_label="All departments",
    )


class ManagerAddForm(forms.Form):
    email = forms.EmailField(label="E-mail of a colleague with a login")

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(f"No login for {email}. Managers need a login first.")
        return user


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Program.Status.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    next = forms.CharField(required=False)


# --- joining ---------------------------------------------------------------------------

ROLE_LABELS: dict[str, str] = {
    Enrollment.Role.MENTOR: "Mentor: I will share what I know",
    Enrollment.Role.MENTEE: "Mentee: I want to learn",
    Enrollment.Role.BOTH: "Both: I will teach and learn",
}
# In a circles program the sides are juniors and seniors, who all present in turn.
CIRCLE_ROLE_LABELS: dict[str, str] = {
    Enrollment.Role.MENTOR: "Junior: I will present what I know and learn from seniors",
    Enrollment.Role.MENTEE: "Senior: I want to learn from junior colleagues, and present too",
    Enrollment.Role.BOTH: "Either: place me by my level",
}
DIRECTIONS = (
    (EnrollmentTopic.Direction.TEACH, PersonSkill.Direction.OFFER),
    (EnrollmentTopic.Direction.LEARN, PersonSkill.Direction.LEARN),
)


class EnrollmentForm(forms.Form):
    """Joining a program: the side, the topics (from the skills profile), times, goal."""

    role = forms.ChoiceField(label="I join as", widget=forms.RadioSelect)
    capacity = forms.TypedChoiceField(
        label="How many mentees could you take on?",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Mentors only.",
    )
    availability = forms.MultipleChoiceField(
        label="When could you meet?",
        choices=WINDOW_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label="How would you like to meet?",
        choices=FORMAT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goal = forms.CharField(
        label="What would you like to get out of it?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text="Up to 500 characters. Your pair and the program’s managers see it.",
    )
    teach_add = forms.CharField(label="Add a topic to teach", required=False, max_length=200)
    teach_add_level = forms.TypedChoiceField(
        label="How well you know it", choices=LEVEL_FIELD_CHOICES, coerce=int, initial=3
    )
    learn_add = forms.CharField(label="Add a topic to learn", required=False, max_length=200)
    learn_add_level = forms.TypedChoiceField(
        label="Where you start", choices=LEVEL_FIELD_CHOICES, coerce=int, initial=1
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        program: Program,
        person: Person,
        sides: list[str],
        enrollment: Enrollment | None = None,
    ):
        self.program = program
        roles = enrollment_role_choices(program, sides)
        # The enrollment, once its person has joined (not just been invited or left).
        joined = (
            enrollment
            if enrollment is not None
            and enrollment.status not in (Enrollment.Status.INVITED, Enrollment.Status.WITHDRAWN)
            else None
        )
        initial: dict[str, Any] = {"capacity": 1}
        if enrollment is not None and enrollment.role in roles:
            initial["role"] = enrollment.role
        elif len(roles) == 1:
            initial["role"] = roles[0]
        if joined is not None:
            initial.update(
                capacity=joined.capacity,
                availability=joined.availability,
                formats=joined.formats,
                goal=joined.goal,
            )
        super().__init__(data, initial=initial)
        # ``fields`` is typed as plain ``Field``s; these two are declared above as choice fields.
        labels = CIRCLE_ROLE_LABELS if program.kind == Program.Kind.CIRCLES else ROLE_LABELS
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r, labels[r]) for r in roles]
        cast(forms.ChoiceField, self.fields["capacity"]).choices = [
            (n, str(n)) for n in range(1, program.mentor_capacity + 1)
        ]
        if program.mentor_capacity == 1:
            self.fields["capacity"].widget = forms.HiddenInput()
        self.topic_rows: dict[str, list[dict[str, Any]]] = {}
        chosen: dict[tuple[str, int], EnrollmentTopic] = {}
        if joined is not None:
            chosen = {(t.direction, t.skill_id): t for t in joined.topics.all()}
        profile = person.skills.select_related("skill").order_by(Lower("skill__name"))
        by_direction: dict[str, dict[int, tuple[Skill, int]]] = {d: {} for d, _ in DIRECTIONS}
        to_topic: dict[str, str] = {p: d for d, p in DIRECTIONS}
        for row in profile:
            by_direction[to_topic[row.direction]][row.skill_id] = (row.skill, row.level)
        for (direction, skill_id), topic in chosen.items():
            by_direction[direction].setdefault(skill_id, (topic.skill, topic.level))
        for direction, skills in by_direction.items():
            rows: list[dict[str, Any]] = []
            for skill_id, (skill, level) in skills.items():
                key = f"{direction}_{skill.uuid.hex}"
                picked = chosen.get((direction, skill_id))
                self.fields[key] = forms.BooleanField(
                    label=skill.name, required=False, initial=picked is not None or joined is None
                )
                self.fields[f"{key}_level"] = forms.TypedChoiceField(
                    label=f"Level for {skill.name}",
                    choices=LEVEL_FIELD_CHOICES,
                    coerce=int,
                    initial=picked.level if picked else level,
                )
                rows.append({"skill": skill, "include": self[key], "level": self[f"{key}_level"]})
            rows.sort(key=lambda r: r["skill"].name.lower())
            self.topic_rows[direction] = rows

    @property
    def teach_rows(self) -> list[dict[str, Any]]:
        return self.topic_rows[EnrollmentTopic.Direction.TEACH]

    @property
    def learn_rows(self) -> list[dict[str, Any]]:
        return self.topic_rows[EnrollmentTopic.Direction.LEARN]

    def _resolve(self, name: str) -> Skill | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        found = skill_resolve(text=text)
        if len(found) == 1:
            return found[0]
        if found:
            names = " or ".join(f"“{s.name}”" for s in found)
            self.add_error(name, f"“{text}” could mean {names}: type the one you mean.")
            return None
        options = skill_did_you_mean(text=text)
        hint = " Did you mean " + " or ".join(f"“{n}”" for n in options) + "?" if options else ""
        self.add_error(name, f"“{text}” is not in the skills catalogue.{hint}")
        return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        topics: dict[tuple[int, str], Topic] = {}
        for direction, rows in self.topic_rows.items():
            for row in rows:
                if data.get(row["include"].name):
                    level = data.get(row["level"].name) or 3
                    topics[(row["skill"].pk, direction)] = Topic(row["skill"], direction, level)
            added = self._resolve(f"{direction}_add")
            if added is not None:
                level = data.get(f"{direction}_add_level") or 3
                topics[(added.pk, direction)] = Topic(added, direction, level)
        self.topics = list(topics.values())
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "topics": self.topics,
            "capacity": data.get("capacity") or 1,
            "availability": data.get("availability", []),
            "formats": data.get("formats", []),
            "goal": data.get("goal", ""),
        }
