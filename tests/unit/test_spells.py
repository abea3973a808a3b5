"""A history stored as spells answers exactly as the same history listed month by month."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.cases.canonical import canonical_json, jsonable
from anju.domain.errors import InputError
from anju.domain.members.deposits import summarise
from anju.domain.members.spells import Spell, SpellHistory
from anju.domain.scenario import Account, DepositMonth, Person, Scenario
from anju.domain.scenario_checks import check_scenario

BASE = 2018 * 12  # 2018-01

spells = st.lists(
    st.builds(
        lambda first, length, status, amount: Spell(BASE + first, BASE + first + length - 1, status, amount),
        st.integers(0, 100), st.integers(0, 30), st.sampled_from(["paid", "back_paid", "arrears"]),
        st.sampled_from([None, Decimal("480.00"), Decimal("1200.50")]),
    ),
    max_size=6,
)
days = st.dates(date(2018, 1, 1), date(2027, 12, 31))


def as_months(history: SpellHistory) -> list[DepositMonth]:
    """The same history written out as a scenario file lists it."""
    return [DepositMonth(m.month, m.status, m.amount) for m in history]


@given(spells, days, days, st.booleans())
def test_spells_summarise_like_the_months_they_stand_for(found: list[Spell], on: date, recorded: date,
                                                         continuing: bool) -> None:
    history = SpellHistory(found)
    months = as_months(history)
    assert len(history) == len(months)
    assert history == months
    for opened_on in (None, recorded):
        assert summarise(history, on, recorded_through=recorded, continuing=continuing, opened_on=opened_on) \
            == summarise(months, on, recorded_through=recorded, continuing=continuing, opened_on=opened_on)


def test_months_read_in_order_of_the_spells() -> None:
    history = SpellHistory([Spell(BASE + 10, BASE + 12, "paid", Decimal("500")), Spell(BASE + 13, BASE + 12, "paid",
                                                                                      None)])
    assert [m.month for m in history] == ["2018-11", "2018-12", "2019-01"]
    assert history[0] == DepositMonth("2018-11", "paid", Decimal("500"))
    assert history[-1].month == "2019-01"
    assert len(history) == 3  # the empty spell (last before first) holds no month


def test_a_stored_status_outside_the_three_is_refused_with_its_position() -> None:
    history = SpellHistory([Spell(BASE, BASE + 2, "paid", None), Spell(BASE + 3, BASE + 4, "lost", None)])  # type: ignore[arg-type]
    with pytest.raises(InputError) as error:
        summarise(history, date(2018, 6, 1), recorded_through=date(2018, 6, 1), continuing=False)
    assert error.value.problems[0].path == "history[1].status"


def test_spells_pickle_and_pass_the_scenario_checks() -> None:
    history = SpellHistory([Spell(BASE, BASE + 11, "paid", None)])
    assert pickle.loads(pickle.dumps(history)) == history
    person = Person(name="甲", account=Account(status="active", history=history))
    check_scenario(Scenario(applicant=person, on=date(2019, 1, 5)))


def test_a_stored_history_snapshots_as_the_months_it_holds() -> None:
    history = SpellHistory([Spell(BASE, BASE + 1, "paid", Decimal("480.00"))])
    assert jsonable(history) == [{"month": "2018-01", "status": "paid", "amount": "480.00"},
                                 {"month": "2018-02", "status": "paid", "amount": "480.00"}]
    assert canonical_json(Account(status="active", history=history)) == canonical_json(
        Account(status="active", history=as_months(history)))
