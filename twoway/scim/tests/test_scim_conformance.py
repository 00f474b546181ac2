"""scim2-tester, the SCIM conformance checker, against the running server (127.0.0.1):
discovery and every Users check pass, but for the removals Twoway's rules refuse.

The checker fills Users with random values of the types the Schemas give. Two of
Twoway's rules are not in a type: userName is an e-mail address and timezone an
IANA name; the checker is given examples of both (a fresh address each time).

What it may not do, and why: remove ``name`` (Twoway keeps one name, so the User
always shows one), remove ``active`` (a person is active or a leaver), and remove
the enterprise extension or its ``employeeNumber`` (the employee id is the key the
HR import matches people on).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from twoway.scim.tests.helpers import scim_token_for
from twoway.scim.urns import ENTERPRISE_USER

# The removals Twoway refuses by its rules (see the module's docstring).
KEPT = {
    "PATCH modify() did not remove attribute 'name'",
    "PATCH modify() did not remove attribute 'active'",
    f"PATCH modify() did not remove attribute '{ENTERPRISE_USER}'",
    f"PATCH modify() did not remove attribute '{ENTERPRISE_USER}:employeeNumber'",
}


class _Fresh(list):
    """A field's examples that give a new value each time one is picked."""

    def __init__(self, make: Callable[[], str]) -> None:
        super().__init__([""])
        self.make = make

    def __getitem__(self, index: object) -> str:  # type: ignore[override]
        return self.make()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_conformance_checker_finds_no_failure_for_users(cast, live_server, settings):
    settings.API_RATE_PER_MINUTE = 10_000
    secret = scim_token_for(cast.ada, cast.otto)
    base = f"http://127.0.0.1:{live_server.thread.port}/scim/v2"
    with Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=60) as http:
        scim = SyncSCIMClient(http)
        scim.discover()
        model = scim.get_resource_model("User")
        assert model is not None
        model.model_fields["user_name"].examples = _Fresh(lambda: f"{uuid.uuid4().hex}@example.org")
        model.model_fields["timezone"].examples = ["Europe/London", "Asia/Tokyo"]
        results = check_server(scim, resource_types=["User"])
    failed = [
        (result.title, result.reason) for result in results if result.status != Status.SUCCESS
    ]
    assert {reason for _, reason in failed} <= KEPT, failed
    assert len(results) > 40
    titles = {result.title for result in results if result.status == Status.SUCCESS}
    assert {
        "object_creation",
        "object_replacement",
        "object_deletion",
        "check_replace_attribute",
    } <= titles
