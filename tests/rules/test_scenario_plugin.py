"""The YAML scenario plugin, run on small scenario files in a scratch folder."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# The inner runs load the plugin through its entry point; Django is not needed.
ARGS = ("-p", "no:django", "-p", "no:cacheprovider")
PLANNER_RUNNERS = "[pytest]\nscenario_runners =\n    seldinger.pathways.scenarios\n"


@pytest.fixture(autouse=True)
def _planner_runners(pytester: pytest.Pytester) -> None:
    """The inner runs are handed the planner's runners, as pyproject.toml hands them all."""
    pytester.makeini(PLANNER_RUNNERS)


PASSING = """\
runner: parameter
scenarios:
  - name: ESIR needs 500 procedures
    date: 2026-07-01
    input: {parameter: esir/minimum-procedures}
    expected: {value: 500, in_force: true}
  - name: certificate in 2001 is lifetime
    date: "2001-06-30"
    input: {parameter: abr/certificate-types}
    expected: {value: lifetime, since: 1934-01-01}
"""


def test_a_passing_scenario_file_passes(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"scenarios/esir": PASSING})

    result = pytester.runpytest("-v", *ARGS)

    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "*scenarios/esir.yaml::ESIR needs 500 procedures PASSED*",
            "*scenarios/esir.yaml::certificate in 2001 is lifetime PASSED*",
        ]
    )


def test_yaml_outside_a_scenarios_folder_is_not_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"fixtures/esir": PASSING, "scenarios/nested/esir": PASSING})

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(passed=2)


