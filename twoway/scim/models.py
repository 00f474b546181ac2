"""What the identity provider knows of a person beyond the directory's own fields.

A person's SCIM ``id`` is their ``uuid`` and their ``userName`` their e-mail; the
one thing left to keep is the provider's ``externalId``, its own key for them.
"""

from __future__ import annotations

from django.db import models

from twoway.core.models import TwowayModel
from twoway.people.models import Person


class ScimLink(TwowayModel):
    """A person provisioned (or found) through SCIM, with the provider's key for them.

    ``deleted_at``: when the provider deleted the User. The person stays in the
    directory as a leaver; SCIM no longer finds them (a 404, as RFC 7644 says of a
    deleted resource) until the provider creates the same userName again.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim_link")
    external_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.external_id or str(self.person_id)
