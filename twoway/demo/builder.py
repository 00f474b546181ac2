"""A believable demo organisation, the same for the same seed.

Harbour & Vale is a services company with a CEO, departments and teams, a
level pyramid, a manager tree, hire dates, generations, consented
self-descriptions and skills that follow career stage and department: early
career people are strong in AI tools and social media, senior people in
strategy and negotiation — with plenty of exceptions, as in any real company.

Everything random comes from one ``random.Random(seed)``, so a seed always
gives the same people, managers and skills.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import Role, RoleGrant, User
from twoway.demo.programs import demo_programs
from twoway.people.models import LevelLabel, OrgUnit, Person, SelfDescription
from twoway.skills.models import PersonSkill, SelfAssessment, SelfAssessmentAnswer, Skill

T = TypeVar("T")

DOMAIN = "harbourvale.example"
BATCH = 5000

LEVELS = {
    1: "Apprentice",
    2: "Associate",
    3: "Senior associate",
    4: "Specialist",
    5: "Manager",
    6: "Senior manager",
    7: "Head of",
    8: "Director",
    9: "Vice president",
    10: "Chief executive",
}
# Share of headcount at levels 1..7; levels 8-10 are the heads, placed by structure.
PYRAMID = [13, 22, 21, 16, 13, 9, 6]

# Root department -> (share of headcount, teams, skills it is strong in).
DEPARTMENTS: dict[str, tuple[float, list[str], list[str]]] = {
    "Finance": (
        8,
        ["Accounting", "Financial planning"],
        [
            "Financial acumen",
            "Spreadsheet automation",
            "Economic and market trends",
            "Dashboards and data visualisation",
        ],
    ),
    "Marketing": (
        10,
        ["Brand", "Digital", "Communications"],
        [
            "Short-form video",
            "Social listening",
            "Influencer and creator marketing",
            "Customer perception of our brand",
            "LinkedIn for leaders",
        ],
    ),
    "Sales": (
        17,
        ["EMEA", "Americas", "Asia-Pacific"],
        [
            "Negotiation",
            "Customer perception of our brand",
            "Digital customer journeys",
            "Stakeholder management",
        ],
    ),
    "Technology": (
        15,
        ["Platform", "Data", "Security"],
        [
            "Cybersecurity habits",
            "Cloud basics",
            "Data literacy",
            "Automating work with AI",
            "No-code and low-code tools",
        ],
    ),
    "Operations": (
        24,
        ["Supply chain", "Customer service"],
        [
            "Handling a crisis",
            "Digital customer journeys",
            "Difficult conversations",
            "Spreadsheet automation",
        ],
    ),
    "People": (
        6,
        ["Talent", "Learning & Development"],
        [
            "Employee experience",
            "Inclusive language",
            "How younger employees see work",
            "Neurodiversity at work",
            "Difficult conversations",
        ],
    ),
    "Legal & Compliance": (4, [], ["Responsible AI use", "Negotiation", "Handling a crisis"]),
    "Product": (
        9,
        ["Design", "Research"],
        [
            "Accessibility",
            "Digital customer journeys",
            "Start-up ways of working",
            "New business models",
            "AI image and media tools",
        ],
    ),
    "Strategy & Ventures": (
        3,
        [],
        ["Corporate strategy", "New business models", "Emerging markets and customers"],
    ),
}

# How much a skill belongs to early careers (+1) or late careers (-1).
CATEGORY_STAGE = {
    "ai_tools": 0.9,
    "social_media": 0.8,
    "digital_tools": 0.4,
    "technology": 0.4,
    "current_events": 0.5,
    "attitudes": 0.5,
    "inclusion": 0.3,
    "tough_situations": -0.7,
    "new_business": 0.0,
    "strategy": -0.9,
    "leadership": -0.6,
}
SKILL_STAGE = {
    "Economic and market trends": -0.3,
    "Customer perception of our brand": 0.3,
    "Resilience and wellbeing": 0.0,
    "Start-up ways of working": 0.4,
    "Career navigation": -0.4,
    "Public speaking": -0.3,
    "Dashboards and data visualisation": 0.2,
    "Spreadsheet automation": 0.0,
    "LinkedIn for leaders": 0.3,
}

LOCATIONS = [
    ("London", "Europe/London", 30),
    ("Manchester", "Europe/London", 10),
    ("Berlin", "Europe/Berlin", 9),
    ("Paris", "Europe/Paris", 7),
    ("Madrid", "Europe/Madrid", 5),
    ("New York", "America/New_York", 12),
    ("Toronto", "America/Toronto", 6),
    ("Singapore", "Asia/Singapore", 8),
    ("Bangalore", "Asia/Kolkata", 9),
    ("Sydney", "Australia/Sydney", 4),
]

FIRST_NAMES = (
    "Aisha Alex Amara Amir Ana Andrea Anjali Ben Bianca Carlos Chen Chloe Chidi Dan Daniela "
    "Dev Elena Emeka Emma Fatima Felix Freya Gabriel Grace Hana Harvey Ibrahim Ines Isla Ivan "
    "Jack Jamal Jana Jin Joao Jonas Julia Kai Kemi Kenji Lara Leo Lena Liam Lina Lucas Maya "
    "Mei Marco Maria Mateo Mia Mohammed Nadia Naomi Nia Nikhil Noah Nora Olga Oliver Omar "
    "Priyanka Rahul Rania Ravi Rosa Ruth Sam Sara Sean Sofia Sophie Tariq Theo Tomas Uma "
    "Valentina Victor Wei Yara Yusuf Zainab Zoe Arjun Beatriz Callum Dina Erik Farah Hugo "
    "Ingrid Kwame Layla Malik Niamh Owen Pilar Quentin Rohan Signe Tomasz Ugo Wanjiru Ximena"
).split()
LAST_NAMES = [
    *(
        "Adams Ahmed Alvarez Andersen Bakker Banerjee Bauer Becker Brown Campbell Chen Cohen "
        "Costa Dubois Edwards Eriksson Evans Fernandes Fischer Garcia Gonzalez Gupta "
        "Hansen Hughes Ibrahim Iyer Jansen Johnson Kaur Khan Kim Kowalski Kumar Larsen Laurent "
        "Lee Lopez Martin Mehta Meyer Mensah Moreau Murphy Nakamura Nguyen Novak Obi Okafor "
        "Olsen Patel Perez Petrov Quinn Rahman Reddy Rossi Russo Sato Schmidt Shah Silva Singh "
        "Smith Sorensen Tanaka Taylor Thomas Tran Walker Wang Watanabe Weber Williams "
        "Wilson Wong Yilmaz Young Zhang Ziegler Osei Nwosu Haddad Farouk Lindqvist Moretti"
    ).split(),
    "da Silva",
    "van Dijk",
    "O'Brien",
    "de la Cruz",
]
GENDERS = [
    ("Woman", 46),
    ("Man", 46),
    ("Non-binary", 3),
    ("Genderfluid", 1),
    ("Agender", 1),
    ("Transgender woman", 1),
    ("Transgender man", 1),
    ("Woman, trans", 1),
]
BACKGROUNDS = [
    "first-generation graduate",
    "career changer",
    "grew up abroad",
    "working parent",
    "carer",
    "military veteran",
    "apprenticeship route",
    "neurodivergent",
    "speaks three languages",
    "returner after a career break",
    "disabled",
    "LGBTQ+",
]


class DemoUser(NamedTuple):
    """A demo login: who it is in the organisation, and the skills it shows off."""

    key: str
    role: str | None
    unit: str
    level: int
    name: str
    title: str
    offers: list[tuple[str, int]]
    wants: list[tuple[str, int]]

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".").replace("'", "") + "@" + DOMAIN

    @property
    def label(self) -> str:
        return DEMO_ROLE_LABEL[self.key]


DEMO_USERS = [
    DemoUser(
        "admin",
        Role.ADMINISTRATOR,
        "Technology/Platform",
        5,
        "Ada Mensah",
        "Platform Manager",
        [("Cloud basics", 5), ("Cybersecurity habits", 4)],
        [("Public speaking", 2)],
    ),
    DemoUser(
        "manager",
        Role.PROGRAM_MANAGER,
        "People/Learning & Development",
        5,
        "Priya Raman",
        "Learning & Development Partner",
        [("Employee experience", 5), ("Inclusive language", 4)],
        [("Data literacy", 2)],
    ),
    DemoUser(
        "sponsor",
        Role.SPONSOR,
        "Operations",
        9,
        "Solomon Berg",
        "Chief Operating Officer",
        [("Handling a crisis", 5), ("Leading teams", 5), ("Corporate strategy", 4)],
        [("Generative AI assistants", 1), ("How younger employees see work", 2)],
    ),
    DemoUser(
        "safeguarding",
        Role.SAFEGUARDING_CONTACT,
        "People",
        6,
        "Grace Okafor",
        "Employee Wellbeing Lead",
        [("Employee experience", 4), ("Handling a crisis", 3)],
        [("Generative AI assistants", 2)],
    ),
    DemoUser(
        "mentor",
        None,
        "Marketing/Digital",
        2,
        "Maya Chen",
        "Digital Marketing Associate",
        [
            ("Short-form video", 5),
            ("Generative AI assistants", 4),
            ("Trends in youth culture", 5),
            ("Social listening", 4),
            ("Inclusive language", 3),
        ],
        [
            ("Corporate strategy", 1),
            ("Financial acumen", 2),
            ("Negotiation", 1),
            ("Career navigation", 2),
            ("Public speaking", 2),
        ],
    ),
    DemoUser(
        "mentee",
        None,
        "Finance",
        9,
        "Richard Hale",
        "Chief Financial Officer",
        [
            ("Financial acumen", 5),
            ("Negotiation", 5),
            ("Corporate strategy", 4),
            ("Board and executive communication", 5),
            ("Leading teams", 4),
        ],
        [
            ("Generative AI assistants", 1),
            ("Short-form video", 1),
            ("LinkedIn for leaders", 2),
            ("How younger employees see work", 2),
        ],
    ),
]
DEMO_ROLE_LABEL = {
    "admin": "administrator",
    "manager": "program manager",
    "sponsor": "executive sponsor",
    "safeguarding": "safeguarding contact",
    "mentor": "junior mentor",
    "mentee": "senior mentee",
}


@dataclass
class DemoLogin:
    label: str
    email: str
    password: str
    name: str


@dataclass
class DemoReport:
    people: int = 0
    org_units: int = 0
    person_skills: int = 0
    self_descriptions: int = 0
    assessments: int = 0
    programs: int = 0
    pairs: int = 0
    seconds: float = 0.0
    logins: list[DemoLogin] = field(default_factory=list)


def demo_password(seed: int) -> str:
    return f"twoway-demo-{seed}"


def demo_logins(seed: int) -> list[DemoLogin]:
    """The demo logins that exist in the database, with their (seed-derived) password."""
    by_email = {
        p.email: p.name
        for p in Person.objects.filter(user__isnull=False, email__endswith="@" + DOMAIN)
    }
    return [
        DemoLogin(user.label, user.email, demo_password(seed), user.name)
        for user in DEMO_USERS
        if user.email in by_email
    ]


class _Builder:
    def __init__(
        self, *, people: int, seed: int, today: dt.date, progress: Callable[[str], None]
    ) -> None:
        if people < 20:
            raise ValueError("A demo organisation needs at least 20 people.")
        self.n = people
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress
        self.report = DemoReport()
        # Demo logins have fixed addresses; nobody else may draw them.
        self.emails: set[str] = {user.email for user in DEMO_USERS}

    # --- helpers ---------------------------------------------------------
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick_weighted(self, options: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def unique_email(self, first: str, last: str) -> str:
        base = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
        email = f"{base}@{DOMAIN}"
        n = 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@{DOMAIN}"
        self.emails.add(email)
        return email

    # --- structure -------------------------------------------------------
    def build_units(self) -> None:
        units: dict[str, OrgUnit] = {}

        def unit(path: str) -> OrgUnit:
            parent_path, _, name = path.rpartition("/")
            obj = OrgUnit(
                uuid=self.uuid(),
                name=name,
                path=path,
                parent=units[parent_path] if parent_path else None,
            )
            obj.save()
            units[path] = obj
            return obj

        unit("Executive")
        for root, (_share, teams, _skills) in DEPARTMENTS.items():
            unit(root)
            for team in teams:
                unit(f"{root}/{team}")
        self.units = units
        self.report.org_units = len(units)
        LevelLabel.objects.bulk_create(
            [LevelLabel(level=k, label=v) for k, v in LEVELS.items()], ignore_conflicts=True
        )

    def plan_people(self) -> list[dict]:
        """Decide everyone's level, team and manager (as indexes) before any insert."""
        rng = self.rng
        plan: list[dict] = []

        def add(level: int, unit_path: str, manager: int | None, title: str) -> int:
            plan.append(
                {
                    "level": level,
                    "unit": unit_path,
                    "manager": manager,
                    "title": title,
                    "reports": 0,
                }
            )
            return len(plan) - 1

        ceo = add(10, "Executive", None, "Chief Executive Officer")
        leaf_units: list[tuple[str, float, int]] = []  # (path, share, head index)
        for root, (share, teams, _skills) in DEPARTMENTS.items():
            head = add(
                9,
                root,
                ceo,
                f"Chief {root} Officer"
                if root in {"Finance", "Operations", "People", "Technology", "Marketing", "Product"}
                else f"VP {root}",
            )
            if teams:
                for team in teams:
                    lead = add(8, f"{root}/{team}", head, f"Director, {team}")
                    leaf_units.append((f"{root}/{team}", share / len(teams), lead))
            else:
                leaf_units.append((root, share, head))
        remaining = self.n - len(plan)
        if remaining < 0:
            raise ValueError(f"A demo organisation needs at least {len(plan)} people.")
        # Everyone else: a level from the pyramid and a team by headcount share.
        levels = rng.choices(range(1, 8), weights=PYRAMID, k=remaining)
        unit_choice = rng.choices(
            range(len(leaf_units)), weights=[u[1] for u in leaf_units], k=remaining
        )
        members: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, (_path, _share, lead) in enumerate(leaf_units):
            members[i][plan[lead]["level"]].append(lead)
        order = sorted(range(remaining), key=lambda k: -levels[k])
        titles = {
            1: "Apprentice, {}",
            2: "Associate, {}",
            3: "Senior Associate, {}",
            4: "Specialist, {}",
            5: "{} Manager",
            6: "Senior {} Manager",
            7: "Head of {}",
        }
        for k in order:
            level, u = levels[k], unit_choice[k]
            path, _share, lead = leaf_units[u]
            team = " ".join(w[0].upper() + w[1:] for w in path.rsplit("/", 1)[-1].split())
            manager = self._choose_manager(plan, members[u], level, lead)
            idx = add(level, path, manager, titles[level].format(team))
            plan[manager]["reports"] += 1
            members[u][level].append(idx)
        return plan

    def _choose_manager(
        self, plan: list[dict], by_level: dict[int, list[int]], level: int, lead: int
    ) -> int:
        # Nearest level above with room (span of control ~8), else the team lead.
        for above in range(level + 1, min(level + 4, 9)):
            candidates = by_level.get(above)
            if not candidates:
                continue
            for _ in range(3):
                pick = candidates[self.rng.randrange(len(candidates))]
                if plan[pick]["reports"] < 8:
                    return pick
        return lead

    # --- people ----------------------------------------------------------
    def make_person(self, spec: dict, index: int) -> tuple[Person, dict]:
        rng = self.rng
        level = spec["level"]
        age = min(66, max(19, round(21 + (level - 1) * 3.4 + rng.gauss(0, 5))))
        birth_year = self.today.year - age
        tenure_years = min(age - 19, rng.expovariate(1 / (1.5 + level * 1.3)))
        hire = self.today - dt.timedelta(days=int(tenure_years * 365.25) + rng.randrange(0, 60))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city, tz, _w = rng.choices(LOCATIONS, weights=[w for *_x, w in LOCATIONS])[0]
        person = Person(
            uuid=self.uuid(),
            employee_id=f"HV{index + 1:06d}",
            name=f"{first} {last}",
            email=self.unique_email(first, last),
            job_title=spec["title"],
            level=level,
            department=self.units[spec["unit"]],
            location=city,
            time_zone=tz,
            hire_date=hire,
        )
        traits = {
            "birth_year": birth_year,
            "stage": min(1.0, max(0.0, (level - 1) / 9 + rng.gauss(0, 0.08))),
            "flipped": rng.random() < 0.12,
        }
        return person, traits

    def generation(self, birth_year: int) -> str:
        if birth_year >= 1997:
            return SelfDescription.Generation.GEN_Z
        if birth_year >= 1981:
            return SelfDescription.Generation.MILLENNIAL
        if birth_year >= 1965:
            return SelfDescription.Generation.GEN_X
        return SelfDescription.Generation.BOOMER

    def self_descriptions(self, person: Person, traits: dict) -> list[SelfDescription]:
        rng = self.rng
        rows = []
        if rng.random() < 0.62:
            rows.append(
                SelfDescription(
                    uuid=self.uuid(),
                    person=person,
                    kind=SelfDescription.Kind.GENERATION,
                    value=self.generation(traits["birth_year"]),
                )
            )
        if rng.random() < 0.48:
            rows.append(
                SelfDescription(
                    uuid=self.uuid(),
                    person=person,
                    kind=SelfDescription.Kind.GENDER,
                    value=self.pick_weighted(GENDERS),
                )
            )
        if rng.random() < 0.22:
            tags = rng.sample(BACKGROUNDS, k=rng.choice([1, 1, 2, 3]))
            rows.append(
                SelfDescription(
                    uuid=self.uuid(),
                    person=person,
                    kind=SelfDescription.Kind.BACKGROUND,
                    value=", ".join(tags),
                )
            )
        return rows

    # --- skills ----------------------------------------------------------
    def prepare_skills(self) -> None:
        self.skills = list(Skill.objects.filter(is_active=True).order_by("name"))
        if not self.skills:
            raise ValueError("The skills catalogue is empty; run the migrations first.")
        self.key_skills = [s for s in self.skills if s.is_key]
        self.skill_stage = [
            SKILL_STAGE.get(s.name, CATEGORY_STAGE.get(s.category, 0.0)) for s in self.skills
        ]
        index = {s.name: i for i, s in enumerate(self.skills)}
        self.dept_boost = {
            root: {index[name] for name in names if name in index}
            for root, (_share, _teams, names) in DEPARTMENTS.items()
        }
        self._cum: dict[tuple, tuple[list[float], list[float]]] = {}

    def _weights(self, root: str, stage_bucket: int) -> tuple[list[float], list[float]]:
        key = (root, stage_bucket)
        if key not in self._cum:
            youth = 1 - 2 * (stage_bucket / 10)  # +1 early career .. -1 senior
            boost = self.dept_boost.get(root, set())
            offer, want = [], []
            for i, aff in enumerate(self.skill_stage):
                d = 3.0 if i in boost else 1.0
                offer.append(math.exp(2.2 * aff * youth) * d)
                want.append(math.exp(-2.2 * aff * youth) * (1.0 if i in boost else 1.3))
            self._cum[key] = (_cumulative(offer), _cumulative(want))
        return self._cum[key]

    def person_skills(self, person: Person, spec: dict, traits: dict) -> list[PersonSkill]:
        rng = self.rng
        root = spec["unit"].split("/", 1)[0]
        stage = traits["stage"]
        offer_stage = 1 - stage if traits["flipped"] else stage
        offer_cum, _ = self._weights(root, round(offer_stage * 10))
        _, want_cum = self._weights(root, round(stage * 10))
        n_offer = rng.choice([3, 4, 5, 5, 6, 7])
        n_want = rng.choice([3, 4, 5, 5, 6, 7])
        offered = _sample_unique(rng, offer_cum, n_offer)
        wanted = [i for i in _sample_unique(rng, want_cum, n_want + 3) if i not in offered][:n_want]
        rows = []
        for i in offered:
            youth = 1 - 2 * offer_stage
            fit = self.skill_stage[i] * youth  # > 0 when the skill suits this career stage
            level = rng.choices([2, 3, 4, 5], weights=[1, 3, 4, 2])[0] + (1 if fit > 0.5 else 0)
            rows.append(
                PersonSkill(
                    person=person,
                    skill=self.skills[i],
                    direction=PersonSkill.Direction.OFFER,
                    level=min(5, level),
                )
            )
        for i in wanted:
            rows.append(
                PersonSkill(
                    person=person,
                    skill=self.skills[i],
                    direction=PersonSkill.Direction.LEARN,
                    level=rng.choices([1, 2, 3], weights=[4, 4, 2])[0],
                )
            )
        return rows

    def assessment(
        self, person: Person, traits: dict, offered_levels: dict[int, int]
    ) -> tuple[SelfAssessment, list]:
        rng = self.rng
        youth = 1 - 2 * traits["stage"]
        a = SelfAssessment(
            uuid=self.uuid(),
            person=person,
            completed_at=dt.datetime.combine(
                self.today - dt.timedelta(days=rng.randrange(1, 200)), dt.time(10), tzinfo=dt.UTC
            ),
        )
        answers = []
        for skill in self.key_skills:
            aff = SKILL_STAGE.get(skill.name, CATEGORY_STAGE.get(skill.category, 0.0))
            base = offered_levels.get(skill.pk) or round(3 + 1.6 * aff * youth + rng.gauss(0, 0.9))
            answers.append(
                SelfAssessmentAnswer(assessment=a, skill=skill, rating=min(5, max(1, base)))
            )
        return a, answers

    # --- the run ---------------------------------------------------------
    def run(self) -> DemoReport:
        started = time.perf_counter()
        self.build_units()
        self.prepare_skills()
        plan = self.plan_people()
        self.progress(f"planned {len(plan)} people in {len(self.units)} units")
        demo_slots = self._demo_slots(plan)
        people: dict[int, Person] = {}  # plan index -> the person inserted for it
        # Insert level by level, top down, so that every manager has a key first.
        by_level: dict[int, list[int]] = defaultdict(list)
        for idx, spec in enumerate(plan):
            by_level[spec["level"]].append(idx)
        done = 0
        for level in sorted(by_level, reverse=True):
            indexes = by_level[level]
            for start in range(0, len(indexes), BATCH):
                chunk = indexes[start : start + BATCH]
                batch_people, batch_traits = [], []
                for idx in chunk:
                    person, traits = self.make_person(plan[idx], idx)
                    if idx in demo_slots:
                        self._apply_demo_identity(person, demo_slots[idx])
                    manager = plan[idx]["manager"]
                    person.manager_id = people[manager].pk if manager is not None else None
                    batch_people.append(person)
                    batch_traits.append(traits)
                Person.objects.bulk_create(batch_people)
                self._after_batch(chunk, batch_people, batch_traits, plan, demo_slots, people)
                done += len(chunk)
                self.progress(f"people {done}/{len(plan)}")
        self._mark_leavers(plan, people, demo_slots)
        self._create_logins(demo_slots, people)
        self.report.people = len(plan)
        self.report.seconds = time.perf_counter() - started
        audit_record(
            actor=None,
            action=AuditAction.DEMO_SEED,
            subject_type="demo",
            subject_label="Harbour & Vale demo organisation",
            after={
                "people": self.report.people,
                "seed": self.seed,
                "person_skills": self.report.person_skills,
            },
        )
        return self.report

    def _after_batch(
        self,
        chunk: list[int],
        batch_people: list[Person],
        batch_traits: list[dict],
        plan: list[dict],
        demo_slots: dict[int, DemoUser],
        people: dict[int, Person],
    ) -> None:
        skills, descriptions, assessments, answers = [], [], [], []
        for idx, person, traits in zip(chunk, batch_people, batch_traits, strict=True):
            people[idx] = person
            if idx in demo_slots:
                rows = self._demo_skills(person, demo_slots[idx])
            else:
                rows = self.person_skills(person, plan[idx], traits)
            skills.extend(rows)
            descriptions.extend(self.self_descriptions(person, traits))
            if idx not in demo_slots and self.rng.random() < 0.12:
                offered = {r.skill.pk: r.level for r in rows if r.direction == "offer"}
                a, ans = self.assessment(person, traits, offered)
                assessments.append(a)
                answers.extend(ans)
        PersonSkill.objects.bulk_create(skills, batch_size=BATCH)
        SelfDescription.objects.bulk_create(descriptions, batch_size=BATCH)
        SelfAssessment.objects.bulk_create(assessments, batch_size=BATCH)
        SelfAssessmentAnswer.objects.bulk_create(answers, batch_size=BATCH)
        self.report.person_skills += len(skills)
        self.report.self_descriptions += len(descriptions)
        self.report.assessments += len(assessments)

    def _demo_slots(self, plan: list[dict]) -> dict[int, DemoUser]:
        """Pick, for each demo login, a planned person in the right team and level."""
        slots: dict[int, DemoUser] = {}
        for user in DEMO_USERS:
            unit, level = user.unit, user.level
            match = next(
                (
                    i
                    for i, p in enumerate(plan)
                    if p["unit"] == unit and p["level"] == level and i not in slots
                ),
                None,
            )
            if match is None:  # a small organisation may lack that exact level
                match = next(
                    i
                    for i, p in enumerate(plan)
                    if p["unit"].startswith(unit.split("/")[0])
                    and i not in slots
                    and p["level"] < 10
                )
            slots[match] = user
        return slots

    def _apply_demo_identity(self, person: Person, user: DemoUser) -> None:
        person.name, person.job_title, person.email = user.name, user.title, user.email
        person.location, person.time_zone = "London", "Europe/London"

    def _demo_skills(self, person: Person, user: DemoUser) -> list[PersonSkill]:
        by_name = {s.name: s for s in self.skills}
        return [
            PersonSkill(person=person, skill=by_name[n], direction="offer", level=lv)
            for n, lv in user.offers
        ] + [
            PersonSkill(person=person, skill=by_name[n], direction="learn", level=lv)
            for n, lv in user.wants
        ]

    def _mark_leavers(
        self, plan: list[dict], people: dict[int, Person], demo_slots: dict[int, DemoUser]
    ) -> None:
        """About 4% have left (for retention figures later): people without reports,
        never a demo login."""
        leavers = []
        for idx, spec in enumerate(plan):
            drawn = spec["reports"] == 0 and spec["level"] <= 6 and self.rng.random() < 0.04
            if drawn and idx not in demo_slots:
                person = people[idx]
                hired = person.hire_date
                if hired is None:  # make_person hires every demo person
                    continue
                earliest = max(hired, self.today - dt.timedelta(days=700))
                span = max(1, (self.today - earliest).days)
                person.leave_date = earliest + dt.timedelta(days=self.rng.randrange(span))
                leavers.append(person)
        Person.objects.bulk_update(leavers, ["leave_date"], batch_size=BATCH)

    def _create_logins(self, demo_slots: dict[int, DemoUser], people: dict[int, Person]) -> None:
        password = make_password(demo_password(self.seed))
        for idx, demo in demo_slots.items():
            role = demo.role
            person = people[idx]
            user = User.objects.create(
                email=person.email,
                first_name=person.first_name,
                password=password,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            Person.objects.filter(pk=person.pk).update(user=user)
            if role:
                RoleGrant.objects.create(user=user, role=role)
            self.report.logins.append(
                DemoLogin(demo.label, person.email, demo_password(self.seed), person.name)
            )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _sample_unique(rng: random.Random, cum: list[float], k: int) -> list[int]:
    """k distinct indexes drawn by weight (draw with replacement, keep first sightings)."""
    population = range(len(cum))
    seen: list[int] = []
    for _attempt in range(6):
        for i in rng.choices(population, cum_weights=cum, k=k * 2):
            if i not in seen:
                seen.append(i)
                if len(seen) == k:
                    return seen
    return seen


def demo_seed(
    *,
    people: int,
    seed: int,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
    programs: bool = True,
) -> DemoReport:
    """Create the demo organisation in one transaction. The database must be empty.

    With ``programs`` it also creates the demo programs (one matched and running,
    one ready to match, a self-match circle choosing partners).
    """
    if Person.objects.exists():
        raise ValueError("The directory already has people; seed_demo fills an empty one.")
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _Builder(people=people, seed=seed, today=today, progress=progress).run()
        if programs:
            # Programs live on the real calendar (their dates are checked against
            # it), whatever reference date the organisation was built for.
            made = demo_programs(seed=seed, today=timezone.localdate(), at=timezone.now())
            report.programs, report.pairs = made["programs"], made["pairs"]
            progress(f"{report.programs} programs, {report.pairs} pairs published")
        return report
