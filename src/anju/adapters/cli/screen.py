"""``anju screen``: population screening (免申即享) from the database or a Parquet extract."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from anju import bootstrap
from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.cli.impact import register as register_impact
from anju.adapters.db import migrate
from anju.adapters.db.engine import make_engine
from anju.adapters.db.notification_ledger import SqlNotificationLedger
from anju.adapters.screening_files import parse_formats, write_notices
from anju.adapters.vector.screen import PopulationScreener, Read
from anju.adapters.vector.sources import SqlTables, account_holder_ids, partitions, read_parquet
from anju.services.screening import ScreeningReport, screen


def register(app: typer.Typer) -> None:
    """Add the population commands ``screen`` and ``impact`` to the ``anju`` command line."""
    app.command("screen")(screen_command)
    register_impact(app)


def screen_command(
    parquet: Annotated[Path | None, typer.Option(help="读取 Parquet 数据目录（anju synth --parquet 的输出）")] = None,
    database: Annotated[str | None, typer.Option(
        "--database",
        help="数据库URL：不给 --parquet 时从此库读取；通知台账写入此库（默认 ANJU_DATABASE_URL）")] = None,
    on: Annotated[str | None, typer.Option(help="筛查日期 YYYY-MM-DD（默认今天）")] = None,
    out: Annotated[Path | None, typer.Option(help="名单输出目录（默认 var/screening/<日期>）")] = None,
    formats: Annotated[str, typer.Option("--format", help="输出格式，逗号分隔：parquet,csv,xlsx")] = "parquet,csv,xlsx",
    batch_size: Annotated[int, typer.Option(help="每批缴存人数（每批一个事务写入通知台账）")] = 50_000,
    record: Annotated[bool, typer.Option(
        "--record/--no-record",
        help="是否写入通知台账并按台账去重、排除退订（读 Parquet 且未给 --database 时不写）")] = True,
) -> None:
    """全员筛查：列出每位缴存人可以办理而尚未办理的业务（免申即享），附金额、个性化渠道和通知内容。"""
    with user_errors():
        anju = bootstrap.build()
        day = parse_day(on) or date.today()
        chosen = parse_formats(formats)
        url = database or anju.settings.database_url
        engine = make_engine(url) if (parquet is None or database is not None) else None
        try:
            if engine is not None:
                migrate.upgrade(engine)
            read: Read
            if parquet is not None:
                ids = account_holder_ids(parquet)
                if batch_size >= ids.len():  # one batch: read the extract once, whole
                    everything = read_parquet(parquet, day)
                    read = lambda _part: everything  # noqa: E731
                else:
                    read = lambda part: read_parquet(parquet, day, part.to_list())  # noqa: E731
            else:
                assert engine is not None
                source = SqlTables(engine)
                ids = source.account_holder_ids()
                read = lambda part: source.read(part.to_list(), day)  # noqa: E731
            ledger = SqlNotificationLedger(engine) if (engine is not None and record) else None
            screener = PopulationScreener(anju.pack, day, read)
            with Progress(TextColumn("全员筛查"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task("screen", total=ids.len())
                report = screen(partitions(ids, batch_size), screener, ledger, day,
                                f"{anju.pack.id} {anju.pack.version}", ids.len(),
                                lambda done, total: bar.update(task, completed=done))
            target = out or anju.settings.data_dir / "screening" / day.isoformat()
            written = write_notices(target, report.listed, report.summary, chosen)
        finally:
            if engine is not None:
                engine.dispose()
        _render(report, written, ledger is not None)


def _render(report: ScreeningReport, written: list[Path], recorded: bool) -> None:
    console = Console()
    table = Table(title=f"全员筛查 {report.on.isoformat()}（{report.depositors:,} 名缴存人）")
    for header in ("事项", "符合", "本次通知", "此前已通知", "已退订", "名单", "金额合计（元）"):
        table.add_column(header, justify="left" if header == "事项" else "right")
    for row in report.summary.iter_rows(named=True):
        amount = row["amount"]
        table.add_row(row["title"], f"{row['found']:,}", f"{row['new']:,}", f"{row['already']:,}",
                      f"{row['opted_out']:,}", f"{row['notices']:,}",
                      "" if amount is None else f"{amount:,.2f}")
    console.print(table)
    total = report.summary.select(pl.col("notices").sum()).item() if report.summary.height else 0
    where = f"，分 {report.batches} 批写入通知台账" if recorded else "（未写入通知台账）"
    typer.echo(f"名单共 {total:,} 条{where}。")
    for path in written:
        typer.echo(f"已写入 {path}")
