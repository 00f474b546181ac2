"""The charts: SVG fit to inline in a page, named for screen readers, and PNG for the PDF."""

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from twoway.outcomes.charts import inline_svg, report_charts
from twoway.outcomes.selectors import program_outcomes
from twoway.outcomes.tests.viewers import program_world, small_world
from twoway.outcomes.tests.world import AS_OF

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
SURVEYS = {
    "questions": [
        {
            "key": "confidence",
            "text": "I feel confident with $new tools",
            "cells": {
                "mentor": {
                    "baseline": {"asked": True, "mean": 3.1},
                    "closing": {"asked": True, "mean": 3.9},
                },
                "mentee": {
                    "baseline": {"asked": True, "mean": 2.5},
                    "closing": {"asked": True, "mean": 3.8},
                },
            },
            "change": {"mentor": 0.8, "mentee": 1.3},
        }
    ]
}


@pytest.fixture
def report(cast):
    world = program_world(cast)
    report = program_outcomes(program=world.cohort.program, as_of=AS_OF)
    return dataclasses.replace(report, surveys=SURVEYS)


def test_each_chart_is_valid_svg_with_a_title_a_description_and_no_script(report):
    charts = report_charts(report)
    assert set(charts) == {"survival", "retention", "surveys"}  # no pairs: no learning, reach
    seen_ids: set[str] = set()
    for key, chart in charts.items():
        svg = chart.svg()
        assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = root[0], root[1]
        assert title.tag == f"{SVG}title" and title.text == chart.title
        assert desc.tag == f"{SVG}desc" and desc.text == chart.description
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        ids = [i for e in root.iter() if (i := e.get("id"))]
        assert all(i.startswith(f"chart-{key}-") for i in ids)
        assert not seen_ids & set(ids)  # unique on a page with every chart
        seen_ids.update(ids)
        for element in root.iter():
            assert element.tag.rsplit("}", 1)[-1] not in {"script", "style", "foreignObject"}
            assert "style" not in element.attrib  # the CSP allows no inline style
            assert not [name for name in element.attrib if name.startswith("on")]
        assert root.findall(f".//{SVG}text")  # text stays text
        assert chart.png().startswith(b"\x89PNG")


def test_the_survival_chart_describes_the_figures(report):
    description = report_charts(report)["survival"].description
    assert "Participants: 95 % at 12 months" in description
    assert "dashed" in description


def test_the_survey_chart_draws_labels_as_written(report):
    svg = report_charts(report)["surveys"].svg()
    assert "$new tools" in svg


def test_a_reference_to_an_id_follows_its_new_name():
    raw = (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt">'
        '<defs><path id="m1" d="M 0 0"/><clipPath id="p1"><rect/></clipPath></defs>'
        '<g id="patch_1" onclick="x()"><use xlink:href="#m1" style="fill: #fff; stroke: red"/>'
        '<path clip-path="url(#p1)" d="M 0 0"/></g><script>alert(1)</script></svg>'
    )
    root = ET.fromstring(inline_svg(raw, prefix="c", title="T", description="D"))
    use, clip, group = (root.find(f".//{SVG}{tag}") for tag in ("use", "clipPath", "g"))
    assert use is not None and clip is not None and group is not None
    assert use.get("href") == "#c-0" and use.get("fill") == "#fff" and use.get("stroke") == "red"
    assert clip.get("id") == "c-1"
    assert group.get("id") is None and group.get("onclick") is None
    assert root.find(f".//{SVG}script") is None


def test_a_suppressed_report_has_no_charts(cast):
    small = small_world(cast)
    report = program_outcomes(program=small.cohort.program, as_of=AS_OF)
    assert report.suppressed
    assert report_charts(dataclasses.replace(report, surveys=SURVEYS)) == {}
