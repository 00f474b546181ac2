"""audit_record refuses to run outside a transaction.

A transactional test, in a file of its own: a file runs whole on one test worker,
and a transactional test empties the database the tests after it need.
"""

import pytest

from twoway.core.audit import AuditAction, audit_record


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_record_refuses_to_run_outside_a_transaction(cast):
    with pytest.raises(RuntimeError, match="inside the change's transaction"):
        audit_record(actor=cast.ada, action=AuditAction.PERSON_UPDATE)
