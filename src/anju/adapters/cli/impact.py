"""``anju impact``: a policy change's effect on the population, before it takes effect."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from anju import bootstrap
from anju.adapters.charts import bar_chart
from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.db.engine import make_engine
from anju.adapters.policy_files import default_pack_dir, load_pack
from anju.adapters.screening_files import parse_formats, write_tables
from anju.adapters.vector.impact import ReformComparison
from anju.adapters.vector.screen import Read
from anju.adapters.vector.sources import SqlTables, account_holder_ids, partitions, read_parquet
from anju.domain.errors import InputError
from anju.services.impact import ImpactReport, measure_impact, parse_overrides

GROUP_HEADERS = {
    "dimension": "分组方式", "group": "组别", "depositors": "缴存人数", "changed": "结论变化人数",
    "quota_before": "可贷额度合计（调整前）", "quota_after": "可贷额度合计（调整后）",
    "quota_change": "可贷额度变化", "yearly_before": "年度租房提取额度（调整前）",
    "yearly_after": "年度租房提取额度（调整后）", "yearly_change": "年度提取额度变化",
}
BUSINESS_HEADERS = {
    "business": "业务编码", "changed": "结论变化人数", "opened": "新增可办人数",
    "closed": "不再可办人数", "amount_before": "金额合计（调整前）",
    "amount_after": "金额合计（调整后）", "amount_change": "金额变化",
}


def register(app: typer.Typer) -> None:
    """Add ``impact`` to the ``anju`` command line."""
    app.command("impact")(impact_command)


def impact_command(
    settings: Annotated[list[str], typer.Option("--set", help="调整的参数：参数名=取值，可多次给出")],
    since: Annotated[str, typer.Option("--from", help="调整生效日期 YYYY-MM-DD")],
    on: Annotated[str | None, typer.Option(help="测算日期 YYYY-MM-DD（默认为生效日期）")] = None,
    records_on: Annotated[str | None, typer.Option(
        "--records-on",
        help="数据日期 YYYY-MM-DD：数据反映哪一天的情况（默认今天；测算日在其后时按正常缴存推算）")] = None,
    parquet: Annotated[Path | None, typer.Option(help="读取 Parquet 数据目录（默认读数据库）")] = None,
    database: Annotated[str | None, typer.Option("--database", help="数据库URL（默认 ANJU_DATABASE_URL）")] = None,
    out: Annotated[Path | None, typer.Option(help="输出目录（默认 var/impact/<生效日期>）")] = None,
    formats: Annotated[str, typer.Option("--format", help="表格格式，逗号分隔：parquet,csv,xlsx")] = "xlsx,csv",
    batch_size: Annotated[int, typer.Option(help="每批缴存人数")] = 200_000,
) -> None:
    """政策调整影响测算：对比调整前后全体缴存人的结论、可贷额度和年度提取额度（按年龄段、单双方缴存、多子女家庭分组）。"""
    with user_errors():
        anju = bootstrap.build()
        start = parse_day(since)
        if start is None:
            raise InputError("请用 --from 给出调整生效日期")
        day = parse_day(on) or start
        records = parse_day(records_on) or min(date.today(), day)
        chosen = parse_formats(formats)
        overrides = parse_overrides(anju.pack, settings, start)
        engine = None
        read: Read
        if parquet is not None:
            ids = account_holder_ids(parquet)
            if batch_size >= ids.len():
                everything = read_parquet(parquet, records)
                read = lambda _part: everything  # noqa: E731
            else:
                read = lambda part: read_parquet(parquet, records, part.to_list())  # noqa: E731
        else:
            engine = make_engine(database or anju.settings.database_url)
            source = SqlTables(engine)
            ids = source.account_holder_ids()
            read = lambda part: source.read(part.to_list(), records)  # noqa: E731
        pack_dir = anju.settings.policy_pack or default_pack_dir()
        try:
            with Progress(TextColumn("影响测算"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task("impact", total=ids.len())
                report = measure_impact(
                    anju.pack, overrides, start, day, partitions(ids, batch_size),
                    lambda reform: ReformComparison(anju.pack, reform, day, read, records), ids.len(),
                    lambda done, total: bar.update(task, completed=done),
                    rebuild=lambda: load_pack(pack_dir))
        finally:
            if engine is not None:
                engine.dispose()
        target = out or anju.settings.data_dir / "impact" / start.isoformat()
        written = write_impact(target, report, chosen)
        _render(report, written)


def _wan(value: Any) -> float:
    return float(Decimal(value or 0) / 10_000)


def write_impact(directory: Path, report: ImpactReport, formats: tuple[str, ...]) -> list[Path]:
    """The group table (``impact.*``), the business table (a sheet) and ``impact.svg``."""
    changes = pl.DataFrame({
        "参数": [c.name for c in report.changes], "名称": [c.label for c in report.changes],
        "调整前": [str(c.before) for c in report.changes], "调整后": [str(c.after) for c in report.changes],
        "生效日期": [report.since.isoformat()] * len(report.changes)})
    written = write_tables(directory, "impact", [
        ("分组影响", report.groups, GROUP_HEADERS), ("业务变化", report.businesses, BUSINESS_HEADERS),
        ("调整参数", changes, {})], formats)
    groups = report.groups.filter(pl.col("dimension") != "全部")
    chart = bar_chart(
        f"政策调整对可贷额度的影响（{report.since.isoformat()}起）",
        [f"{d}·{g}" for d, g in groups.select("dimension", "group").iter_rows()],
        [_wan(v) for v in groups["quota_change"]], "万元",
        [f"{n:,}人结论变化" for n in groups["changed"]])
    path = directory / "impact.svg"
    path.write_text(chart, encoding="utf-8")
    return [*written, path]


def _render(report: ImpactReport, written: list[Path]) -> None:
    console = Console()
    for change in report.changes:
        typer.echo(f"调整：{change.label}（{change.name}）{change.before} → {change.after}，"
                   f"{report.since.isoformat()}起")
    if report.rebuild_seconds is not None:
        ratio = report.rebuild_seconds / max(report.reform_seconds, 1e-9)
        typer.echo(f"构建调整后政策包用时 {report.reform_seconds * 1000:.2f} 毫秒"
                   f"（完整加载政策包 {report.rebuild_seconds * 1000:.0f} 毫秒，快 {ratio:,.0f} 倍）")
    table = Table(title=f"政策调整影响测算（{report.depositors:,} 名缴存人，测算日 {report.on.isoformat()}）")
    for header in ("分组", "人数", "结论变化", "可贷额度变化（万元）", "年度提取额度变化（万元）"):
        table.add_column(header, justify="left" if header == "分组" else "right")
    for row in report.groups.iter_rows(named=True):
        label = "全部" if row["dimension"] == "全部" else f"{row['dimension']}·{row['group']}"
        table.add_row(label, f"{row['depositors']:,}", f"{row['changed']:,}",
                      f"{_wan(row['quota_change']):,.1f}", f"{_wan(row['yearly_change']):,.1f}")
    console.print(table)
    for path in written:
        typer.echo(f"已写入 {path}")
