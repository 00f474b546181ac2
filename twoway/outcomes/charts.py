"""The report's charts, drawn by matplotlib on the server.

Each chart is a ``matplotlib.figure.Figure`` made directly (no pyplot: no global
figure registry, safe in a threaded server), from the report alone: a figure the
small-group rule hid is not drawn, and a suppressed report has no charts.

``Chart.svg()`` writes the figure as SVG ready to inline in a page: no XML prolog,
no metadata, no ``<style>`` and no ``style`` attributes (the site's
Content-Security-Policy allows no inline styles; matplotlib's styles become
presentation attributes), every id prefixed with the chart's key so that several
charts share a page, text kept as text in a generic sans-serif font, and a
``<title>`` and ``<desc>`` named by ``aria-labelledby``. ``Chart.png()`` renders
the same figure at twice its size, for the PDF.

The two groups differ by colour, line style and hatching, so the charts read in
greyscale and without telling colours apart; every chart's figures are also in a
table beside it.
"""

from __future__ import annotations

import io
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from twoway.outcomes.report import Group, OutcomeReport, Share
from twoway.outcomes.survival import DAYS_PER_MONTH, MONTHS
from twoway.outcomes.tables import survey_is_item, survey_rows
from twoway.outcomes.text import percent

# Read when a figure is saved, so set once for the process (never changed after).
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text
        "svg.hashsalt": "twoway",  # the same ids each time
        "font.family": "sans-serif",
        "font.size": 11,
        "hatch.linewidth": 1.2,
    }
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)

INK = "#1c2333"
MUTED = "#5d667a"
GRID = "#dfe3ec"
# Blue and dark orange: apart for every common colour vision, and both at least
# 4.5:1 against white. The comparison group is also dashed and hatched.
PARTICIPANTS_COLOUR = "#2f4fb5"
COMPARISON_COLOUR = "#a94600"
SIDE_STYLES = {
    "mentor": (PARTICIPANTS_COLOUR, ""),
    "mentee": ("#0e7a5f", "//"),
    "both": ("#6b3fa0", ".."),
}
WIDTH, HEIGHT = 5.6, 3.2  # inches; the SVG is 72 units an inch
PNG_DPI = 2 * 72  # the PDF places a figure at 72 points an inch: twice as sharp

# SVG presentation attributes a matplotlib ``style`` may hold.
_PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "opacity",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "clip-path",
    }
)
_REFERENCE = re.compile(r"url\(#([^)]+)\)")


@dataclass(frozen=True)
class Chart:
    key: str  # also the prefix of its ids: unique on a page
    title: str
    description: str
    figure: Figure

    def svg(self) -> str:
        out = io.StringIO()
        self.figure.savefig(out, format="svg", metadata={"Date": None})
        return inline_svg(
            out.getvalue(),
            prefix=f"chart-{self.key}",
            title=self.title,
            description=self.description,
        )

    def png(self) -> bytes:
        out = io.BytesIO()
        self.figure.savefig(out, format="png", dpi=PNG_DPI)
        return out.getvalue()


# --- SVG for a page --------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def inline_svg(raw: str, *, prefix: str, title: str, description: str) -> str:
    """matplotlib's SVG made fit to sit inside an HTML page (see the module)."""
    body = raw[raw.index("<svg") :]
    root = ET.fromstring(body)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in {"metadata", "style", "script"}:
                parent.remove(child)
    # ids: keep (renamed) those something points at, drop the rest.
    referenced: set[str] = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            referenced.update(_REFERENCE.findall(value))
            if _local(name) == "href" and value.startswith("#"):
                referenced.add(value[1:])
    names = {old: f"{prefix}-{n}" for n, old in enumerate(sorted(referenced))}

    def renamed(value: str) -> str:
        return _REFERENCE.sub(lambda m: f"url(#{names.get(m.group(1), m.group(1))})", value)

    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name in _PRESENTATION and value:
                element.set(name, value)
            elif name == "font-family":
                element.set("font-family", "sans-serif")
        for name in list(element.attrib):
            value = element.attrib[name]
            if name == "id":
                if value in names:
                    element.set("id", names[value])
                else:
                    del element.attrib["id"]
            elif _local(name) == "href":
                del element.attrib[name]
                element.set("href", "#" + names.get(value[1:], value[1:]))
            elif name.startswith("on"):
                del element.attrib[name]
            else:
                element.set(name, renamed(value))
    # Empty <defs> left by the removed <style>.
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) == "defs" and len(child) == 0:
                parent.remove(child)
    for attribute in ("width", "height", "version"):
        root.attrib.pop(attribute, None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    root.set("class", "outcome-chart-svg")
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    desc = ET.Element(f"{{{SVG}}}desc", {"id": f"{prefix}-desc"})
    desc.text = description
    heading = ET.Element(f"{{{SVG}}}title", {"id": f"{prefix}-title"})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)
    return ET.tostring(root, encoding="unicode")


# --- drawing ---------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A label as written: a ``$`` would otherwise start matplotlib's maths."""
    return text.replace("$", r"\$")


