"""Schedule downloads (xlsx, CSV) through the planner's own export (``anju.adapters.plan_files``)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import Response

from anju.adapters.plan_files import export_schedule
from anju.adapters.web.forms import PlanForm
from anju.adapters.web.workbench import chosen
from anju.domain.errors import InputError
from anju.domain.policy.model import PolicyPack
from anju.domain.scenario import Scenario
from anju.services.planning import make_plans

MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8"}


def schedule_download(pack: PolicyPack, scenario: Scenario, on: date, form: PlanForm, fmt: str) -> Response:
    """The shown plan's schedule as a file download."""
    if not form.ready:
        raise InputError("请先填写房价并生成方案")
    result = make_plans(pack, form.scenario(scenario), on, form.options())
    plan = chosen(result, form.plan)
    if plan is None:
        raise InputError("没有可导出的方案")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"schedule.{fmt}"
        export_schedule(plan, path)
        content = path.read_bytes()
    name = f"还款计划-{plan.id}.{fmt}"
    disposition = f"attachment; filename=\"schedule-{plan.id}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=MEDIA[fmt], headers={"Content-Disposition": disposition})
