"""Which use case handles which command (the case desk's dispatcher table)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anju.domain.cases import commands as c
from anju.services.cases import intake, moves, ratings

HANDLERS: dict[type, Callable[[Any, Any], Any]] = {
    c.OpenCase: intake.open_case,
    c.RecheckCase: intake.recheck,
    c.AcceptCase: intake.accept,
    c.AcceptWithPending: intake.accept_pending,
    c.RefuseCase: intake.refuse,
    c.SupplyMaterial: moves.supply,
    c.StartReview: moves.review,
    c.ApproveCase: moves.approve,
    c.DeclineCase: moves.decline,
    c.PayCase: moves.pay,
    c.CloseCase: moves.close,
    c.WithdrawCase: moves.withdraw,
    c.ExpireCase: moves.expire,
    c.RateCase: ratings.rate,
    c.RecordRectificationStep: ratings.rectify,
    c.FileAppeal: ratings.appeal,
    c.DecideAppeal: ratings.decide,
}