def test_a_wrong_expectation_fails_with_name_file_expected_and_actual(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/plan": """\
runner: plan
scenarios:
  - name: integrated IR with a wrong year count
    date: 2026-08-01
    input: {stage: ms1, pathway: integrated-ir}
    expected:
      postgraduate_years: 7
      training_start: 2030-07-01
      events:
        core-exam: {date: "2035-07-01"}
        no-such-event: {date: 2030-01-01}
"""
        },
    )

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*scenario 'integrated IR with a wrong year count' failed",
            "*file:*scenarios/plan.yaml:3",
            "*runner: plan, date: 2026-08-01",
            "*3 of 4 expected value(s) differ:",
            "*- postgraduate_years",
            "*expected: 7",
            "*actual:   6",
            "*- events.core-exam.date",
            '*expected: "2035-07-01"',
            '*actual:   "2034-09-01"',
            "*- events.no-such-event",
            "*actual:   <missing>",
            "*present keys:*core-exam*",
            "*matched: training_start",
        ]
    )


def test_a_refusal_is_shown_when_a_plan_was_expected(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/refused": """\
runner: plan
scenarios:
  - name: legacy route in 2026
    date: 2026-07-01
    input: {stage: pgy1, pathway: legacy-vir}
    expected: {postgraduate_years: 6}
"""
        },
    )

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*the runner refused: {"field": "pathway"*'])


def test_lists_are_compared_exactly_and_booleans_strictly(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/compare": """\
runner: compare
scenarios:
  - name: order must be complete
    date: 2026-08-01
    input: {stage: ms1}
    expected:
      order: [dr-only, integrated-ir]
  - name: one is not true
    date: 2026-08-01
    input: {stage: ms1}
    expected:
      pathways: {dr-only: true}
  - name: subset of a mapping passes
    date: 2026-08-01
    input: {stage: ms1}
    expected:
      pathways: {dr-only: 5}
"""
        },
    )

    result = pytester.runpytest("-rA", *ARGS)

    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*FAILED*order must be complete*", "*FAILED*one is not true*"])


def test_bad_input_is_reported_readably(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/bad-input": """\
runner: parameter
scenarios:
  - name: unknown parameter
    date: 2026-01-01
    input: {parameter: abr/nothing}
    expected: {value: 1}
"""
        },
    )

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bad input: input.parameter: no parameter 'abr/nothing'"])


def test_xfail_marks_a_known_disagreement(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/known": """\
runner: parameter
scenarios:
  - name: known wrong value
    date: 2026-01-01
    input: {parameter: esir/minimum-procedures}
    xfail: the file still says 500
    expected: {value: 400}
  - name: fixed but still marked
    date: 2026-01-01
    input: {parameter: esir/minimum-procedures}
    xfail: already fixed
    expected: {value: 500}
"""
        },
    )

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(xfailed=1, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*already fixed*"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "runner: plan\nscenarios:\n  - name: a\n    date: 2026-01-01\n    input: {}\n",
            "*scenarios/broken.yaml: scenarios[[]0[]] ('a').expected: missing",
            id="missing-expected",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n"
            "  - {name: ok, date: 2026-01-01, input: {}, expected: {}}\n"
            "  - {date: 2026-01-01, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]1[]].name: missing",
            id="missing-name",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n  - {name: a, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]0[]] ('a').date: missing",
            id="missing-date",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n  - {name: a, date: 2026-01-01, expected: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]0[]] ('a').input: missing",
            id="missing-input",
        ),
        pytest.param(
            "runner: openfisca\nscenarios:\n"
            "  - {name: a, date: 2026-01-01, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: runner: unknown runner 'openfisca'*",
            id="unknown-runner",
        ),
        pytest.param(
            "scenarios:\n  - {name: a, date: 2026-01-01, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: runner: missing",
            id="missing-runner",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n  - {name: a, date: soon, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]0[]] ('a').date: must be a date*",
            id="bad-date",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n"
            "  - {name: a, date: 2026-02-30, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: -: not valid YAML*",
            id="impossible-date",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n"
            "  - {name: a, date: 2026-01-01, input: {}, expect: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]0[]] ('a').expected: missing",
            id="misspelt-key",
        ),
        pytest.param(
            "runner: parameter\nscenarios:\n"
            "  - {name: a, date: 2026-01-01, input: {}, expected: {}}\n"
            "  - {name: a, date: 2026-01-02, input: {}, expected: {}}\n",
            "*scenarios/broken.yaml: scenarios[[]1[]]: duplicate name 'a'",
            id="duplicate-name",
        ),
        pytest.param(
            "runner: parameter\nscenarios: []\n",
            "*scenarios/broken.yaml: scenarios: must be a non-empty list*",
            id="no-scenarios",
        ),
        pytest.param(
            "runner: [unclosed\n", "*scenarios/broken.yaml: -: not valid YAML*", id="yaml"
        ),
    ],
)
def test_a_malformed_file_is_a_collection_error(
    pytester: pytest.Pytester, content: str, message: str
) -> None:
    pytester.makefile(".yaml", **{"scenarios/broken": content})

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR collecting scenarios/broken.yaml*", message])


PLAN_FILE = """\
runner: plan
scenarios:
  - name: integrated IR from MS1
    date: 2026-08-01
    input: {stage: ms1, pathway: integrated-ir}
    expected: {postgraduate_years: 6}
"""


def test_only_the_runners_handed_to_the_plugin_can_be_named(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    pytester.makefile(".yaml", **{"scenarios/plan": PLAN_FILE})

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*scenarios/plan.yaml: runner: unknown runner 'plan'; choose one of parameter"]
    )


def test_the_handed_runners_run(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"scenarios/plan": PLAN_FILE})

    result = pytester.runpytest(*ARGS)

    result.assert_outcomes(passed=1)


def test_a_runner_module_that_cannot_be_imported_stops_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nscenario_runners = seldinger.no_such_app.scenarios\n")

    result = pytester.runpytest(*ARGS)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*scenario_runners: cannot import 'seldinger.no_such_app.scenarios'*"]
    )


def test_a_runner_name_is_handed_once(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(runners_twice="from seldinger.pathways.scenarios import RUNNERS\n")
    pytester.syspathinsert()
    pytester.makeini(
        "[pytest]\nscenario_runners =\n    seldinger.pathways.scenarios\n    runners_twice\n"
    )

    result = pytester.runpytest(*ARGS)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*scenario_runners: runners_twice: runner 'plan' is taken"])
