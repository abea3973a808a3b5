"""Personalised service: who this is, and the channel, service mode and way of explaining.

The rules are data in the policy pack's ``personalisation`` section, not code: each *trait*
(far away, wedding soon, retired, elderly …) has a ``when`` expression in the same expression
language and over the same facts as the businesses' conditions, and says which channels and
service modes (容缺, 延时, 绿色通道, 上门) to offer and how to explain. Evaluation is Kleene
three-valued: a trait whose facts are unknown is neither applied nor denied but listed as
*possible*, with the facts to ask about.

The section also carries the hall's opening hours for bookings (``hall``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from anju.domain.errors import PolicyPackError, Problem
from anju.domain.policy.expr import Compiled, ExprError, Names, compile_expr
from anju.domain.policy.types import BOOL

FILE = "personalisation.yaml"


@dataclass(frozen=True, slots=True)
class Trait:
    """One rule: a kind of person and what serves them best."""

    id: str
    label: str
    when: Compiled
    channels: tuple[str, ...]
    modes: tuple[str, ...]
    explain: str
    priority: int


@dataclass(frozen=True, slots=True)
class HallHours:
    """When the hall takes booked visits: regular and extended (延时) periods, by slot."""

    regular: tuple[tuple[time, time], ...]
    extended: tuple[tuple[time, time], ...]
    slot_minutes: int
    capacity: int
    days_ahead: int
    status: str
    source: str


@dataclass(frozen=True, slots=True)
class Rules:
    """The parsed ``personalisation`` section."""

    channels: Mapping[str, str]
    """Channel code → Chinese name."""
    modes: Mapping[str, str]
    """Service-mode code → Chinese name."""
    traits: tuple[Trait, ...]
    default_channels: tuple[str, ...]
    default_explain: str
    hall: HallHours


@dataclass(frozen=True, slots=True)
class TraitMatch:
    """A trait as it applies to one person."""

    id: str
    label: str
    status: str  # yes | unknown
    explain: str
    channels: tuple[str, ...]
    modes: tuple[str, ...]
    asks: tuple[tuple[str, str], ...] = ()
    """For an unknown trait: the facts (name, Chinese label) to ask about."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Who this is and how to serve them."""

    traits: tuple[TraitMatch, ...]
    """Traits that apply (status yes), most important first."""
    possible: tuple[TraitMatch, ...]
    """Traits that might apply: some fact is unknown."""
    channels: tuple[tuple[str, str], ...]
    """Suggested channels (code, name), the first is the suggestion."""
    modes: tuple[tuple[str, str], ...]
    """Service modes to offer (code, name)."""
    explain: tuple[str, ...]
    """How to explain, one line per applying trait (or the default)."""

    @property
    def channel(self) -> tuple[str, str]:
        return self.channels[0]

    def offers(self, mode: str) -> bool:
        """Whether the service mode ``mode`` is to be offered."""
        return any(code == mode for code, _ in self.modes)

    def to_dict(self) -> dict[str, Any]:
        def match(m: TraitMatch) -> dict[str, Any]:
            return {"id": m.id, "label": m.label, "status": m.status, "explain": m.explain,
                    "channels": list(m.channels), "modes": list(m.modes),
                    "asks": [list(a) for a in m.asks]}
        return {
            "traits": [match(m) for m in self.traits],
            "possible": [match(m) for m in self.possible],
            "channels": [{"code": c, "name": n} for c, n in self.channels],
            "modes": [{"code": c, "name": n} for c, n in self.modes],
            "explain": list(self.explain),
        }


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(Problem(path, message, FILE))


def parse_rules(raw: Mapping[str, Any], names: Names) -> Rules:
    """Check and compile the ``personalisation`` section; every problem names its key path.

    ``names`` is what expressions may read: the pack's facts, definitions and parameters
    (and any facts the caller supplies itself).
    """
    problems = _Problems()
    if not isinstance(raw, Mapping) or not raw:
        raise PolicyPackError("政策包缺少个性化服务规则（personalisation 章节）",
                              [Problem("personalisation", "应为映射，含 channels、modes、traits", FILE)])
    channels = _vocabulary(problems, raw, "channels")
    modes = _vocabulary(problems, raw, "modes")
    found = raw.get("default")
    default: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    default_channels = _codes(problems, "personalisation.default.channels", default.get("channels"), channels)
    if not default_channels:
        problems.add("personalisation.default.channels", "应至少列出一个默认渠道")
    default_explain = str(default.get("explain") or "")
    traits = []
    seen: set[str] = set()
    items = raw.get("traits")
    if not isinstance(items, list) or not items:
        problems.add("personalisation.traits", "应为非空列表")
        items = []
    for i, item in enumerate(items):
        path = f"personalisation.traits[{i}]"
        if not isinstance(item, Mapping):
            problems.add(path, "应为映射（id、label、when …）")
            continue
        trait = _trait(problems, path, item, names, channels, modes)
        if trait is None:
            continue
        if trait.id in seen:
            problems.add(f"{path}.id", f"特征 {trait.id} 重复定义")
        seen.add(trait.id)
        traits.append(trait)
    hall = _hall(problems, raw.get("hall"))
    if problems.items or hall is None:
        raise PolicyPackError(f"个性化服务规则有 {len(problems.items)} 处错误", problems.items)
    return Rules(channels, modes, tuple(sorted(traits, key=lambda t: -t.priority)),
                 default_channels, default_explain, hall)


