"""The API's OpenAPI schema as the text of ``docs/openapi.json``.

``twoway api_schema --write`` regenerates the file; a test fails when the file
and the code disagree, so a change to the API comes with its new schema.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from twoway.api.api import api

PATH_PREFIX = "/api/v1/"


def schema_text() -> str:
    schema = api.get_openapi_schema(path_prefix=PATH_PREFIX)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_file() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "openapi.json"