def _figure(height: float = HEIGHT) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(colors=INK, labelcolor=INK)
    return figure, axes


def _percent_axis(axes: Axes, which: str = "y") -> None:
    formatter = FuncFormatter(lambda value, _: f"{value * 100:.0f} %")
    (axes.yaxis if which == "y" else axes.xaxis).set_major_formatter(formatter)


def _group_style(group: Group, index: int) -> tuple[str, str, str]:
    """Colour, line style and hatch of participants (0) and the comparison (1)."""
    return (PARTICIPANTS_COLOUR, "-", "") if index == 0 else (COMPARISON_COLOUR, "--", "//")


def survival_chart(report: OutcomeReport) -> Chart | None:
    groups = [g for g in (report.participants, report.comparison) if g.curve is not None]
    if report.suppressed or not groups:
        return None
    figure, axes = _figure()
    lowest, longest = 1.0, 0.0
    for index, group in enumerate((report.participants, report.comparison)):
        curve = group.curve
        if curve is None or not curve.days:
            continue
        colour, line, _ = _group_style(group, index)
        months = [day / DAYS_PER_MONTH for day in curve.days]
        axes.fill_between(
            months, curve.low, curve.high, step="post", color=colour, alpha=0.14, linewidth=0
        )
        axes.step(
            months,
            curve.survival,
            where="post",
            color=colour,
            linestyle=line,
            linewidth=2.2,
            label=_plain(group.label),
        )
        lowest = min(lowest, min(curve.low))
        longest = max(longest, months[-1])
    for month in MONTHS:
        if month <= longest:
            axes.axvline(month, color=GRID, linewidth=1, zorder=0)
    bottom = max(0.0, (int(lowest * 10) - 1) / 10)
    axes.set_ylim(bottom, 1.01)
    axes.set_xlim(0, max(longest, 1.0) * 1.02)
    axes.set_xticks([m for m in range(0, int(longest) + 1, 6)] or [0])
    axes.set_xlabel("Months after joining the program", color=INK)
    axes.set_ylabel("Still with the organisation", color=INK)
    _percent_axis(axes)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    figure.legend(loc="outside upper center", ncols=2, frameon=False, handlelength=3)
    parts = []
    for group in groups:
        twelve = group.retention.get(12)
        at = f"{percent(twelve.estimate)} at 12 months" if twelve else "not yet followed 12 months"
        parts.append(f"{group.label}: {at}")
    axis_note = f" The vertical axis starts at {bottom * 100:.0f} %." if bottom > 0 else ""
    description = (
        "Share of people still with the organisation by months since joining, as step "
        "lines with shaded 95 % ranges; participants solid, comparison group dashed. "
        + "; ".join(parts)
        + "."
        + axis_note
    )
    return Chart("survival", "Staying with the organisation over time", description, figure)


def retention_chart(report: OutcomeReport) -> Chart | None:
    groups = [g for g in (report.participants, report.comparison) if g.n is not None]
    if report.suppressed or not groups:
        return None
    if all(g.retention.get(m) is None for g in groups for m in MONTHS):
        return None
    figure, axes = _figure()
    width = 0.38
    parts = []
    for index, group in enumerate((report.participants, report.comparison)):
        colour, _, hatch = _group_style(group, index)
        offset = (index - 0.5) * width
        for position, months in enumerate(MONTHS):
            value = group.retention.get(months)
            x = position + offset
            if value is None:
                axes.text(
                    x,
                    0.02,
                    "not yet",
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    color=MUTED,
                    rotation=90,
                )
                continue
            axes.bar(
                x,
                value.estimate,
                width,
                color=colour if not hatch else "white",
                edgecolor=colour,
                hatch=hatch,
                linewidth=1.5,
                label=_plain(group.label) if position == 0 or months == 12 else None,
            )
            axes.errorbar(
                x,
                value.estimate,
                yerr=[[value.estimate - value.low], [value.high - value.estimate]],
                color=INK,
                capsize=4,
                linewidth=1.2,
            )
            axes.text(
                x,
                value.high + 0.02,
                percent(value.estimate),
                ha="center",
                va="bottom",
                fontsize=9,
                color=INK,
            )
            parts.append(f"{group.label} at {months} months: {percent(value.estimate)}")
    handles, labels = axes.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    figure.legend(
        unique.values(), unique.keys(), loc="outside upper center", ncols=2, frameon=False
    )
    axes.set_xticks(range(len(MONTHS)), [f"{m} months" for m in MONTHS])
    axes.set_ylim(0, 1.12)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    _percent_axis(axes)
    axes.set_ylabel("Still with the organisation", color=INK)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    description = (
        "Bars of the share still with the organisation 6, 12 and 24 months after joining, "
        "participants (solid) beside the comparison group (hatched), each with its 95 % "
        "range as an error bar. " + "; ".join(parts) + "."
    )
    return Chart("retention", "Retention at 6, 12 and 24 months", description, figure)


def _share_label(share: Share, k: int) -> str:
    if share.share is None:
        return f"hidden (fewer than {k})"
    return f"{percent(share.share)} ({share.part} of {share.whole})"


