"""PersonChange: a person's history is append-only and goes with the person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction

from twoway.people.models import ImportUpload, Person, PersonChange
from twoway.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

LEVEL = PersonChange.Field.LEVEL


def promotion(
    person: Person | None = None, upload: ImportUpload | None = None, new_value: str = ""
) -> PersonChange:
    return PersonChange.objects.create(
        person=person or PersonFactory(),
        field=LEVEL,
        old_level=2,
        new_level=3,
        new_value=new_value,
        effective_on=dt.date(2025, 4, 1),
        upload=upload,
    )


def test_a_change_cannot_be_edited_or_deleted():
    change = promotion()
    change.new_level = 9

    with pytest.raises(TypeError, match="A person's history is append-only"):
        change.save()
    with pytest.raises(TypeError, match="append-only"):
        change.delete()
    with pytest.raises(TypeError, match="append-only"):
        PersonChange.objects.filter(pk=change.pk).update(new_level=9)
    with pytest.raises(TypeError, match="append-only"), transaction.atomic():
        PersonChange.objects.bulk_update([change], ["new_level"])
    with pytest.raises(TypeError, match="append-only"):
        PersonChange.objects.all().delete()
    assert PersonChange.objects.get().new_level == 3


def test_changes_can_be_added_in_bulk():
    person = PersonFactory()

    PersonChange.objects.bulk_create(
        [
            PersonChange(person=person, field=LEVEL, new_level=2, effective_on=dt.date(2024, 1, 1)),
            PersonChange(
                person=person,
                field=PersonChange.Field.JOB_TITLE,
                old_value="Analyst",
                new_value="Lead",
                effective_on=dt.date(2025, 1, 1),
            ),
        ]
    )

    assert PersonChange.objects.filter(person=person).count() == 2


def test_a_level_row_cannot_hold_text_nor_a_text_row_a_level():
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        promotion(person=person, new_value="3")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonChange.objects.create(
            person=person,
            field=PersonChange.Field.DEPARTMENT,
            new_value="Data",
            new_level=3,
            effective_on=dt.date(2025, 1, 1),
        )
    assert not PersonChange.objects.exists()


def test_deleting_a_person_deletes_their_history():
    change = promotion()

    change.person.delete()

    assert not PersonChange.objects.exists()


def test_deleting_an_upload_keeps_the_changes_it_made():
    upload = ImportUpload.objects.create(filename="hr.csv")
    change = promotion(upload=upload)

    upload.delete()

    kept = PersonChange.objects.get(pk=change.pk)
    assert kept.upload is None and kept.new_level == 3


def test_the_admin_offers_no_way_to_edit_history():
    assert not admin.site.is_registered(PersonChange)
