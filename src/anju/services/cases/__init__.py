"""Use cases of 办件: open, accept (also 容缺), review, decide, pay, close, withdraw, sweep, rate.

``CaseDesk(pack, calendar, uow, clock, parse_scenario).handle(command)`` runs a command of
:mod:`anju.domain.cases.commands` in one transaction that includes its audit entry.
"""

from anju.services.cases.desk import CaseDesk, CaseView

__all__ = ["CaseDesk", "CaseView"]