def _horizontal_bars(
    rows: Sequence[tuple[str, Share, str, str]], k: int, height: float
) -> tuple[Figure, Axes]:
    """One bar per row (label, share, colour, hatch), top to bottom, each labelled."""
    figure, axes = _figure(height)
    positions = list(range(len(rows)))[::-1]
    for y, (_, share, colour, hatch) in zip(positions, rows, strict=True):
        value = share.share
        if value is not None:
            axes.barh(
                y,
                value,
                0.6,
                color=colour if not hatch else "white",
                edgecolor=colour,
                hatch=hatch,
                linewidth=1.5,
            )
        axes.text(
            (value or 0) + 0.015,
            y,
            _share_label(share, k),
            va="center",
            fontsize=9,
            color=INK if value is not None else MUTED,
        )
    axes.set_yticks(positions, [_plain(label) for label, *_ in rows])
    axes.set_xlim(0, 1.32)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    _percent_axis(axes, "x")
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    return figure, axes


def learning_chart(report: OutcomeReport) -> Chart | None:
    if report.suppressed or not report.learning:
        return None
    rows = []
    for side in report.learning:
        colour, hatch = SIDE_STYLES.get(side.side, SIDE_STYLES["both"])
        rows.append((f"{side.label}: wrote what they learned", side.logged_learning, colour, hatch))
    for side in report.learning:
        colour, hatch = SIDE_STYLES.get(side.side, SIDE_STYLES["both"])
        rows.append((f"{side.label}: goals reached", side.goals_reached, colour, hatch))
    if all(share.share is None for _, share, *_ in rows):
        return None
    figure, _ = _horizontal_bars(rows, report.k, 0.55 * len(rows) + 1.0)
    description = (
        "Bars for each side of the program: the share who wrote what they learned, and the "
        "share of goals rated reached. "
        + "; ".join(f"{label}: {_share_label(share, report.k)}" for label, share, *_ in rows)
        + "."
    )
    return Chart("learning", "Learning both ways", description, figure)


def reach_chart(report: OutcomeReport) -> Chart | None:
    if report.suppressed or not report.reach:
        return None
    rows = [(row.label, row, PARTICIPANTS_COLOUR, "") for row in report.reach]
    if all(row.share is None for row in report.reach):
        return None
    figure, axes = _horizontal_bars(rows, report.k, 0.45 * len(rows) + 1.0)
    axes.set_xlabel("Share of pairs", color=INK)
    description = (
        "Bars of the share of pairs whose two people differ on each line. "
        + "; ".join(f"{row.label}: {_share_label(row, report.k)}" for row in report.reach)
        + "."
    )
    return Chart("reach", "Reach: the lines pairs cross", description, figure)


def surveys_chart(report: OutcomeReport) -> Chart | None:
    if report.suppressed or not report.surveys:
        return None
    rows = [
        row for row in survey_rows(report) if row.change is not None and not survey_is_item(row.key)
    ]
    if not rows:
        return None
    styles = list(SIDE_STYLES.values())
    sides = list(dict.fromkeys(row.side for row in rows))
    figure, axes = _figure(0.6 * len(rows) + 1.2)
    positions = list(range(len(rows)))[::-1]
    for y, row in zip(positions, rows, strict=True):
        colour, hatch = styles[sides.index(row.side) % len(styles)]
        change = row.change or 0.0
        axes.barh(
            y,
            change,
            0.6,
            color=colour if not hatch else "white",
            edgecolor=colour,
            hatch=hatch,
            linewidth=1.5,
        )
        axes.text(
            change + (0.03 if change >= 0 else -0.03),
            y,
            f"{change:+.2f}",
            va="center",
            ha="left" if change >= 0 else "right",
            fontsize=9,
            color=INK,
        )
    labels = [
        _plain(textwrap.fill(f"{_short(row.question)} ({row.side.lower()})", 34)) for row in rows
    ]
    axes.set_yticks(positions, labels)
    axes.axvline(0, color=MUTED, linewidth=1)
    spread = max(abs(row.change or 0.0) for row in rows) or 1.0
    axes.set_xlim(-spread * 1.4, spread * 1.4)
    axes.set_xlabel("Change in the average answer (after − before)", color=INK)
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    description = (
        "Bars of the change in each question's average answer from the survey before the "
        "pairs started to the closing survey, by side. "
        + "; ".join(f"{row.question}, {row.side}: {row.change:+.2f}" for row in rows)
        + "."
    )
    return Chart("surveys", "Surveys: before and after, by side", description, figure)


def _short(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


CHARTS: tuple[Callable[[OutcomeReport], Chart | None], ...] = (
    survival_chart,
    retention_chart,
    learning_chart,
    reach_chart,
    surveys_chart,
)


def report_charts(report: OutcomeReport) -> dict[str, Chart]:
    """The report's charts by key (survival, retention, learning, reach, surveys):
    those the report has figures for."""
    charts = {}
    for build in CHARTS:
        chart = build(report)
        if chart is not None:
            charts[chart.key] = chart
    return charts
