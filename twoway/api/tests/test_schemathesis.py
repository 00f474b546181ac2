"""The running API, fuzzed from its own schema: for every operation and several
roles, cases generated from ``/api/v1/openapi.json`` are sent over HTTP, and no
answer is a server error or strays from what the schema declares."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from twoway.api.tests.helpers import bearer, token_for
from twoway.matching.models import Proposal
from twoway.pairs.models import Pair
from twoway.people.access import user_person
from twoway.programs.models import Enrollment, Program

# A bounded, repeatable run: the whole test stays well under a minute and a half.
EXAMPLES = 15
CHECKS_RUN = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _run(operation: Any, *, base_url: str, headers: dict[str, str], **fixed: Any) -> int:
    """Send ``EXAMPLES`` cases of ``operation`` (some parameters ``fixed``); how many."""
    sent = 0

    @given(case=operation.as_strategy(headers=headers, **fixed))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        send = dict(headers)
        if case.method == "PATCH":
            # The current ETag, so a change can get through rather than always a 412.
            read = requests.get(base_url + case.formatted_path, headers=headers, timeout=10)
            if "ETag" in read.headers:
                send["If-Match"] = read.headers["ETag"]
        case.call_and_validate(base_url=base_url, headers=send, checks=CHECKS_RUN)

    call()
    return sent


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_role_gets_answers_the_schema_declares(live_server, published, cast, settings):
    settings.API_RATE_PER_MINUTE = 100_000
    Program.objects.filter(pk=published.program.pk).update(sponsor=cast.sol)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    roles = {
        "participant": token_for(cast.juno),
        "program manager": token_for(cast.priya, write=True),
        "sponsor": token_for(cast.sol),
        "nothing": token_for(cast.otto),
    }
    # Besides generated ones, path parameters that name things in this world.
    juno = user_person(cast.juno)
    assert juno is not None
    proposal = Proposal.objects.filter(run__program=published.program).first()
    assert proposal is not None
    known = {"slug": published.program.slug, "proposal": str(proposal.uuid)}
    # A path's {uuid} names the thing its path is about.
    uuids = {
        "/match-runs/": proposal.run.uuid,
        "/enrollments/": Enrollment.objects.get(person=juno).uuid,
        "/pairs/": Pair.objects.get(mentor=juno).uuid,
        "": juno.uuid,
    }
    sent: dict[str, int] = {}
    runs = 0
    for role, secret in roles.items():
        headers = bearer(secret)
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation = result.ok()
            names = {p.name for p in operation.path_parameters}
            runs += 2 if names else 1
            sent[role] = sent.get(role, 0) + _run(
                operation, base_url=live_server.url, headers=headers
            )
            if names:
                uuid = next(str(v) for part, v in uuids.items() if part in operation.path)
                path = {name: known.get(name, uuid) for name in names}
                sent[role] += _run(
                    operation, base_url=live_server.url, headers=headers, path_parameters=path
                )
    # Every run sent cases (``runs`` counts them over all roles).
    assert sum(sent.values()) >= runs * 5, sent
