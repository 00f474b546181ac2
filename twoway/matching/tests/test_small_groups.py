from django.test import override_settings

from twoway.core.small_groups import is_small, suppress_small_groups


def rows(*sizes):
    return [{"label": f"G{i}", "people": n, "rate": 0.5} for i, n in enumerate(sizes)]


def test_groups_under_the_minimum_lose_their_figures_but_keep_their_label():
    result = suppress_small_groups(rows(12, 9, 3, 4), min_size=5)

    assert [r["suppressed"] for r in result] == [False, False, True, True]
    assert result[2] == {
        "label": "G2",
        "people": None,
        "rate": None,
        "suppressed": True,
        "suppressed_because": "small",
    }
    assert result[0]["rate"] == 0.5


def test_one_hidden_group_takes_the_next_smallest_with_it():
    result = suppress_small_groups(rows(12, 9, 3), min_size=5)

    assert [r["suppressed"] for r in result] == [False, True, True]
    # Each says why: the 9 are hidden for the sake of the 3, not for being few.
    assert [r["suppressed_because"] for r in result] == ["", "complement", "small"]


def test_two_groups_with_one_small_hide_both():
    assert [r["suppressed"] for r in suppress_small_groups(rows(40, 2), min_size=5)] == [True, True]


def test_complementary_hiding_can_be_switched_off():
    result = suppress_small_groups(rows(12, 9, 3), min_size=5, complementary=False)
    assert [r["suppressed"] for r in result] == [False, False, True]


@override_settings(REPORT_MIN_GROUP_SIZE=7)
def test_the_minimum_comes_from_the_settings():
    assert is_small(6) and not is_small(7)
    assert [r["suppressed"] for r in suppress_small_groups(rows(7, 8, 9))] == [False, False, False]
