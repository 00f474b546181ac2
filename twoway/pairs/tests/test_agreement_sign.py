import pytest

from twoway.pairs.models import AgreementVersion
from twoway.pairs.services import AgreementError
from twoway.pairs.tests.agreements import edit, sign


def test_signed_once_both_sign_and_the_signed_version_is_kept(agreement, published):
    half = sign(agreement, published.juno, 1)
    assert half.mentor_signed == 1 and not half.is_signed
    both = sign(agreement, published.sterling, 1)
    assert both.is_signed
    kept = AgreementVersion.objects.get(agreement=agreement)
    assert kept.version == 1 and kept.content["cadence"] == agreement.cadence


def test_a_change_after_signing_needs_both_signatures_again(agreement, published):
    sign(agreement, published.juno, 1)
    sign(agreement, published.sterling, 1)
    changed = edit(agreement, published.juno, 1, meeting_format="Video call, camera on.")
    assert not changed.is_signed
    sign(changed, published.juno, 2)
    assert sign(changed, published.sterling, 2).is_signed
    assert list(AgreementVersion.objects.values_list("version", flat=True)) == [1, 2]


def test_signing_a_version_that_has_changed_is_refused(agreement, published):
    edit(agreement, published.juno, 1, mentor_offers="Short-form video, from idea to edit.")
    with pytest.raises(AgreementError, match="Your signature was not saved"):
        sign(agreement, published.sterling, 1)


def test_signing_twice_changes_nothing(agreement, published):
    sign(agreement, published.juno, 1)
    sign(agreement, published.sterling, 1)
    sign(agreement, published.sterling, 1)
    assert AgreementVersion.objects.count() == 1


def test_nobody_else_can_sign(agreement, published):
    with pytest.raises(AgreementError, match="Only the two partners"):
        sign(agreement, published.richard, 1)
