"""Load the starter catalogue of reverse-mentoring skills (skills/data/catalogue.json).

Skills that already exist (by name, any case) are left as they are, so an
organisation's own edits survive.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"


def load(apps, schema_editor):
    Skill = apps.get_model("skills", "Skill")
    existing = {name.lower() for name in Skill.objects.values_list("name", flat=True)}
    rows = json.loads(CATALOGUE.read_text(encoding="utf-8"))["skills"]
    Skill.objects.bulk_create(
        [
            Skill(
                uuid=uuid.uuid4(),
                name=row["name"],
                category=row["category"],
                description=row["description"],
                synonyms="\n".join(row["synonyms"]),
                search_text="\n".join([row["name"], *row["synonyms"]]).lower(),
                is_key=row["is_key"],
            )
            for row in rows
            if row["name"].lower() not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
