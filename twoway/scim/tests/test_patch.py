"""PATCH operations on a User's document, without the database: every path form
Entra ID and Okta send, and the refusals."""

from __future__ import annotations

import doctest

import pytest

from twoway.scim import filters, patch
from twoway.scim.errors import ScimError
from twoway.scim.patch import user_patch
from twoway.scim.urns import ENTERPRISE_USER


def _doc():
    return {
        "userName": "ada@example.org",
        "name": {"givenName": "Ada", "familyName": "Okafor"},
        "emails": [{"value": "ada@example.org", "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE_USER: {"employeeNumber": "E1", "department": "Technology"},
    }


def test_the_examples_in_the_docstrings_run():
    for module in (patch, filters):
        assert doctest.testmod(module).failed == 0


def test_replace_with_a_path_in_any_letter_case():
    doc = _doc()
    touched = user_patch(doc, [{"op": "Replace", "path": "NAME.familyname", "value": "Obi"}])
    assert doc["name"] == {"givenName": "Ada", "familyName": "Obi"}
    assert touched == {"name", "name.familyname"}


def test_the_enterprise_urn_paths():
    doc = _doc()
    user_patch(
        doc,
        [
            {"op": "add", "path": f"{ENTERPRISE_USER}:department", "value": "People"},
            {"op": "add", "path": f"{ENTERPRISE_USER}:manager", "value": "m-1"},
            {"op": "remove", "path": f"{ENTERPRISE_USER}:employeeNumber"},
        ],
    )
    assert doc[ENTERPRISE_USER] == {"department": "People", "manager": "m-1"}


def test_a_filtered_path_changes_the_matching_value_or_adds_one():
    doc = _doc()
    user_patch(doc, [{"op": "replace", "path": 'emails[type eq "work"].value', "value": "a@x.org"}])
    assert doc["emails"] == [{"value": "a@x.org", "type": "work", "primary": True}]
    user_patch(doc, [{"op": "add", "path": 'emails[type eq "home"].value', "value": "h@x.org"}])
    assert doc["emails"][1] == {"type": "home", "value": "h@x.org"}
    user_patch(doc, [{"op": "remove", "path": 'emails[type eq "home"]'}])
    assert len(doc["emails"]) == 1


def test_no_path_merges_the_attributes_and_the_extension():
    doc = _doc()
    touched = user_patch(
        doc,
        [
            {
                "op": "replace",
                "value": {
                    "active": False,
                    "name": {"givenName": "Adaeze"},
                    ENTERPRISE_USER: {"department": "Finance"},
                    "id": "ignored",
                },
            }
        ],
    )
    assert doc["active"] is False
    assert doc["name"] == {"givenName": "Adaeze", "familyName": "Okafor"}
    assert doc[ENTERPRISE_USER]["department"] == "Finance"
    assert "id" not in doc
    assert {"active", "name", "name.givenname", "department"} <= touched


def test_the_whole_extension_as_a_path():
    doc = _doc()
    user_patch(doc, [{"op": "replace", "path": ENTERPRISE_USER, "value": {"department": "Ops"}}])
    assert doc[ENTERPRISE_USER]["department"] == "Ops"


@pytest.mark.parametrize(
    ("operations", "scim_type"),
    [
        ([], "invalidSyntax"),
        ("add", "invalidSyntax"),
        ([{"op": "copy", "path": "title"}], "invalidSyntax"),
        ([{"op": "remove"}], "noTarget"),
        ([{"op": "add", "value": "x"}], "invalidValue"),
        ([{"op": "add", "path": 'emails[type co "w"].value', "value": "x"}], "invalidPath"),
        ([{"op": "add", "path": "a b", "value": "x"}], "invalidPath"),
        ([{"op": "replace", "path": "meta", "value": {}}], "mutability"),
    ],
)
def test_refuses_what_the_rfc_does_not_allow(operations, scim_type):
    with pytest.raises(ScimError) as refused:
        user_patch(_doc(), operations)
    assert (refused.value.status, refused.value.scim_type) == (400, scim_type)
