"""The synthetic city on disk: identical Parquet for a seed, bulk load, demo, engine parity."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml
from pydantic import TypeAdapter
from sqlalchemy import Engine, func, select

from anju import bootstrap
from anju.adapters.db.bulk import SqlCityStore, load_city
from anju.adapters.db.demo import seed_demo
from anju.adapters.db.tables import metadata
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.parquet_city import ParquetCitySink, read_city
from anju.adapters.scenario_files import scenario_from_text
from anju.domain.errors import Conflict, NotFound
from anju.domain.members.idcard import make_id_number
from anju.domain.members.import_rows import MemberRow
from anju.domain.scenario import Scenario
from anju.services.synth import City, generate_city
from anju.services.synthesis import synthesize

AS_OF = date(2026, 11, 27)


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.parquet"))}


def test_parquet_is_identical_for_a_seed(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        synthesize(400, seed, AS_OF, [ParquetCitySink(tmp_path / name)])
    first, second, other = (_digests(tmp_path / n) for n in "abc")
    assert len(first) == len(City.__dataclass_fields__)
    assert first == second
    assert first["depositors.parquet"] != other["depositors.parquet"]
    city, back = generate_city(400, 5, AS_OF), read_city(tmp_path / "a")
    assert all(getattr(back, name).equals(getattr(city, name)) for name in City.__dataclass_fields__)
    # the spells' status is stored as codes of the database's vocabulary, read back as text
    stored = pl.read_parquet_schema(tmp_path / "a" / "deposit_spells.parquet")["status"]
    assert stored == pl.Enum(["paid", "back_paid", "arrears"])


def test_bulk_load_stores_every_row_and_later_inserts_still_work(migrated_engine: Engine) -> None:
    city = generate_city(300, 2, AS_OF)
    with migrated_engine.begin() as connection:
        load_city(connection, city)
    with migrated_engine.connect() as connection:
        for name, frame in city.tables().items():
            stored = connection.scalar(select(func.count()).select_from(metadata.tables[name]))
            assert stored == frame.height, name
    with SqlUnitOfWork(migrated_engine) as uow:
        row = MemberRow(2, "新人", make_id_number("410802", date(2000, 1, 1), 999, "male"), "male",
                        date(2000, 1, 1), "active", date(2026, 1, 1))  # fmt: skip
        assert uow.depositors.upsert_member(row) == "created"
        uow.commit()
    with migrated_engine.begin() as connection, pytest.raises(Conflict, match="合成数据只写入空库"):
        load_city(connection, city)


def test_stored_values_round_trip_exactly(migrated_engine: Engine) -> None:
    city = generate_city(200, 3, AS_OF)
    with migrated_engine.begin() as connection:
        load_city(connection, city)
    account = city.accounts.row(0, named=True)
    with SqlUnitOfWork(migrated_engine) as uow:
        summary = uow.depositors.get(account["depositor_id"])
        scenario = uow.depositors.scenario_for(account["depositor_id"], AS_OF)
    assert summary.balance == account["balance"]
    assert summary.account_number == account["number"]
    stored = scenario.applicant.account
    assert stored is not None and stored.opened_on == account["opened_on"]
    spells = city.deposit_spells.filter(city.deposit_spells["account_id"] == account["id"])
    months = sum(
        (s["last_month"].year - s["first_month"].year) * 12 + s["last_month"].month - s["first_month"].month + 1
        for s in spells.iter_rows(named=True)
    )
    assert len(stored.history or []) == months


def test_synthetic_families_reach_the_scenario(migrated_engine: Engine) -> None:
    with migrated_engine.begin() as connection:
        load_city(connection, generate_city(1500, 4, AS_OF))
    with SqlUnitOfWork(migrated_engine) as uow:
        scenarios = uow.depositors.scenarios_for(uow.depositors.ids(), AS_OF)
    assert len(scenarios) == 1500
    with_spouse_home = [s for s in scenarios.values() if s.spouse and s.spouse.account and s.spouse.homes and s.parents]
    assert with_spouse_home, "some depositors have a depositing spouse with a home and parents on record"
    assert any(s.children for s in scenarios.values())


def _dump(scenario: Scenario) -> object:
    return TypeAdapter(Scenario).dump_python(scenario, mode="json", fallback=list)


@pytest.mark.parametrize("on", [AS_OF, date(2019, 6, 30)])
def test_opening_one_record_reads_what_the_batch_reads(migrated_engine: Engine, on: date) -> None:
    # record_for selects a family by its owner's number, scenarios_for by an IN list: both must
    # give the same people, histories cut at ``on``, homes, loans (co-borrowed too) and withdrawals,
    # and the header must be the one get() reads.
    with migrated_engine.begin() as connection:
        load_city(connection, generate_city(300, 9, AS_OF))
    with SqlUnitOfWork(migrated_engine) as uow:
        ids = uow.depositors.ids()
        batch = uow.depositors.scenarios_for(ids, on)
        for depositor_id in ids:
            summary, scenario = uow.depositors.record_for(depositor_id, on)
            assert summary == uow.depositors.get(depositor_id)
            assert _dump(scenario) == _dump(batch[depositor_id])
        with pytest.raises(NotFound, match="库内没有编号为"):
            uow.depositors.record_for(max(ids) + 10_000, on)


def _as_file(scenario: Scenario) -> Scenario:
    # A stored history is a SpellHistory (a sequence pydantic does not know): written out as its months.
    data = TypeAdapter(Scenario).dump_python(scenario, mode="json", exclude_none=True, fallback=list)
    return scenario_from_text(yaml.safe_dump(data, allow_unicode=True), "from_db.yaml")


def test_the_engine_decides_the_same_from_a_file_and_from_the_database(
    migrated_engine: Engine, anju_app: bootstrap.Anju
) -> None:
    with migrated_engine.begin() as connection:
        load_city(connection, generate_city(300, 9, AS_OF))
    with SqlUnitOfWork(migrated_engine) as uow:
        scenarios = uow.depositors.scenarios_for(uow.depositors.ids(limit=25), AS_OF)
    for scenario in scenarios.values():
        from_db = anju_app.advice.check(scenario, AS_OF, None).to_dict()
        from_file = anju_app.advice.check(_as_file(scenario), AS_OF, None).to_dict()
        assert from_db == from_file


def test_demo_seeds_once_and_then_reuses(database_url: str) -> None:
    first = seed_demo(database_url, members=500, seed=1, as_of=AS_OF)
    assert (first.members, first.reused) == (500, False)
    assert first.counts["deposit_spells"] > 500
    again = seed_demo(database_url, members=800, seed=2, as_of=AS_OF)
    assert (again.members, again.reused) == (500, True)
    replaced = seed_demo(database_url, members=300, seed=2, as_of=AS_OF, replace=True)
    assert (replaced.members, replaced.reused) == (300, False)


def test_store_reports_its_counts(database_url: str) -> None:
    store = SqlCityStore(database_url)
    try:
        store.prepare()
        assert store.member_count() == 0
        store.write(generate_city(100, 1, AS_OF))
        assert store.counts()["accounts"] == 100
    finally:
        store.close()
