"""The certification tracker's scenario runner (pure: no Django), for ``tests/rules/scenarios/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from seldinger.certification import tracker
from seldinger.rules import default_parameters
from seldinger.rules.scenarios import Runner, day, text


def run_certification(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The certification tracker on ``on`` (the date asked).

    ``input``: ``certificate``, ``initial_certification`` (a date), ``opted_in``,
    ``ola`` (``[{year, answered, declined, correct}]``), ``cme`` (``[{date, credits,
    credit_type}]``, credit_type defaulting to AMA PRA Category 1), ``pqi`` (dates
    completed), ``training`` (``{pathway, stage, stage_start, core_exam_passed_on}``).
    Output: ``{certificate, certificate_type, continuing_required, training_end,
    board_eligibility_end, cme_window: {start, end}, ola: {...}, parts: {key: {name,
    status, required, done, due}}}``.
    """

    def optional_day(value: Any, where: str) -> dt.date | None:
        return None if value is None else day(value, where)

    training = None
    if given.get("training") is not None:
        raw = given["training"]
        training = tracker.Training(
            pathway=text(raw, "pathway"),
            stage=str(raw.get("stage", "pgy1")),
            stage_start=day(raw.get("stage_start"), "input.training.stage_start"),
            core_exam_passed_on=optional_day(
                raw.get("core_exam_passed_on"), "input.training.core_exam_passed_on"
            ),
        )
    data = tracker.TrackerInput(
        certificate=str(given.get("certificate", "")),
        initial_certification=optional_day(
            given.get("initial_certification"), "input.initial_certification"
        ),
        opted_in=bool(given.get("opted_in", False)),
        training=training,
        ola=tuple(
            tracker.OlaYear(
                year=int(item["year"]),
                answered=int(item.get("answered", 0)),
                declined=int(item.get("declined", 0)),
                correct=None if item.get("correct") is None else int(item["correct"]),
            )
            for item in given.get("ola", [])
        ),
        cme=tuple(
            tracker.CmeCredit(
                date=day(item.get("date"), f"input.cme[{index}].date"),
                credits=Decimal(str(item.get("credits", 0))),
                credit_type=str(item.get("credit_type", tracker.CATEGORY_1)),
                self_assessment=bool(item.get("self_assessment", False)),
            )
            for index, item in enumerate(given.get("cme", []))
        ),
        pqi=tuple(
            tracker.PqiCompletion(completed_on=day(item, f"input.pqi[{index}]"))
            for index, item in enumerate(given.get("pqi", []))
        ),
    )
    status = tracker.track(data, as_of=on, rules=default_parameters())
    current = next((window for window in status.cme_windows if window.current), None)
    return {
        "certificate": status.certificate,
        "certificate_type": status.certificate_type,
        "continuing_required": status.continuing_required,
        "training_end": status.training_end,
        "board_eligibility_end": status.board_eligibility_end,
        "cme_window": {
            "start": current.start,
            "end": current.end,
            "self_assessment": current.self_assessment,
        }
        if current
        else None,
        "ola": vars(status.ola) if status.ola else None,
        "parts": {
            part.key: {
                **{key: value for key, value in tracker.part_as_dict(part).items() if key != "key"},
                "note": part.note,
            }
            for part in status.parts
        },
        "notes": status.notes,
    }


RUNNERS: Mapping[str, Runner] = {"certification": run_certification}
