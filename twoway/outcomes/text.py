"""The report in plain words: what each figure means and what it cannot say.

The page, the PDF and the command all read their sentences from here, so that
the same figure is never explained two ways.
"""

from __future__ import annotations

from twoway.outcomes.report import OutcomeReport, Share
from twoway.outcomes.survival import Estimate

HIDDEN = "hidden (fewer than {k} people)"

CAVEAT_CHOICE = (
    "People chose to take part. Matching them with similar colleagues reduces that "
    "bias; it does not remove it: whatever made someone volunteer may also make them "
    "stay."
)
CAVEAT_SMALL = (
    "No figure is shown for a group of fewer than {k} people, and where hiding one "
    "group alone would let it be worked out from the others, a second group is hidden "
    "too."
)
MEANING_RETENTION = (
    "Retention at 12 months is the estimated share of people still with the "
    "organisation 12 months after they joined the program (Kaplan-Meier, which also "
    "counts people followed for less time for as long as they were followed). The "
    "range is its 95 % confidence interval."
)
MEANING_HAZARD = (
    "The hazard ratio compares how quickly participants and their matched colleagues "
    "left: below 1, participants left more slowly; 1, no difference. If its range "
    "includes 1, the data cannot tell the two apart."
)
MEANING_PROMOTIONS = (
    "Among people who joined at least 12 months before the report's date, the share "
    "who rose a level within 12 months (from the HR history; people who left count as "
    "not promoted)."
)
MEANING_REACH = (
    "The share of pairs whose two people differ on each line. Generation, gender and "
    "background count only pairs where both people chose to describe themselves."
)


def percent(value: float | None) -> str:
    """>>> percent(0.8765), percent(None)
    ('88 %', '—')
    """
    return "—" if value is None else f"{value * 100:.0f} %"


def estimate_words(value: Estimate | None) -> str:
    """>>> estimate_words(Estimate(0.9, 0.85, 0.94))
    '90 % (85–94 %)'
    """
    if value is None:
        return "—"
    return f"{percent(value.estimate)} ({value.low * 100:.0f}–{value.high * 100:.0f} %)"


def ratio_words(value: Estimate | None) -> str:
    if value is None:
        return "not estimable"
    return f"{value.estimate:.2f} (95 % interval {value.low:.2f}–{value.high:.2f})"


def share_words(row: Share, k: int) -> str:
    if row.share is None:
        return HIDDEN.format(k=k)
    return f"{percent(row.share)} ({row.part} of {row.whole})"


def headline(report: OutcomeReport) -> str:
    """One sentence for a sponsor's home."""
    if report.suppressed:
        return f"Fewer than {report.k} people have taken part so far: no figures yet."
    ours = report.participants.retention.get(12)
    theirs = report.comparison.retention.get(12)
    if ours is None:
        return (
            f"{report.participants.n} people took part; nobody has been followed for 12 months yet."
        )
    if theirs is None:
        return f"{percent(ours.estimate)} of participants still with us after 12 months."
    return (
        f"{percent(ours.estimate)} of participants still with us after 12 months, "
        f"against {percent(theirs.estimate)} of similar colleagues."
    )


