"""The one composition root: settings in, wired application out. Nothing connects at import."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from anju.adapters.holidays import ChineseHolidayCalendar, parse_year_tables
from anju.adapters.policy_files import default_pack_dir, load_pack
from anju.config import Settings, load_settings
from anju.domain.policy.model import PolicyPack
from anju.services.advice import Advice


@dataclass
class Anju:
    """Everything a command or a web request needs, built once per process."""

    settings: Settings
    pack: PolicyPack
    calendar: ChineseHolidayCalendar
    _cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def advice(self) -> Advice:
        return Advice(self.pack, self.calendar)


def build(settings: Settings | None = None) -> Anju:
    """Load the policy pack and the holiday calendar it extends."""
    settings = settings or load_settings()
    pack_dir = settings.policy_pack or default_pack_dir()
    pack = load_pack(pack_dir)
    tables = parse_year_tables(pack.calendar or {}, file=str(pack_dir / "calendar.yaml"))
    return Anju(settings, pack, ChineseHolidayCalendar(tables))
