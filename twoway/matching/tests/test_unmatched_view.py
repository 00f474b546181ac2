from django.urls import reverse

from twoway.matching.models import UnmatchedEntry
from twoway.testing.factories import SkillFactory, enroll, matching_program, person, run_now


def test_unmatched_people_are_listed_with_the_reason_in_words(client, cast):
    program = matching_program(slug="lines", reporting_line_depth=1)
    sql = SkillFactory(name="SQL")
    boss = person("Bea Boss", level=9, department="Finance")
    report = person("Rae Report", level=2, department="Finance", manager=boss)
    enroll(program, report, "mentor", teach=[(sql, 4)])
    enroll(program, boss, "mentee", learn=[(sql, 1)])
    run = run_now(program, actor=cast.priya)

    entry = UnmatchedEntry.objects.get(run=run, person=boss)
    assert entry.reason == "constraint"
    assert entry.constraints.get("reporting_line") == 1

    client.force_login(cast.priya)
    page = client.get(
        reverse("matching:unmatched", kwargs={"slug": "lines", "uuid": run.uuid})
    ).content.decode()
    assert "Bea Boss" in page
    assert "Every possible partner is in their reporting line (1)." in page
    mentee_only = client.get(
        reverse("matching:unmatched", kwargs={"slug": "lines", "uuid": run.uuid}),
        {"side": "mentee"},
    ).content.decode()
    assert "Bea Boss" in mentee_only and "Rae Report" not in mentee_only
