"""ServiceProviderConfig, ResourceTypes and Schemas: Users only, said honestly."""

from __future__ import annotations

from twoway.scim.tests.helpers import SCIM_JSON, assert_scim_error, call
from twoway.scim.urns import CORE_USER, ENTERPRISE_USER, LIST_RESPONSE


def test_service_provider_config_says_what_is_supported(cast, client, scim_secret):
    response = call(client, "GET", "/scim/v2/ServiceProviderConfig", scim_secret)
    assert response.status_code == 200
    assert response["Content-Type"] == SCIM_JSON
    config = response.json()
    assert config["patch"] == {"supported": True}
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["bulk"]["supported"] is False
    assert config["sort"] == config["etag"] == config["changePassword"] == {"supported": False}
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_resource_types_list_users_and_no_groups(cast, client, scim_secret):
    body = call(client, "GET", "/scim/v2/ResourceTypes", scim_secret).json()
    assert body["schemas"] == [LIST_RESPONSE]
    assert [kind["name"] for kind in body["Resources"]] == ["User"]
    user = body["Resources"][0]
    assert user["schema"] == CORE_USER
    assert user["schemaExtensions"] == [{"schema": ENTERPRISE_USER, "required": False}]
    assert call(client, "GET", "/scim/v2/ResourceTypes/User", scim_secret).json()["id"] == "User"
    assert_scim_error(call(client, "GET", "/scim/v2/ResourceTypes/Group", scim_secret), 404)


def test_schemas_describe_the_attributes_twoway_keeps(cast, client, scim_secret):
    body = call(client, "GET", "/scim/v2/Schemas", scim_secret).json()
    by_id = {schema["id"]: schema for schema in body["Resources"]}
    assert set(by_id) == {CORE_USER, ENTERPRISE_USER}
    core = [attribute["name"] for attribute in by_id[CORE_USER]["attributes"]]
    assert core == ["userName", "name", "displayName", "title", "timezone", "active", "emails"]
    extension = [attribute["name"] for attribute in by_id[ENTERPRISE_USER]["attributes"]]
    assert extension == ["employeeNumber", "department", "manager"]
    one = call(client, "GET", f"/scim/v2/Schemas/{ENTERPRISE_USER}", scim_secret).json()
    assert one["name"] == "EnterpriseUser"


def test_groups_are_not_supported(cast, client, scim_secret):
    body = assert_scim_error(call(client, "GET", "/scim/v2/Groups", scim_secret), 501)
    assert "Twoway takes no Groups" in body["detail"]
    assert_scim_error(call(client, "POST", "/scim/v2/Groups", scim_secret, {}), 501)


def test_an_unknown_address_is_a_scim_404_and_a_wrong_method_a_405(cast, client, scim_secret):
    assert_scim_error(call(client, "GET", "/scim/v2/Nope", scim_secret), 404)
    assert_scim_error(call(client, "DELETE", "/scim/v2/Schemas", scim_secret), 405)
