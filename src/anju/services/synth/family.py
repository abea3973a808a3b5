"""Families across records: couples who both hold accounts, partners without one, parents.

Links are returned one way (husband→wife, child→parent); :func:`link_rows` writes both
directions, as the ``family_links`` table stores them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from anju.services.synth.people import Columns, draw_partners

BOTH_HOLD_ACCOUNTS = 0.55
"""Married account holders whose spouse also holds an account here (estimate)."""
PARTNER_KNOWN = 0.6
"""Of the others, the share whose spouse is still on record (as a person without account)."""
CHILD_LINKED = 0.4
"""Account holders aged 20–45 linked to a parent who is on record (estimate)."""
MAX_COUPLE_GAP_YEARS = 15


def pair_couples(rng: np.random.Generator, people: Columns, on: date) -> tuple[Columns, NDArray[np.int64]]:
    """Marry account holders to each other by age, then add partners without an account.

    Returns the people (partners appended) and ``couples``, an (k, 2) array of (husband, wife).
    """
    married = (people["marital"] == 1) & people["has_account"]
    men = np.flatnonzero(married & people["male"])
    women = np.flatnonzero(married & ~people["male"])
    men = men[rng.random(len(men)) < BOTH_HOLD_ACCOUNTS]
    women = women[rng.random(len(women)) < BOTH_HOLD_ACCOUNTS]
    size = min(len(men), len(women))
    days = people["birth"].astype(np.int64)
    # Husbands are about two years older; the noise mixes neighbouring ages.
    key_m = days[men] + 730 + rng.normal(0, 500, len(men))
    key_w = days[women] + rng.normal(0, 500, len(women))
    men = men[np.argsort(key_m, kind="stable")][:size]
    women = women[np.argsort(key_w, kind="stable")][:size]
    close = np.abs(days[men] - days[women]) <= MAX_COUPLE_GAP_YEARS * 365
    men, women = men[close], women[close]
    paired = np.zeros(len(people["birth"]), dtype=bool)
    paired[men] = paired[women] = True
    alone = np.flatnonzero(married & ~paired)
    alone = alone[rng.random(len(alone)) < PARTNER_KNOWN]
    partners = draw_partners(rng, people, alone, on)
    offset = len(people["birth"])
    people = {k: np.concatenate([v, partners[k]]) for k, v in people.items()}
    partner_index = offset + np.arange(len(alone))
    husband = np.where(people["male"][alone], alone, partner_index)
    wife = np.where(people["male"][alone], partner_index, alone)
    couples = np.column_stack([np.r_[men, husband], np.r_[women, wife]]).astype(np.int64)
    return people, couples


def spouse_of(size: int, couples: NDArray[np.int64]) -> NDArray[np.int64]:
    """For every person, the index of their spouse (-1: none on record)."""
    spouse = np.full(size, -1, dtype=np.int64)
    spouse[couples[:, 0]] = couples[:, 1]
    spouse[couples[:, 1]] = couples[:, 0]
    return spouse


def link_parents(rng: np.random.Generator, people: Columns, spouse: NDArray[np.int64]) -> NDArray[np.int64]:
    """(child, parent) pairs: a holder aged 20–45 and an older holder (and that one's spouse)."""
    age = people["age"]
    candidates = np.flatnonzero(
        people["has_account"] & (age >= 20) & (age <= 45) & (rng.random(len(age)) < CHILD_LINKED)
    )
    parents = np.flatnonzero(people["has_account"] & (people["marital"] > 0) & (people["children"] > 0))
    days = people["birth"].astype(np.int64)
    parents = parents[np.argsort(days[parents], kind="stable")]
    parent_days = days[parents]
    child_days = days[candidates]
    low = np.searchsorted(parent_days, child_days - 38 * 365, side="left")
    high = np.searchsorted(parent_days, child_days - 20 * 365, side="right")
    found = high > low
    pick = low + (rng.random(len(candidates)) * (high - low)).astype(np.int64)
    children = candidates[found]
    parent = parents[pick[found]]
    other = spouse[parent]
    pairs = np.column_stack([children, parent])
    second = np.column_stack([children[other >= 0], other[other >= 0]])
    return np.concatenate([pairs, second]).astype(np.int64)


def father_of(size: int, parent_pairs: NDArray[np.int64], male: NDArray[np.bool_]) -> NDArray[np.int64]:
    """For every person, the linked father's index (-1: none), to pass the surname on."""
    father = np.full(size, -1, dtype=np.int64)
    fathers = parent_pairs[male[parent_pairs[:, 1]]]
    father[fathers[:, 0]] = fathers[:, 1]
    return father


def link_rows(couples: NDArray[np.int64], parent_pairs: NDArray[np.int64]) -> dict[str, NDArray[Any]]:
    """Both directions of every link, as ``family_links`` columns (person indexes)."""
    a = np.concatenate([couples[:, 0], couples[:, 1], parent_pairs[:, 0], parent_pairs[:, 1]])
    b = np.concatenate([couples[:, 1], couples[:, 0], parent_pairs[:, 1], parent_pairs[:, 0]])
    relation = np.concatenate(
        [
            np.full(2 * len(couples), "spouse", dtype=object),
            np.full(len(parent_pairs), "parent", dtype=object),
            np.full(len(parent_pairs), "child", dtype=object),
        ]
    )
    return {"depositor": a, "relative": b, "relation": relation}
