"""Personalisation rules: parsed from the pack, Kleene three-valued, every problem named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import pytest

from anju.domain.errors import PolicyPackError
from anju.domain.policy.personalise import parse_rules, personalise
from anju.domain.scenario import Account, Employment, Person, Scenario
from anju.services.personalisation import Observations, Personaliser

ON = date(2026, 11, 27)


class Names:
    facts: ClassVar[dict[str, str]] = {"age": "int", "distance_km": "decimal", "retired": "bool",
                                       "employment_status": "str"}

    def fact_type(self, name: str) -> str | None:
        return self.facts.get(name)

    def param_type(self, name: str) -> str | None:
        return None

    def choices(self, name: str) -> frozenset[str] | None:
        return frozenset({"employed", "flexible"}) if name == "employment_status" else None


def _raw(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "channels": {"online": "网上办理", "counter": "窗口办理", "appointment": "预约"},
        "modes": {"rongque": "容缺受理", "extended_hours": "延时服务", "green_channel": "绿色通道"},
        "default": {"channels": ["counter"], "explain": "照常讲解"},
        "hall": {"hours": [["09:00", "12:00"]], "slot_minutes": 30, "capacity": 2, "days_ahead": 5},
        "traits": [
            {"id": "far", "label": "路远", "when": "distance_km >= 30", "channels": ["online", "appointment"],
             "modes": ["rongque", "extended_hours"], "explain": "先网上办", "priority": 10},
            {"id": "old", "label": "年长", "when": "age >= 60", "channels": ["counter"],
             "modes": ["green_channel"], "explain": "放慢语速", "priority": 20},
        ],
    }
    raw.update(overrides)
    return raw


def test_traits_apply_in_priority_order_and_merge_their_suggestions() -> None:
    rules = parse_rules(_raw(), Names())
    profile = personalise(rules, {"age": 70, "distance_km": Decimal(45)}, {}, {})
    assert [t.id for t in profile.traits] == ["old", "far"]
    assert [c for c, _ in profile.channels] == ["counter", "online", "appointment"]
    assert [c for c, _ in profile.modes] == ["green_channel", "rongque", "extended_hours"]
    assert profile.explain == ("放慢语速", "先网上办")
    assert profile.offers("rongque") and profile.channel == ("counter", "窗口办理")


def test_unknown_facts_make_a_trait_possible_with_the_question_to_ask() -> None:
    rules = parse_rules(_raw(), Names())
    profile = personalise(rules, {"age": 30, "distance_km": None}, {}, {"distance_km": "住处距大厅公里数"})
    assert profile.traits == ()
    assert [(t.id, t.asks) for t in profile.possible] == [("far", (("distance_km", "住处距大厅公里数"),))]
    assert profile.channels == (("counter", "窗口办理"),) and profile.explain == ("照常讲解",)
    assert not profile.offers("rongque")


@pytest.mark.parametrize(("change", "path", "words"), [
    ({"traits": [{"id": "x", "label": "x", "when": "distance_km >= "}]}, "personalisation.traits[0].when", "语法"),
    ({"traits": [{"id": "x", "label": "x", "when": "height > 1"}]}, "personalisation.traits[0].when", "height"),
    ({"traits": [{"id": "x", "label": "x", "when": "age + 1"}]}, "personalisation.traits[0].when", "是/否"),
    ({"traits": [{"id": "x", "label": "x", "when": "age > 1", "modes": ["teleport"]}]},
     "personalisation.traits[0].modes", "teleport"),
    ({"traits": [{"id": "x", "label": "x", "when": 'employment_status == "retird"'}]},
     "personalisation.traits[0].when", "retird"),
    ({"traits": [{"label": "x", "when": "age > 1"}]}, "personalisation.traits[0].id", "id"),
    ({"default": {"channels": []}}, "personalisation.default.channels", "默认渠道"),
    ({"hall": {"hours": [["12:00", "09:00"]]}}, "personalisation.hall.hours[0]", "晚于"),
    ({"hall": {"hours": [["9点", "12:00"]]}}, "personalisation.hall.hours[0]", "HH:MM"),
    ({"hall": {"hours": [["09:00", "12:00"]], "capacity": 0}}, "personalisation.hall.capacity", "正整数"),
])
def test_a_broken_section_names_the_file_path_and_problem(change: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(PolicyPackError) as error:
        parse_rules(_raw(**change), Names())
    problems = error.value.problems
    assert any(p.path == path and words in p.message and p.file == "personalisation.yaml" for p in problems), problems


def test_the_bundled_pack_rules_read_real_scenarios(anju_app) -> None:  # type: ignore[no-untyped-def]
    personaliser = Personaliser(anju_app.pack)
    retired = Scenario(applicant=Person(birth_date=date(1955, 3, 1), sex="male",
                                        employment=Employment(status="retired"),
                                        account=Account(status="sealed"), distance_km=Decimal("52.5")))
    profile = personaliser.profile(retired, ON)
    assert {t.id for t in profile.traits} >= {"elderly", "retired", "far_away"}
    assert profile.offers("extended_hours") and profile.offers("green_channel")
    young = Scenario(applicant=Person(birth_date=date(1998, 3, 1), sex="female", hukou_local=False,
                                      resident_since=date(2026, 6, 1), employment=Employment(status="flexible")))
    told = personaliser.profile(young, ON, Observations(wedding_on=date(2027, 1, 20), disabled=False))
    assert [t.id for t in told.traits] == ["wedding_soon", "flexible_employment", "new_resident"]
    assert all(t.id != "disabled" for t in told.possible)
    far_off = personaliser.profile(young, ON, Observations(wedding_on=date(2027, 6, 1)))
    assert "wedding_soon" not in {t.id for t in far_off.traits}
