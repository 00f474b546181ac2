"""A pair's fit on the 0–100 scale and in words, and where the engine's own
figures went: a known run shows the expected fit, and "About this run" holds
the total, the certificate, the blocking pairs and the timings."""

import doctest
import re

import pytest
from django.urls import reverse

from twoway.matching import fit as fit_module
from twoway.matching import reasons as reasons_module
from twoway.matching.fit import fit_best_possible, fit_of, fit_percent, fit_word
from twoway.matching.models import MatchRun, Proposal
from twoway.testing.factories import matching_program, person

DEFAULT_WEIGHTS = {
    "teach": 1.0,
    "teach_back": 0.5,
    "crossing": 0.5,
    "level_gap": 0.2,
    "availability": 0.3,
    "time_zone": 0.2,
}


@pytest.mark.parametrize("module", [fit_module, reasons_module])
def test_the_examples_in_the_docstrings_run(module):
    failed, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0


def test_the_best_possible_score_counts_three_topics_each_way_and_one_of_each_other_part():
    assert fit_best_possible(DEFAULT_WEIGHTS) == pytest.approx(5.7)
    assert fit_best_possible({"teach": 2.0}) == pytest.approx(6.0)
    assert fit_best_possible({}) == 0


def test_fit_is_the_score_as_a_share_of_the_best_possible_in_whole_points():
    assert [fit_percent(s, 5.7) for s in (5.7, 4.1, 2.5, 1.2, 0.57, 0)] == [100, 72, 44, 21, 10, 0]
    assert fit_percent(9.0, 5.7) == 100  # never above the scale
    assert fit_percent(1.0, 0) is None  # every weight off: no scale


def test_the_words_follow_the_thresholds():
    assert [fit_word(p) for p in (100, 60, 59, 40, 39, 20, 19, 0)] == [
        "strong",
        "strong",
        "good",
        "good",
        "fair",
        "fair",
        "weak",
        "weak",
    ]
    assert str(fit_of(4.1, 5.7)) == "72 (strong)"


@pytest.fixture
def known_run(cast):
    """A finished run with four pairs scored 4.10, 2.50, 1.20 and 0.57 under the
    default weights (best possible 5.70): fit 72, 44, 21, 10; total 8.37."""
    program = matching_program(name="Known", slug="known", kind="mutual")
    run = MatchRun.objects.create(
        program=program,
        status=MatchRun.Status.SUCCEEDED,
        phase="done",
        percent=100,
        total=8.37,
        certified_optimal=True,
        optimality_gap=0.0,
        blocking_pairs=3,
        settings={"weights": DEFAULT_WEIGHTS, "objective": "best_total", "constraints": {}},
        counts={
            "mentors": 4,
            "mentees": 4,
            "pairs": 4,
            "matched_mentors": 4,
            "matched_mentees": 4,
            "unmatched": 0,
        },
        timings={"load": 0.011, "solve": 0.2, "store": 1.5},
    )
    for i, score in enumerate((4.1, 2.5, 1.2, 0.57)):
        Proposal.objects.create(
            run=run,
            mentor=person(f"Mentor {'ABCD'[i]}"),
            mentee=person(f"Mentee {'ABCD'[i]}"),
            score=score,
            breakdown={"teach": score},
            topics={"teaches": [], "teaches_back": []},
        )
    return run


def _page(client, cast, run) -> str:
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": run.program.slug, "uuid": run.uuid})
    return client.get(url).content.decode()


def _split_about(page: str) -> tuple[str, str]:
    start = page.index('<details class="card timings about-run">')
    end = page.index("</details>", start)
    return page[:start] + page[end:], page[start:end]


def test_a_known_run_shows_each_pairs_fit_and_word(client, cast, known_run):
    page = _page(client, cast, known_run)
    shown = re.findall(r'<span class="mp-total">(\d+) <span class="mp-fit-word">(\w+)</span>', page)
    assert shown == [("72", "strong"), ("44", "good"), ("21", "fair"), ("10", "weak")]


def test_the_runs_total_is_shown_as_the_average_fit_of_its_pairs(client, cast, known_run):
    main, _about = _split_about(_page(client, cast, known_run))
    # 8.37 / 4 pairs = 2.0925, which is 37 of 5.70.
    assert re.search(r'class="stat">37 <span class="stat-word">fair</span>', main)
    assert "average fit of the pairs, out of 100" in main


def test_the_engine_figures_stay_in_about_this_run_each_explained(client, cast, known_run):
    main, about = _split_about(_page(client, cast, known_run))
    for engine_term in ("8.37", "Blocking pairs", "Certificate", "4.10", " ms"):
        assert engine_term not in main, engine_term
    assert "About this run" in about
    assert "8.37" in about and "the pairs' scores added up" in about
    assert "Proven optimal" in about and "no other set of pairs" in about
    assert re.search(r"Blocking pairs</dt><dd>3 .*would both rather be together", about)
    assert "Loading the program 11 ms" in about and "Saving the results 1.5 s" in about
    assert "best possible score is 5.70" in about
    assert "Mentor teaches: Matters a lot (1)" in about


def test_the_filter_keeps_pairs_below_a_fit(client, cast, known_run):
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": "known", "uuid": known_run.uuid})
    page = client.get(url, {"fit_below": "40"}).content.decode()
    assert "Mentor C" in page and "Mentor D" in page
    assert "Mentor A" not in page and "Mentor B" not in page


def test_the_overview_and_fairness_pages_speak_fit_too(client, cast, known_run):
    client.force_login(cast.priya)
    overview = client.get(reverse("matching:overview", kwargs={"slug": "known"})).content.decode()
    assert "Average fit" in overview and "37 (fair)" in overview and "8.37" not in overview
    kwargs = {"slug": "known", "uuid": known_run.uuid}
    fairness = client.get(reverse("matching:fairness", kwargs=kwargs)).content.decode()
    assert "Average fit" in fairness and "Avg. score" not in fairness