def personalise(rules: Rules, facts: Mapping[str, Any], params: Mapping[str, Any],
                labels: Mapping[str, str]) -> Profile:
    """Apply every trait to one person's ``facts``; ``labels`` names facts to ask about."""
    yes: list[TraitMatch] = []
    maybe: list[TraitMatch] = []
    for trait in rules.traits:
        value = trait.when(facts, params)
        if value is False:
            continue
        asks: tuple[tuple[str, str], ...] = ()
        if value is None:
            asks = tuple((name, labels.get(name, name)) for name in sorted(trait.when.facts)
                         if _unknown(facts, name))
        match = TraitMatch(trait.id, trait.label, "yes" if value else "unknown", trait.explain,
                           trait.channels, trait.modes, asks)
        (yes if value else maybe).append(match)
    channel_codes = [c for m in yes for c in m.channels] + list(rules.default_channels)
    mode_codes = [c for m in yes for c in m.modes]
    explain = tuple(m.explain for m in yes if m.explain) or (
        (rules.default_explain,) if rules.default_explain else ())
    return Profile(
        traits=tuple(yes),
        possible=tuple(maybe),
        channels=tuple((c, rules.channels[c]) for c in dict.fromkeys(channel_codes)),
        modes=tuple((c, rules.modes[c]) for c in dict.fromkeys(mode_codes)),
        explain=tuple(dict.fromkeys(explain)),
    )


def _unknown(facts: Mapping[str, Any], name: str) -> bool:
    try:
        return facts[name] is None
    except KeyError:
        return True


def _vocabulary(problems: _Problems, raw: Mapping[str, Any], key: str) -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, Mapping) or not value:
        problems.add(f"personalisation.{key}", "应为非空映射（代码: 中文名称）")
        return {}
    out = {}
    for code, name in value.items():
        if not isinstance(name, str) or not name:
            problems.add(f"personalisation.{key}.{code}", "应为中文名称")
            continue
        out[str(code)] = name
    return out


def _codes(problems: _Problems, path: str, value: Any, known: Mapping[str, str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, "应为列表")
        return ()
    out = []
    for code in value:
        if str(code) not in known:
            problems.add(path, f"未知代码 “{code}”，应为 {'、'.join(known)} 之一")
        else:
            out.append(str(code))
    return tuple(out)


def _trait(problems: _Problems, path: str, item: Mapping[str, Any], names: Names,
           channels: Mapping[str, str], modes: Mapping[str, str]) -> Trait | None:
    ok = True
    for key in ("id", "label", "when"):
        if item.get(key) in (None, ""):
            problems.add(f"{path}.{key}", f"缺少必填项 {key}")
            ok = False
    if not ok:
        return None
    try:
        when = compile_expr(str(item["when"]), names)
    except ExprError as exc:
        problems.add(f"{path}.when", str(exc))
        return None
    if when.type != BOOL:
        problems.add(f"{path}.when", "类型不匹配：应为是/否表达式")
        return None
    priority = item.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        problems.add(f"{path}.priority", f"应为整数，实际为 “{priority}”")
        priority = 0
    return Trait(
        id=str(item["id"]), label=str(item["label"]), when=when,
        channels=_codes(problems, f"{path}.channels", item.get("channels"), channels),
        modes=_codes(problems, f"{path}.modes", item.get("modes"), modes),
        explain=str(item.get("explain") or ""), priority=priority,
    )


def _clock(problems: _Problems, path: str, value: Any) -> time | None:
    text = str(value)
    try:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))
    except ValueError:
        problems.add(path, f"应为时刻 HH:MM，实际为 “{value}”")
        return None


def _periods(problems: _Problems, path: str, value: Any) -> tuple[tuple[time, time], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, "应为时段列表，如 [[\"09:00\", \"12:00\"]]")
        return ()
    out = []
    for i, period in enumerate(value):
        if not isinstance(period, list) or len(period) != 2:
            problems.add(f"{path}[{i}]", "应为 [开始, 结束]")
            continue
        start, end = (_clock(problems, f"{path}[{i}]", v) for v in period)
        if start is None or end is None:
            continue
        if end <= start:
            problems.add(f"{path}[{i}]", f"结束时刻 {end:%H:%M} 应晚于开始时刻 {start:%H:%M}")
            continue
        out.append((start, end))
    return tuple(out)


def _hall(problems: _Problems, raw: Any) -> HallHours | None:
    path = "personalisation.hall"
    if not isinstance(raw, Mapping):
        problems.add(path, "应为映射（hours、extended、slot_minutes、capacity、days_ahead）")
        return None
    regular = _periods(problems, f"{path}.hours", raw.get("hours"))
    if not regular:
        problems.add(f"{path}.hours", "应至少有一个办公时段")
    numbers = {}
    for key, default in (("slot_minutes", 30), ("capacity", 1), ("days_ahead", 10)):
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            problems.add(f"{path}.{key}", f"应为正整数，实际为 “{value}”")
            value = default
        numbers[key] = value
    return HallHours(regular, _periods(problems, f"{path}.extended", raw.get("extended")),
                     numbers["slot_minutes"], numbers["capacity"], numbers["days_ahead"],
                     str(raw.get("status", "placeholder")), str(raw.get("source", "")))
