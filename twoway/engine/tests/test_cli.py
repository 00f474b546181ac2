"""``python -m twoway.engine solve``: JSON in, JSON out, one clear line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCORED = {
    "mentors": [{"id": "m1", "capacity": 2}, {"id": "m2"}],
    "mentees": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}],
    "scores": [["m1", "e1", 3.5], ["m1", "e2", 1.0], ["m2", "e2", 2.0], ["m2", "e3", 0.5]],
}
SKILLED = {
    "skills": {"tiktok": "TikTok", "sql": "SQL"},
    "mentors": [
        {"id": "ana", "offers": [{"skill": "tiktok", "level": 5}], "wants": [["sql", 1]],
         "level": 1, "department": "Marketing"},
    ],
    "mentees": [
        {"id": "cho", "wants": [["tiktok", 1]], "offers": [["sql", 4]], "level": 5,
         "department": "Finance"},
    ],
    "constraints": {"senior_side": "mentee"},
}  # fmt: skip


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "twoway.engine", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path: Path, data: object, name: str = "problem.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def test_solves_an_explicit_score_problem_to_stdout(tmp_path: Path) -> None:
    done = run("solve", write(tmp_path, SCORED))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["pairs"] == [["m1", "e1"], ["m2", "e2"]]
    assert result["total"] == 5.5
    assert result["certified_optimal"] is True
    assert result["unmatched"] == [
        {"id": "e3", "side": "mentee", "reason": "capacity", "candidates": 1, "constraints": {}}
    ]
    assert set(result["timings"]) == {"validate", "candidates", "solve", "certify", "explain"}


def test_writes_the_result_file_and_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    done = run("solve", "-", "--out", str(out), stdin=json.dumps(SCORED))
    assert done.returncode == 0 and done.stdout == ""
    assert json.loads(out.read_text())["total"] == 5.5


def test_writes_compact_json_unless_asked_to_indent(tmp_path: Path) -> None:
    problem = write(tmp_path, SCORED)
    compact = run("solve", problem, "--seed", "3")
    indented = run("solve", problem, "--seed", "3", "--indent", "2")
    assert compact.returncode == indented.returncode == 0
    assert compact.stdout.count("\n") == 1 and '"pairs":[["m1","e1"]' in compact.stdout
    assert indented.stdout.startswith('{\n  "pairs": [\n    [\n      "m1",')
    results = [json.loads(done.stdout) for done in (compact, indented)]
    for result in results:
        # Seconds differ from run to run; everything else is the same.
        del result["timings"]
        result["stats"] = {k: v for k, v in result["stats"].items() if "seconds" not in k}
    assert results[0] == results[1]


def test_explains_a_skills_based_pair_in_words(tmp_path: Path) -> None:
    done = run("solve", write(tmp_path, SKILLED))
    assert done.returncode == 0, done.stderr
    detail = json.loads(done.stdout)["details"][0]
    assert detail["reasons"] == [
        "ana can teach cho TikTok (level 5, cho is at 1)",
        "cho can teach ana SQL (level 4, ana is at 1)",
        "ana and cho cross the department line",
    ]
    assert detail["breakdown"]["teach"] == 1.0


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ({**SCORED, "scores": [["m1", "e9", 1.0]]}, 'error: scores[0]: unknown mentee id "e9"'),
        ({**SCORED, "scores": [["m9", "e1", 1.0]]}, 'error: scores[0]: unknown mentor id "m9"'),
        (
            {**SCORED, "mentees": [{"id": "e1"}, {"id": "e1"}]},
            'error: mentees[1].id: duplicate mentee id "e1"',
        ),
        (
            {**SCORED, "mentors": [{"id": "m1", "capacity": -1}]},
            "error: mentors[0].capacity: must be at least 1, got -1",
        ),
        (
            {**SCORED, "constraints": {"locked": [["m2", "e1"]]}},
            'error: constraints.locked[0]: the pair ("m2", "e1") breaks not_in_scores',
        ),
        (
            {**SCORED, "weights": {"teach": -1}},
            "error: weights.teach must not be negative, got -1.0",
        ),
        ({**SCORED, "colour": "blue"}, 'error: unknown top-level key "colour"'),
        ('{"mentors": [{"id": "m1"}], "mentees": [{"id": "e1"}], "scores": [["m1", "e1", NaN]]}',
         "error: problem.json: NaN is not a number JSON allows"),
        ("{bad json", "error: problem.json: not valid JSON: Expecting property name enclosed "
                      "in double quotes (line 1, column 2)"),
    ],
    ids=["unknown-mentee", "unknown-mentor", "duplicate-id", "negative-capacity", "bad-lock",
         "negative-weight", "unknown-key", "nan-score", "bad-json"],
)  # fmt: skip
def test_rejects_malformed_input_with_one_line_and_status_two(
    tmp_path: Path, problem: object, message: str
) -> None:
    done = run("solve", write(tmp_path, problem))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.replace(str(tmp_path) + "/", "") == message + "\n"


def test_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    done = run("solve", str(tmp_path / "nowhere.json"))
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path / 'nowhere.json'}: no such file\n"


def test_reports_a_missing_command_in_one_line() -> None:
    done = run()
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ('[["m1", "e1", 1e400]]', "error: scores[0]: score: must be a finite number, got inf"),
        ('[["m1", "e1", true]]', "error: scores[0]: score: must be a number, got True"),
        ('[["m1", "e1", "2"]]', 'error: scores[0]: score: must be a number, got "2"'),
        ('[["m1", "e1", 1], ["m1", "e1", 2]]',
         'error: scores[1]: the pair ("m1", "e1") is listed twice'),
        ('[["m1", "e1", 1], ["m1", "e2"]]', "error: scores[1]: expected [mentor, mentee, score]"),
    ],
    ids=["overflowing-score", "bool-score", "string-score", "pair-twice", "short-entry"],
)  # fmt: skip
def test_rejects_bad_scores_among_the_json_with_one_line(
    tmp_path: Path, scores: str, message: str
) -> None:
    people = '"mentors": [{"id": "m1"}], "mentees": [{"id": "e1"}, {"id": "e2"}]'
    done = run("solve", write(tmp_path, f'{{{people}, "scores": {scores}}}'))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == message + "\n"
