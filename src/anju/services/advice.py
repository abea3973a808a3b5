"""Use case: diagnose a depositor — every business, or one — on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anju.domain.calendar import WorkCalendar
from anju.domain.errors import NotFound
from anju.domain.policy.decision import Diagnosis
from anju.domain.policy.evaluate import evaluate
from anju.domain.policy.model import PolicyPack
from anju.domain.scenario import Scenario
from anju.domain.scenario_checks import check_scenario


@dataclass(frozen=True, slots=True)
class Advice:
    """Diagnosis with the pack and working-day calendar in force."""

    pack: PolicyPack
    calendar: WorkCalendar

    def check(self, scenario: Scenario, on: date, business: str | None = None) -> Diagnosis:
        """The full diagnosis (or one business's) for ``scenario`` on ``on``."""
        if business is not None:
            self.pack.business(business)  # raises NotFound with the Chinese message
        check_scenario(scenario, on)
        return evaluate(self.pack, scenario, on, self.calendar, only=business)

    def business_names(self) -> dict[str, str]:
        return {b.code: b.name for b in self.pack.businesses}


__all__ = ["Advice", "NotFound"]
