"""The health board's chart: pairs by status, week by week, as stacked bars.

Written by hand as SVG (a few rectangles and labels need no plotting library):
presentation attributes only, because the site's Content-Security-Policy allows
no inline styles; ``role="img"`` with a ``<title>`` and ``<desc>``; the statuses
differ by colour *and* by their order in the stack, and the page puts the same
figures in a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from twoway.meetings.history import STATUSES, WeekCount
from twoway.pairs.models import Pair

# Bottom to top of each bar. Colours at least 3:1 against white and apart for
# the common colour-vision differences (blue, green, orange-red, purple, grey).
COLOURS: dict[str, str] = {
    Pair.Status.NEW: "#5d667a",
    Pair.Status.ACTIVE: "#0e7a5f",
    Pair.Status.AT_RISK: "#b3411e",
    Pair.Status.COMPLETED: "#2f4fb5",
    Pair.Status.ENDED: "#8c6bb1",
}
LABELS: dict[str, str] = {
    Pair.Status.NEW: "not yet signed",
    Pair.Status.ACTIVE: "active",
    Pair.Status.AT_RISK: "at risk",
    Pair.Status.COMPLETED: "completed",
    Pair.Status.ENDED: "ended early",
}
# Small units, large text: the chart is drawn at about this width on a desk and
# shrinks to fit a phone, where its labels must still be read.
WIDTH, HEIGHT = 440, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 30
FONT_SIZE = 16
MAX_X_LABELS = 5


def _ticks(top: int) -> list[int]:
    """Up to five whole-number gridlines from 0 to ``top``."""
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step))


def status_chart_svg(weeks: Sequence[WeekCount], *, title: str, description: str) -> SafeString:
    """The stacked bars of ``weeks`` as an SVG element to place in a page."""
    top = max((week.total for week in weeks), default=0) or 1
    ticks = _ticks(top)
    top = max(top, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(weeks), 1)
    bar = max(2.0, slot * 0.72)
    parts: list[str] = [
        format_html('<title id="health-chart-title">{}</title>', title),
        format_html('<desc id="health-chart-desc">{}</desc>', description),
    ]
    for tick in ticks:
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dfe3ec" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="#5d667a">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                LEFT - 6,
                f"{y + 5:.1f}",
                FONT_SIZE,
                tick,
            )
        )
    every = max(1, -(-len(weeks) // MAX_X_LABELS))
    for n, week in enumerate(weeks):
        x = LEFT + slot * n + (slot - bar) / 2
        base: float = TOP + plot_h
        for status in STATUSES:
            count = week.counts.get(status, 0)
            if not count:
                continue
            h = plot_h * count / top
            base -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"><title>Week of {}: {} {}</title></rect>',
                    f"{x:.1f}",
                    f"{base:.1f}",
                    f"{bar:.1f}",
                    f"{h:.1f}",
                    COLOURS[status],
                    week.starts_on.strftime("%-d %b"),
                    count,
                    LABELS[status],
                )
            )
        if n % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="#5d667a">'
                    "{}</text>",
                    f"{x + bar / 2:.1f}",
                    HEIGHT - BOTTOM + 20,
                    FONT_SIZE,
                    week.starts_on.strftime("%-d %b"),
                )
            )
    body = "".join(parts)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="health-chart-svg" aria-labelledby="health-chart-title health-chart-desc">'
        f"{body}</svg>"
    )


def status_chart_description(weeks: Sequence[WeekCount]) -> str:
    """One sentence saying what the chart shows, for its ``<desc>`` and caption."""
    if not weeks:
        return "No pairs yet."
    last = weeks[-1]
    now = ", ".join(
        f"{last.counts[status]} {LABELS[status]}" for status in STATUSES if last.counts[status]
    )
    first = weeks[0].starts_on.strftime("%-d %B %Y")
    return (
        f"Pairs by status at the end of each week, from the week of {first}. "
        f"This week: {now or 'no pairs'}."
    )
