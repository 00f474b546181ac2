"""The export: everything about the person, their own words decrypted, never a
partner's private notes, as a JSON document."""

from __future__ import annotations

import json

from twoway.privacy.selectors import EXPORT_FORMAT, person_export
from twoway.privacy.tests.helpers import rich_juno
from twoway.recognition.models import Kudos
from twoway.speakup.models import Report
from twoway.testing.cast import Cast, Pilot
from twoway.testing.queries import queries_in


def test_the_export_holds_their_own_data_and_not_the_partners_notes(
    published: Pilot, cast: Cast
) -> None:
    rich_juno(cast)
    export = person_export(cast.juno.person)
    text = json.dumps(export)
    sections = export["sections"]

    assert export["format"] == EXPORT_FORMAT
    assert sections["person"]["records"][0]["email"] == "juno@example.org"
    assert sections["person"]["records"][0]["manager"] == ""
    assert sections["self_descriptions"]["records"][0]["value"] == "Juno's own words"
    (log,) = sections["meeting_logs"]["records"]
    assert log["private_notes"] == "Juno's private worry: am I too junior?"
    assert "Sterling's private note" not in text
    assert "Sterling's shared note" not in text
    (pair,) = sections["pairs"]["records"]
    assert pair["partner"] == "Sterling Hayes" and pair["your_side"] == "mentor"
    assert (
        sections["agreements"]["records"][0]["mentor_goals"] == "Juno Park wants to read a budget"
    )
    assert sections["check_ins"]["records"][0]["note"] == "Going well, says Juno"
    assert sections["reflections"]["records"][0]["changed"] == "Juno learned budgets"
    (survey,) = sections["surveys"]["records"]
    assert {"question": "confidence", "value": 4, "text": "Juno Park is keen"} in survey["answers"]
    assert {k["given_by_you"] for k in sections["kudos"]["records"]} == {True, False}
    assert sections["insights"]["records"][0]["text"] == "Juno Park says: print less."
    assert sections["event_answers"]["records"][0]["answer"] == "Yes"
    (report,) = sections["speak_up_reports"]["records"]
    assert report["what_happened"] == "Juno Park saw something"
    assert "Anonymous reports keep no link" in sections["speak_up_reports"]["about"]
    assert sections["email_opt_outs"]["records"]
    audit = sections["audit"]["records"]
    assert any(row["by_you"] for row in audit)
    # What was done to their record is listed, not the values other people's held.
    assert any(row["action"] == "Changed a person's record" for row in audit)
    assert "J. Park" not in text


def test_a_manager_sees_their_manager_by_name(cast: Cast) -> None:
    export = person_export(cast.sterling.person)
    assert export["sections"]["person"]["records"][0]["manager"] == "Sol Bernstein"
    assert export["sections"]["roles"]["records"] == []


def test_the_export_reads_a_fixed_number_of_queries(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    few = queries_in(lambda: person_export(cast.juno.person))
    juno, sterling = cast.juno.person, cast.sterling.person
    others = [c for c in Kudos.Category if c != Kudos.Category.LISTENED]
    for n, category in enumerate(others):
        Kudos.objects.create(
            pair=rich.pair, giver=sterling, receiver=juno, category=category, note=f"Kudos {n}"
        )
    for n in range(4):
        Report.objects.create(
            reference=f"TW-1{n}", reporter=cast.juno, happened="x", submission_digest=str(n) * 64
        )
    assert queries_in(lambda: person_export(cast.juno.person)) == few
