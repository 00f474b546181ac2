"""The labelled levels of a weight, written once for every form that shows weights."""

from django import forms

from twoway.programs.models import Program
from twoway.programs.weights import WeightField, weight_choices, weight_label


class _Form(forms.Form):
    weight = WeightField(max_value=10)


def test_each_level_has_its_label_and_another_number_is_custom():
    assert [weight_label(v) for v in (1, 0.5, 0.2, 0)] == [
        "Matters a lot",
        "Matters some",
        "Matters a little",
        "Doesn't matter",
    ]
    assert weight_label(0.35) == "Custom (0.35)"


def test_a_custom_value_is_offered_first_so_an_unchanged_form_keeps_it():
    assert weight_choices(0.35)[0] == ("0.35", "Custom (0.35)")
    assert len(weight_choices(0.5)) == 4


def test_the_field_renders_the_current_level_selected_and_reads_numbers_back():
    html = str(_Form(initial={"weight": 0.2})["weight"])
    assert '<option value="0.2" selected>Matters a little</option>' in html
    assert 'min="' not in html
    form = _Form({"weight": "0.35"})
    assert form.is_valid() and form.cleaned_data["weight"] == 0.35
    assert not _Form({"weight": "11"}).is_valid()
    assert not _Form({"weight": "-1"}).is_valid()


def test_a_new_programs_default_weights_each_read_as_a_level():
    from_defaults = Program().weights

    assert all(not weight_label(value).startswith("Custom") for value in from_defaults.values())
