"""Pick depositors that show what Anju does: one per kind of answer, for the demo."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from anju.domain.policy.decision import Decision, Diagnosis, Outcome
from anju.domain.scenario import Scenario
from anju.services.advice import Advice

# The order the demo tells the story in: yes, yes-with-materials-to-follow, not yet (from a
# date), another way (a relative or another business), what is missing, and a cited refusal.
STORY = (Outcome.ELIGIBLE, Outcome.NOT_YET, Outcome.ANOTHER_WAY, Outcome.NEEDS_INFO,
         Outcome.NOT_ELIGIBLE, Outcome.PENDING_MATERIALS)
# Businesses people come for most; a showcase decision is taken from these first.
FAVOURITES = ("loan.new", "withdraw.rent", "withdraw.retirement", "withdraw.purchase_new",
              "withdraw.repay_hpf", "withdraw.sealed_nonlocal", "loan.commercial_to_hpf")


@dataclass(frozen=True, slots=True)
class Showcase:
    """A depositor and the decision that makes them a good example of an outcome."""

    depositor_id: int
    outcome: Outcome
    decision: Decision
    diagnosis: Diagnosis


def pick_showcase(advice: Advice, ids: Iterable[int], scenario_for: Callable[[int], Scenario],
                  on: date, limit: int = 400) -> list[Showcase]:
    """Diagnose up to ``limit`` depositors and keep the first example of each outcome."""
    found: dict[Outcome, Showcase] = {}
    for count, depositor_id in enumerate(ids):
        if count >= limit or len(found) == len(STORY):
            break
        diagnosis = advice.check(scenario_for(depositor_id), on)
        by_code = {d.business: d for d in diagnosis.decisions}
        for code in (*FAVOURITES, *by_code):
            decision = by_code.get(code)
            if decision is not None and decision.outcome not in found:
                found[decision.outcome] = Showcase(depositor_id, decision.outcome, decision,
                                                   diagnosis)
                break
    return [found[o] for o in STORY if o in found]
