"""``twoway reencrypt_fields``: re-encrypt every encrypted value under the first key.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after
it), run this command, then remove the old keys.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from twoway.core.audit import AuditAction, audit_record
from twoway.core.encryption import EncryptedTextField

CHUNK = 2000


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [
                f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
            ]
            if not fields:
                continue
            count = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), CHUNK):
                with transaction.atomic():
                    # Reading decrypts with whichever key opens the value; saving
                    # encrypts with the first key.
                    rows = list(model._default_manager.filter(pk__in=pks[start : start + CHUNK]))
                    model._default_manager.bulk_update(rows, fields)
                    count += len(rows)
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action=AuditAction.ENCRYPTION_ROTATE,
                    subject_type=model._meta.label_lower,
                    subject_label=str(model._meta.verbose_name_plural),
                    after={"rows": count, "fields": fields},
                )
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
            total += count
        self.stdout.write(f"rows={total}")
