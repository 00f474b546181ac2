"""Who acts and who asks: the two types every service and selector signature uses.

``RequestUser`` is what ``request.user`` holds: a signed-in ``User``, or Django's
``AnonymousUser`` before sign-in. Selectors take it as ``user`` and answer an
anonymous visitor with nothing (no person, an empty list, a refusal).

``Actor`` is whoever makes a change that a service audits: a ``RequestUser``, or
``None`` for the system itself (management commands, scheduled tasks, the demo
seeder). The audit log records a signed-in actor by reference and by e-mail
address; the system and an anonymous visitor are both recorded with no actor.
Role checks (``core.roles``) take an ``Actor``: the system holds no role.

A parameter that only ever receives a real account (a person's login, the user a
role is granted to) is typed ``User``.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from twoway.core.models import User

RequestUser: TypeAlias = User | AnonymousUser
Actor: TypeAlias = User | AnonymousUser | None


def actor_user(actor: Actor) -> User | None:
    """The signed-in ``User`` behind ``actor``; None for an anonymous visitor or the system."""
    return actor if actor is not None and actor.is_authenticated else None
