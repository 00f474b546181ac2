"""The comparison group: colleagues who did not take part, matched to the participants.

Pure numpy, no Django (``outcomes.selectors`` reads the database into a
``Population``). Matching is exact on three things as they stood on the day a
participant joined the program, which is also the time origin of the
colleagues matched to them:

- the level band (levels 1-2, 3-4, ...; an unknown level is its own band),
- the department (the top of the org tree: "Marketing" for "Marketing/Digital"),
- the tenure band (under 1 year, 1-2, 2-5, 5-10, 10 years or more).

Each participant gets up to ``CONTROLS_PER_PARTICIPANT`` colleagues who were
employed on that day, share all three, never took part in any program, and were
not already matched to someone else; among several, a fixed pseudo-random order
chooses (the same each time the report runs, different from one program to
another). Levels and departments "as they stood" come from the people history:
the current value, taken back through each recorded change after that day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

CONTROLS_PER_PARTICIPANT = 3
# Tenure band edges, in days (1, 2, 5 and 10 years).
TENURE_EDGES = np.array([365, 730, 1826, 3652], dtype=np.int64)
TENURE_BANDS = ("under 1 year", "1-2 years", "2-5 years", "5-10 years", "10 years or more")
LEVELS_PER_BAND = 2
# Stands for "no leave date": after any day a report can be about.
NEVER = np.iinfo(np.int64).max
UNKNOWN = -1

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]

METHOD = (
    "Each participant was matched with up to {per} colleagues who never took part in a "
    "program and who, on the day the participant joined, had the same level band, the "
    "same department and the same length of service band; those colleagues are "
    "followed from that same day."
)


def method_sentence() -> str:
    return METHOD.format(per=CONTROLS_PER_PARTICIPANT)


def level_band(level: int) -> int:
    """>>> [level_band(n) for n in (1, 2, 3, 8, UNKNOWN)]
    [0, 0, 1, 3, -1]
    """
    return UNKNOWN if level < 1 else (level - 1) // LEVELS_PER_BAND


def level_band_label(band: int) -> str:
    """>>> level_band_label(1), level_band_label(UNKNOWN)
    ('levels 3-4', 'level not known')
    """
    if band == UNKNOWN:
        return "level not known"
    first = band * LEVELS_PER_BAND + 1
    return f"levels {first}-{first + LEVELS_PER_BAND - 1}"


@dataclass(frozen=True)
class Changes:
    """Recorded changes of one detail: who, from which day, the value before."""

    person: Ints  # index into the population
    effective: Ints  # day ordinal
    old: Ints  # the value before the change (UNKNOWN for none)

    @classmethod
    def empty(cls) -> Changes:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none)

    def newest_first(self) -> Changes:
        order = np.argsort(-self.effective, kind="stable")
        return Changes(self.person[order], self.effective[order], self.old[order])


@dataclass(frozen=True)
class Population:
    """Everyone in the organisation, one array entry per person.

    Days are ordinals (``date.toordinal()``); ``hire`` is UNKNOWN when not
    known (such a person cannot be matched: their tenure is unknown), ``leave``
    is NEVER for people who have not left. ``level`` and ``department`` are
    today's (UNKNOWN for none); ``department`` is a code, the same for the same
    top-level department.
    """

    ids: Ints
    hire: Ints
    leave: Ints
    level: Ints
    department: Ints
    took_part: Flags  # in any program: never a control
    level_changes: Changes
    department_changes: Changes

    def __post_init__(self) -> None:
        object.__setattr__(self, "level_changes", self.level_changes.newest_first())
        object.__setattr__(self, "department_changes", self.department_changes.newest_first())

    @property
    def radix(self) -> int:
        """Department codes (UNKNOWN included) fit below this."""
        return (
            int(max(self.department.max(initial=0), self.department_changes.old.max(initial=0))) + 2
        )

    def static_strata(self) -> Ints:
        """Each person's level band and department today, as one integer."""
        return _strata(self.level, self.department, self.radix)

    def changed(self) -> Flags:
        """People whose level or department changed at some point."""
        flags = np.zeros(len(self.ids), dtype=bool)
        flags[self.level_changes.person] = True
        flags[self.department_changes.person] = True
        return flags

    def positions(self, people: Ints) -> Ints:
        """Each person's position in ``people`` (indices), -1 for those not in it."""
        position = np.full(len(self.ids), -1, dtype=np.int64)
        position[people] = np.arange(people.size)
        return position

    def strata_on(self, people: Ints, position: Ints, day: int) -> Ints:
        """The level band and department of ``people`` (indices, whose
        ``positions`` are ``position``) on ``day``."""
        levels = _as_of(self.level, self.level_changes, people, position, day)
        departments = _as_of(self.department, self.department_changes, people, position, day)
        return _strata(levels, departments, self.radix)


