import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from twoway.core.encryption import DecryptionError
from twoway.people.models import SelfDescription

OLD_KEY = "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTAwMDA="


def _raw_value(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM people_selfdescription WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_value_is_stored_encrypted_and_read_back_in_clear(cast):
    sd = SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")
    raw = _raw_value(sd.pk)
    assert raw.startswith("fernet:") and "Woman" not in raw
    assert SelfDescription.objects.get(pk=sd.pk).value == "Woman"


@pytest.mark.django_db
def test_a_wrong_key_fails_closed(cast, settings):
    sd = SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        SelfDescription.objects.get(pk=sd.pk)


@pytest.mark.django_db
def test_reencrypt_fields_moves_values_to_the_new_first_key(cast, settings):
    sd = SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, OLD_KEY]
    call_command("reencrypt_fields", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert SelfDescription.objects.get(pk=sd.pk).value == "Woman"