def report_lines(report: OutcomeReport) -> list[str]:
    """The report as lines of text, for the command line."""
    k = report.k
    lines = [f"{report.program_name} — outcomes as of {report.as_of.isoformat()}"]
    if report.suppressed:
        lines.append(headline(report))
        lines.append(CAVEAT_SMALL.format(k=k))
        return lines
    for group in (report.participants, report.comparison):
        if group.n is None:
            lines.append(f"{group.label}: {HIDDEN.format(k=k)}")
            continue
        retention = ", ".join(
            f"{months} months {estimate_words(value)}" for months, value in group.retention.items()
        )
        lines.append(f"{group.label}: {group.n} people, {group.left_org} left; {retention}")
    lines.append(f"Hazard ratio of leaving: {ratio_words(report.hazard_ratio)}")
    if report.log_rank_p is not None:
        lines.append(f"Log-rank test: p = {report.log_rank_p:.3f}")
    for row in report.promotions:
        lines.append(f"Promoted within 12 months, {row.label.lower()}: {share_words(row, k)}")
    for side in report.by_side:
        twelve = percent(side.retention_12) if not side.hidden else HIDDEN.format(k=k)
        lines.append(f"{side.label}: retention at 12 months {twelve}")
    for learning in report.learning:
        lines.append(
            f"{learning.label} who logged what they learned: "
            f"{share_words(learning.logged_learning, k)}"
        )
    for row in report.reach:
        lines.append(f"{row.label}: {share_words(row, k)}")
    lines.append(f"Method: {report.method}")
    lines.append(CAVEAT_CHOICE)
    lines.append(CAVEAT_SMALL.format(k=k))
    return lines


# --- the page, the PDF and the exports (outcomes.views, .pdf, .exports) ---------------

NOT_FOLLOWED = "not followed this long yet"
MEANING_COMPARISON = (
    "To see whether taking part made a difference, each participant is compared with "
    "colleagues who were like them when they joined but never took part: the comparison "
    "group. The figures of both groups are worked out the same way."
)
MEANING_LOG_RANK = (
    "The log-rank test asks whether the two groups' curves could differ by chance alone. "
    "A p-value below 0.05 is the usual sign that the difference is unlikely to be "
    "chance; a larger one means the data cannot tell the groups apart yet."
)
MEANING_SIDES = (
    "The same retention at 12 months, for each side of the program. A side with too few "
    "people shows no figures."
)
MEANING_LEARNING = (
    "Learning both ways: of the people on each side who logged a meeting, the share who "
    "wrote what they learned; and of the goals they rated in their latest log, the share "
    "rated reached. Topics are the catalogue's skills named in the logs by enough people."
)
MEANING_MEETINGS = (
    "Meetings with a log, against the meetings the program planned for every pair "
    "(pairs loaded from a past cohort are left out: their meetings were not logged here)."
)
MEANING_SURVEYS = (
    "The average answer on each side, in the survey before the pairs started and in the "
    "closing survey, on each question's own scale. A cell with too few answers is hidden."
)
CANNOT_SAY = (
    "What these figures cannot say: why anyone stayed or left, whether the program caused "
    "a difference (people chose to take part), or anything about one person. A figure "
    "from a small program moves a lot with each person, which its range shows."
)
ORGANISATION_NOTE = (
    "Each program is reported on its own. There is no total across programs: adding "
    "programs up would let the figures of a program too small to show be worked out by "
    "subtracting the others."
)
SUPPRESSED_PAGE = (
    "This program has fewer than {k} participants as of this date, so no figure is "
    "shown: with so few people, a figure could point at someone."
)


def p_words(value: float | None) -> str:
    """>>> p_words(0.0004), p_words(0.2312), p_words(None)
    ('p < 0.001', 'p = 0.23', 'not computed')
    """
    if value is None:
        return "not computed"
    if value < 0.001:
        return "p < 0.001"
    return f"p = {value:.2f}"


def hazard_sentence(report: OutcomeReport) -> str:
    """The hazard ratio and the log-rank test, in words for the reader."""
    ratio = report.hazard_ratio
    if ratio is None:
        return (
            "The hazard ratio could not be estimated: too few people have left in one of "
            "the groups for a fair comparison."
        )
    if ratio.low <= 1 <= ratio.high:
        verdict = "so far the data cannot tell the two groups apart"
    elif ratio.estimate < 1:
        verdict = "participants left more slowly than their matched colleagues"
    else:
        verdict = "participants left more quickly than their matched colleagues"
    return (
        f"Hazard ratio {ratio_words(ratio)}: {verdict}. "
        f"Log-rank test: {p_words(report.log_rank_p)}."
    )