def _strata(levels: Ints, departments: Ints, radix: int) -> Ints:
    bands = np.where(levels >= 1, (levels - 1) // LEVELS_PER_BAND, UNKNOWN)
    return (bands + 1) * radix + departments + 1


def _as_of(values: Ints, changes: Changes, people: Ints, position: Ints, day: int) -> Ints:
    """``values`` of ``people`` as they stood on ``day``: each change after it undone.

    Changes are newest first, so the ones after ``day`` are a prefix; numpy
    assigns repeated indices in order, so the earliest change after the day
    (the last written) gives the value the person had on that day.
    """
    result = values[people]
    after = int(np.searchsorted(-changes.effective, -day, side="left"))
    if after == 0 or people.size == 0:
        return result
    mine = position[changes.person[:after]]
    keep = mine >= 0
    result[mine[keep]] = changes.old[:after][keep]
    return result


def tenure_band(days_of_service: Ints) -> Ints:
    """>>> tenure_band(np.array([0, 364, 365, 800, 4000])).tolist()
    [0, 0, 1, 2, 4]
    """
    return np.searchsorted(TENURE_EDGES, days_of_service, side="right")


@dataclass(frozen=True)
class Matched:
    """The comparison group: population indices and their time origins (day
    ordinals), and how many participants found at least one colleague."""

    controls: Ints
    origins: Ints
    participants_matched: Flags  # aligned with the participants given


def _shuffle_key(ids: Ints, seed: int) -> Ints:
    """A fixed pseudo-random order of people, different for each seed."""
    mixed = (ids.astype(np.uint64) * np.uint64(2654435761) + np.uint64(seed)) % np.uint64(2**32)
    return mixed.astype(np.int64)


def comparison_match(
    population: Population, participants: Ints, origins: Ints, *, seed: int
) -> Matched:
    """Match each participant (a population index, joined on ``origins[i]``)
    with up to ``CONTROLS_PER_PARTICIPANT`` colleagues (see the module).

    Most people's level and department never changed: they are sorted once by
    (level band and department, hire date), so the colleagues in a stratum on
    a day are one slice, found by binary search. The few whose level or
    department changed are placed on each day by their history.
    """
    order_key = _shuffle_key(population.ids, seed)
    known = (population.hire != UNKNOWN) & ~population.took_part
    changed = population.changed()
    steady = np.flatnonzero(known & ~changed)
    steady_strata = population.static_strata()[steady]
    by_stratum = np.lexsort((population.hire[steady], steady_strata))
    steady, steady_strata = steady[by_stratum], steady_strata[by_stratum]
    steady_hire = population.hire[steady]
    moved = np.flatnonzero(known & changed)
    moved_position = population.positions(moved)
    participant_position = population.positions(participants)
    edges = np.concatenate([[0], TENURE_EDGES, [NEVER // 2]])

    used = np.zeros(len(population.ids), dtype=bool)
    controls: list[Ints] = []
    control_origins: list[Ints] = []
    matched = np.zeros(len(participants), dtype=bool)
    for day in np.unique(origins):
        day = int(day)
        joined = np.flatnonzero(origins == day)
        wanted_strata = population.strata_on(participants, participant_position, day)[joined]
        wanted_tenure = tenure_band(day - population.hire[participants[joined]])
        wanted_hired = population.hire[participants[joined]] != UNKNOWN
        moved_strata = population.strata_on(moved, moved_position, day)
        moved_tenure = tenure_band(day - population.hire[moved])
        wanted = np.stack([wanted_strata, wanted_tenure], axis=1)
        for stratum, tenure in np.unique(wanted[wanted_hired], axis=0):
            who = joined[wanted_hired & (wanted_strata == stratum) & (wanted_tenure == tenure)]
            # Hired within the tenure band: (day - upper edge, day - lower edge].
            first = day - int(edges[tenure + 1])
            last = day - int(edges[tenure])
            low = int(np.searchsorted(steady_strata, stratum, side="left"))
            high = int(np.searchsorted(steady_strata, stratum, side="right"))
            start = low + int(np.searchsorted(steady_hire[low:high], first, side="right"))
            end = low + int(np.searchsorted(steady_hire[low:high], last, side="right"))
            pool = np.concatenate(
                [
                    steady[start:end],
                    moved[(moved_strata == stratum) & (moved_tenure == tenure)],
                ]
            )
            pool = pool[
                (population.hire[pool] <= day) & (population.leave[pool] > day) & ~used[pool]
            ]
            if pool.size == 0:
                continue
            pool = pool[np.argsort(order_key[pool], kind="stable")]
            taken = pool[: CONTROLS_PER_PARTICIPANT * len(who)]
            # Colleagues are dealt out in turn, so when they run short the first
            # participants of the stratum are the ones matched.
            matched[who[: len(taken)]] = True
            used[taken] = True
            controls.append(taken)
            control_origins.append(np.full(len(taken), day, dtype=np.int64))
    if not controls:
        return Matched(np.zeros(0, np.int64), np.zeros(0, np.int64), matched)
    return Matched(np.concatenate(controls), np.concatenate(control_origins), matched)
