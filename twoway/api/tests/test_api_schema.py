"""docs/openapi.json is the code's schema, and the docs page keeps to the site's CSP."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from twoway.api.openapi import schema_file, schema_text


def test_the_schema_file_matches_the_code():
    assert schema_file().read_text(encoding="utf-8") == schema_text(), (
        "The API changed: run `twoway api_schema --write` and commit docs/openapi.json."
    )


def test_the_command_prints_the_schema(db):
    out = StringIO()
    call_command("api_schema", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["info"]["title"] == "Twoway"
    assert "/api/v1/programs/{slug}" in schema["paths"]


def test_openapi_json_is_served(cast, client):
    client.force_login(cast.juno)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_docs_page_loads_nothing_from_elsewhere(cast, client):
    client.force_login(cast.juno)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle" in html
    # Every script is a file of this site, or a JSON block (not run as script).
    for chunk in html.split("<script")[1:]:
        assert 'src="/static/' in chunk.split(">")[0] or 'type="application/json"' in chunk
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
