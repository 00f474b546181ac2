"""The report's figures as tables: one definition for the page, the exports and the PDF.

Every table is read from an ``OutcomeReport`` alone, never from the database: a
figure the small-group rule hid is None in the report and an empty cell here,
with a note saying why. Each cell holds its value as the report has it (a count,
a share from 0 to 1, a ratio); ``Column.kind`` says how to write it for a reader.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from twoway.outcomes.report import OutcomeReport, Share
from twoway.outcomes.survival import DAYS_PER_MONTH, MONTHS, Curve
from twoway.outcomes.text import HIDDEN, NOT_FOLLOWED, p_words, percent

Value = str | int | float | None

# The tables a reader can download, in the order of the page.
TABLES = ("retention", "comparison", "promotions", "sides", "learning", "reach", "surveys")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, count, share, ratio, p, score, change

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Row:
    cells: tuple[Value, ...]
    note: str = ""  # why a figure is empty: hidden, not followed long enough...


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def has_notes(self) -> bool:
        return any(row.note for row in self.rows)

    def page_rows(self) -> list[tuple[list[tuple[str, bool]], str]]:
        """For a template: each row's (text, numeric) cells and its note."""
        numeric = [column.numeric for column in self.columns]
        return [
            (list(zip(cells, numeric, strict=True)), row.note)
            for cells, row in zip(self.display_rows(), self.rows, strict=True)
        ]

    def display_rows(self) -> list[list[str]]:
        """Each row's cells as a reader sees them (percentages, "—" for empty)."""
        return [
            [
                display(value, column.kind)
                for value, column in zip(row.cells, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def display(value: Value, kind: str) -> str:
    """>>> display(0.8765, "share"), display(None, "count"), display(1.234, "ratio")
    ('88 %', '—', '1.23')
    """
    if value is None:
        return "—"
    if kind == "share":
        return percent(float(value))
    if kind == "ratio":
        return f"{float(value):.2f}"
    if kind == "score":
        return f"{float(value):.2f}"
    if kind == "change":
        return f"{float(value):+.2f}"
    if kind == "p":
        return p_words(float(value)).removeprefix("p = ").removeprefix("p ")
    return str(value)


def _hidden(report: OutcomeReport) -> str:
    return HIDDEN.format(k=report.k)


# --- the tables ----------------------------------------------------------------------


def retention_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Group"),
        Column("People", "count"),
        Column("Left the organisation", "count"),
        Column("Months after joining", "count"),
        Column("Still with the organisation", "share"),
        Column("95 % range, low", "share"),
        Column("95 % range, high", "share"),
    )
    rows = []
    for group in (report.participants, report.comparison):
        for months in MONTHS:
            value = group.retention.get(months)
            if group.n is None:
                note = _hidden(report)
            elif value is None:
                note = NOT_FOLLOWED
            else:
                note = ""
            rows.append(
                Row(
                    (
                        group.label,
                        group.n,
                        group.left_org,
                        months,
                        value.estimate if value else None,
                        value.low if value else None,
                        value.high if value else None,
                    ),
                    note,
                )
            )
    return Table("retention", "Retention: share still with the organisation", columns, tuple(rows))


def _step(curve: Curve, day: float, values: list[float]) -> float | None:
    """The value of a step curve on ``day`` (None beyond its end)."""
    if not curve.days or day > curve.days[-1]:
        return None
    return values[max(0, bisect.bisect_right(curve.days, day) - 1)]


def curve_table(report: OutcomeReport, every: int = 3) -> Table | None:
    """The survival curves read every ``every`` months: the survival chart's data."""
    curves = [(g.label, g.curve) for g in (report.participants, report.comparison) if g.curve]
    if report.suppressed or not curves:
        return None
    longest = max(curve.days[-1] for _, curve in curves if curve.days) / DAYS_PER_MONTH
    columns = [Column("Months after joining", "count")]
    for label, _ in curves:
        columns += [
            Column(label, "share"),
            Column(f"{label}: 95 % low", "share"),
            Column(f"{label}: 95 % high", "share"),
        ]
    rows = []
    for months in range(0, int(longest) + 1, every):
        day = months * DAYS_PER_MONTH
        cells: list[Value] = [months]
        for _, curve in curves:
            cells += [
                _step(curve, day, curve.survival),
                _step(curve, day, curve.low),
                _step(curve, day, curve.high),
            ]
        rows.append(Row(tuple(cells)))
    caption = f"Still with the organisation, every {every} months"
    return Table("curve", caption, tuple(columns), tuple(rows))


def comparison_table(report: OutcomeReport) -> Table:
    ratio = report.hazard_ratio
    columns = (
        Column("Participants matched", "count"),
        Column("Colleagues in the comparison group", "count"),
        Column("Hazard ratio of leaving", "ratio"),
        Column("95 % range, low", "ratio"),
        Column("95 % range, high", "ratio"),
        Column("Log-rank test, p-value", "p"),
    )
    if report.comparison.n is None:
        note = _hidden(report)
    elif ratio is None:
        note = "hazard ratio not estimable: too few people left"
    else:
        note = ""
    row = Row(
        (
            report.matched_participants,
            report.comparison.n,
            ratio.estimate if ratio else None,
            ratio.low if ratio else None,
            ratio.high if ratio else None,
            report.log_rank_p,
        ),
        note,
    )
    return Table("comparison", "Participants against the comparison group", columns, (row,))


def _share_row(label: str, share: Share, report: OutcomeReport) -> Row:
    return Row(
        (label, share.whole, share.part, share.share),
        _hidden(report) if share.share is None else "",
    )


def promotions_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Group"),
        Column("People who joined 12 months or more ago", "count"),
        Column("Promoted within 12 months", "count"),
        Column("Share promoted", "share"),
    )
    rows = tuple(_share_row(row.label, row, report) for row in report.promotions)
    return Table("promotions", "Promotions within 12 months of joining", columns, rows)


def sides_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Side"),
        Column("People", "count"),
        Column("Left the organisation", "count"),
        Column("Still with the organisation at 12 months", "share"),
    )
    rows = []
    for side in report.by_side:
        if side.hidden:
            note = _hidden(report)
        elif side.retention_12 is None:
            note = NOT_FOLLOWED
        else:
            note = ""
        rows.append(Row((side.label, side.n, side.left_org, side.retention_12), note))
    return Table("sides", "Each side of the program", columns, tuple(rows))


