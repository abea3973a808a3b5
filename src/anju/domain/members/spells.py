"""A deposit history kept as spells: runs of consecutive months with one status and amount.

The database stores 缴存明细 as spells (``deposit_spells``): a depositor with twenty years of
deposits has a handful of rows, not 240. :class:`SpellHistory` is that history as the
scenario's ``Account.history`` — a read-only sequence of :class:`DepositMonth` that expands
months only when someone iterates them, and answers the engine's question (which months are
deposited, which in arrears) with whole ranges at once. A scenario file still lists months;
both forms give the same answers (``tests/unit/test_spells.py`` checks that they agree).

>>> h = SpellHistory([Spell(2025 * 12 + 10, 2026 * 12 + 1, "paid", None)])
>>> [m.month for m in h]
['2025-11', '2025-12', '2026-01', '2026-02']
>>> h.split() == ({2025 * 12 + 10, 2025 * 12 + 11, 2026 * 12, 2026 * 12 + 1}, set())
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, overload

from anju.domain.scenario import DepositMonth, DepositStatus


class Spell(NamedTuple):
    """Months ``first``..``last`` (indices ``year * 12 + month - 1``, both included)."""

    first: int
    last: int
    status: DepositStatus
    amount: Decimal | None


@lru_cache(maxsize=1 << 16)
def _month(index: int, status: DepositStatus, amount: Decimal | None) -> DepositMonth:
    # DepositMonth is immutable: one instance per (month, status, amount) serves every reader.
    year, month0 = divmod(index, 12)
    return DepositMonth(f"{year:04d}-{month0 + 1:02d}", status, amount)


class SpellHistory(Sequence[DepositMonth]):
    """A history as spells, read as months; spells with ``last < first`` are empty."""

    __slots__ = ("_months", "spells")

    def __init__(self, spells: Sequence[Spell]) -> None:
        self.spells: tuple[Spell, ...] = tuple(s for s in spells if s.last >= s.first)
        self._months: list[DepositMonth] | None = None

    def split(self) -> tuple[set[int], set[int]]:
        """Month indices deposited (paid or back-paid) and in arrears not since settled."""
        paid: set[int] = set()
        arrears: set[int] = set()
        for spell in self.spells:
            (arrears if spell.status == "arrears" else paid).update(range(spell.first, spell.last + 1))
        return paid, arrears - paid

    def _expanded(self) -> list[DepositMonth]:
        if self._months is None:
            self._months = [
                _month(index, spell.status, spell.amount)
                for spell in self.spells
                for index in range(spell.first, spell.last + 1)
            ]
        return self._months

    def __len__(self) -> int:
        return sum(spell.last - spell.first + 1 for spell in self.spells)

    def __iter__(self) -> Iterator[DepositMonth]:
        return iter(self._expanded())

    @overload
    def __getitem__(self, index: int) -> DepositMonth: ...

    @overload
    def __getitem__(self, index: slice) -> list[DepositMonth]: ...

    def __getitem__(self, index: int | slice) -> DepositMonth | list[DepositMonth]:
        return self._expanded()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpellHistory):
            return self.spells == other.spells or list(self) == list(other)
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"SpellHistory({list(self.spells)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (SpellHistory, (self.spells,))
