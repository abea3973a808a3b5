"""Screening spread over a Dask cluster gives what one process gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from distributed import Client, LocalCluster

from anju.adapters.parquet_city import ParquetCitySink
from anju.adapters.vector.distributed import screen_on_dask, screen_partition
from anju.adapters.vector.sources import account_holder_ids
from anju.services.synth import generate_city

ON = date(2026, 11, 27)


def test_partitions_on_a_local_cluster_match_the_single_process_run(tmp_path: Path) -> None:
    ParquetCitySink(tmp_path / "city").write(generate_city(3_000, 17, ON))
    everyone = account_holder_ids(tmp_path / "city").to_list()
    single = screen_partition(str(tmp_path / "city"), ON, everyone)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        spread = screen_on_dask(client, str(tmp_path / "city"), ON, size=700)
        workers: Any = client.scheduler_info()["workers"]
        assert len(workers) == 2
    order = ["depositor_id", "business"]
    assert single.height > 100
    assert spread.sort(order).equals(single.sort(order))
    assert pl.Series(everyone).is_in(spread["depositor_id"].implode()).any()
