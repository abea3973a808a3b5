"""Screening beyond one machine: the same compiled rules over account partitions, on Dask.

A partition (a slice of account holders) is self-contained: :func:`screen_partition` reads its
rows — and its relatives' — from the shared Parquet extract, derives the facts, decides every
business with the compiled pack and lists the opportunities. A task carries only paths, a date
and record numbers; each worker loads and compiles the policy pack once (cached), so nothing
but plain data crosses the network. :func:`screen_on_dask` hands the partitions to an existing
Dask cluster (``distributed.Client``) — no home-made scheduler. See docs/screening.md.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from anju.adapters.policy_files import default_pack_dir, load_pack
from anju.adapters.vector.screen import PopulationScreener
from anju.adapters.vector.sources import account_holder_ids, partitions, read_parquet
from anju.domain.policy.model import PolicyPack


@lru_cache(maxsize=4)
def _pack(pack_dir: str | None) -> PolicyPack:
    return load_pack(Path(pack_dir) if pack_dir else default_pack_dir())


def screen_partition(parquet_dir: str, on: date, ids: list[int], pack_dir: str | None = None) -> pl.DataFrame:
    """The candidates of one partition of account holders (run on any worker)."""
    root = Path(parquet_dir)
    screener = PopulationScreener(_pack(pack_dir), on, lambda part: read_parquet(root, on, part.to_list()))
    return screener(pl.Series("id", ids, dtype=pl.Int64))


def screen_on_dask(client: Any, parquet_dir: str, on: date, size: int,
                   pack_dir: str | None = None) -> pl.DataFrame:
    """Every partition of ``size`` account holders screened on the cluster behind ``client``."""
    parts = [p.to_list() for p in partitions(account_holder_ids(Path(parquet_dir)), size)]
    futures = client.map(screen_partition, [parquet_dir] * len(parts), [on] * len(parts), parts,
                         [pack_dir] * len(parts), pure=False)
    found: pl.DataFrame = pl.concat(client.gather(futures))
    return found
