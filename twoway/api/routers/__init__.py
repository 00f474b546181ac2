"""One router per resource; ``twoway.api.api`` mounts each. A new resource is a
new module here with its schemas in ``twoway.api.schemas``."""
