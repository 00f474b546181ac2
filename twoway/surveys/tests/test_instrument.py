"""The default instrument: stable keys, the six GES items, the right surveys."""

from twoway.surveys import instrument


def test_keys_are_unique_and_stable():
    assert instrument.DEFAULT_KEYS == (
        "goals_confidence",
        "goals_reached",
        "confidence_learning",
        "confidence_teaching",
        "ges_cold_warm",
        "ges_negative_positive",
        "ges_hostile_friendly",
        "ges_suspicious_trusting",
        "ges_contempt_respect",
        "ges_disgust_admiration",
        "recommend",
        "comment",
    )


def test_the_general_evaluation_scale_has_six_seven_point_items_in_both_surveys():
    items = [q for q in instrument.DEFAULT_QUESTIONS if q.group == instrument.GES_GROUP]
    assert [q.key for q in items] == list(instrument.GES_KEYS) and len(items) == 6
    for q in items:
        assert q.values == (1, 2, 3, 4, 5, 6, 7) and q.surveys == instrument.BOTH
        assert q.low and q.high
    assert "Wright" in instrument.GES_CITATION and "73(1), 73–90" in instrument.GES_CITATION


def test_each_survey_asks_what_it_should():
    baseline = [q.key for q in instrument.default_questions("baseline", "mentor")]
    closing = [q.key for q in instrument.default_questions("closing", "mentee")]
    assert "goals_confidence" in baseline and "goals_reached" not in baseline
    assert "goals_reached" in closing and "recommend" in closing and "recommend" not in baseline
    both = {"confidence_learning", "confidence_teaching", "comment", *instrument.GES_KEYS}
    assert both <= set(baseline) & set(closing)
    recommend = instrument.default_question("recommend")
    assert recommend is not None and recommend.values == tuple(range(11))
