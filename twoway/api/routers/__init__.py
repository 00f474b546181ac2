"""One router per resource; ``twoway.api.api`` mounts each. A new resource is a
new module here with its schemas in ``twoway.api.schemas`` (the program work's:
enrollments, match runs, pairs, meetings, outcomes and imports, in
``twoway.api.schemas_more``)."""