def learning_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Side"),
        Column("People who logged a meeting", "count"),
        Column("Wrote what they learned", "count"),
        Column("Share who wrote what they learned", "share"),
        Column("Goals rated", "count"),
        Column("Goals reached", "count"),
        Column("Share of goals reached", "share"),
        Column("Topics named by enough people"),
    )
    rows = []
    for side in report.learning:
        logged, goals = side.logged_learning, side.goals_reached
        topics = ", ".join(f"{topic.name} ({topic.people})" for topic in side.topics)
        hidden = logged.share is None or goals.share is None
        rows.append(
            Row(
                (
                    side.label,
                    logged.whole,
                    logged.part,
                    logged.share,
                    goals.whole,
                    goals.part,
                    goals.share,
                    topics,
                ),
                _hidden(report) if hidden else "",
            )
        )
    return Table("learning", "Learning both ways, by side", columns, tuple(rows))


def reach_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Line"),
        Column("Pairs where both sides are known", "count"),
        Column("Pairs crossing it", "count"),
        Column("Share crossing", "share"),
    )
    rows = tuple(_share_row(row.label, row, report) for row in report.reach)
    return Table("reach", "Reach: pairs that cross a line", columns, rows)


# --- surveys: ``report.surveys``, as ``selectors._surveys`` writes it ---------------------

GES_ITEM_PREFIX = "ges_"


@dataclass(frozen=True)
class SurveyRow:
    key: str
    question: str
    side: str
    baseline: float | None
    closing: float | None
    change: float | None
    hidden: bool


def _mean(cell: Mapping[str, Any]) -> tuple[float | None, bool]:
    """A cell's mean, and whether the small-group rule hid it (a question not
    asked in that survey is not hidden: it has no figure to hide)."""
    if not cell.get("asked"):
        return None, False
    mean = cell.get("mean")
    return (float(mean) if mean is not None else None), bool(cell.get("suppressed"))


def survey_is_item(key: str) -> bool:
    """One of the six items of the General Evaluation Scale, which their score
    ("ges") sums up: the table lists them, the chart shows the score."""
    return key.startswith(GES_ITEM_PREFIX)


def survey_rows(report: OutcomeReport) -> list[SurveyRow]:
    """Each question of the surveys by side: the mean before, after, and the change."""
    surveys = report.surveys
    if not surveys:
        return []
    labels = {side.side: side.label for side in report.learning}
    labels.update({side.side: side.label for side in report.by_side})
    result = []
    for question in surveys["questions"]:
        for side, by_kind in question["cells"].items():
            baseline, hidden_before = _mean(by_kind["baseline"])
            closing, hidden_after = _mean(by_kind["closing"])
            change = question["change"].get(side)
            result.append(
                SurveyRow(
                    str(question["key"]),
                    str(question["text"]),
                    labels.get(side, side.capitalize()),
                    baseline,
                    closing,
                    change,
                    hidden_before or hidden_after,
                )
            )
    return result


def surveys_table(report: OutcomeReport) -> Table:
    columns = (
        Column("Question"),
        Column("Side"),
        Column("Before (baseline survey)", "score"),
        Column("After (closing survey)", "score"),
        Column("Change", "change"),
    )
    rows = tuple(
        Row(
            (row.question, row.side, row.baseline, row.closing, row.change),
            _hidden(report) if row.hidden else "",
        )
        for row in survey_rows(report)
    )
    return Table("surveys", "Surveys before and after, by side", columns, rows)


BUILDERS: dict[str, Callable[[OutcomeReport], Table]] = {
    "retention": retention_table,
    "comparison": comparison_table,
    "promotions": promotions_table,
    "sides": sides_table,
    "learning": learning_table,
    "reach": reach_table,
    "surveys": surveys_table,
}


def report_table(report: OutcomeReport, key: str) -> Table | None:
    """The table ``key`` of the report, or None when the report has none: a
    suppressed report has no tables, and the surveys' only once they were run."""
    if report.suppressed or key not in BUILDERS:
        return None
    if key == "surveys" and not report.surveys:
        return None
    table = BUILDERS[key](report)
    return table if table.rows else None


def report_tables(report: OutcomeReport) -> dict[str, Table]:
    return {key: table for key in TABLES if (table := report_table(report, key)) is not None}
