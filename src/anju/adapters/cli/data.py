"""Depositor data commands: ``anju db …``, ``anju synth``, ``anju import``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.db import migrate
from anju.adapters.db.bulk import SqlCityStore
from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.files_import import quarantine_path, read_table, write_quarantine
from anju.adapters.parquet_city import ParquetCitySink
from anju.config import load_settings
from anju.domain.errors import InputError
from anju.services.importing import import_members
from anju.services.synthesis import CitySink, synthesize

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="数据库URL（默认取环境变量 ANJU_DATABASE_URL，再默认 sqlite:///anju.db）"),
]


def _url(database: str | None) -> str:
    return database or load_settings().database_url


def _shown(url: str) -> str:
    return make_engine(url).url.render_as_string(hide_password=True)


def register(app: typer.Typer) -> None:
    """Add ``db``, ``synth`` and ``import`` to the ``anju`` command line."""
    db_app = typer.Typer(help="数据库：建表、升级、回退、检查", no_args_is_help=True)
    app.add_typer(db_app, name="db")
    db_app.command("upgrade")(db_upgrade)
    db_app.command("downgrade")(db_downgrade)
    db_app.command("check")(db_check)
    app.command("synth")(synth)
    app.command("import")(import_file)


def db_upgrade(
    database: DatabaseOption = None,
    revision: Annotated[str, typer.Option(help="目标版本（默认最新 head）")] = "head",
) -> None:
    """建表或把数据库升级到最新结构。"""
    with user_errors():
        url = _url(database)
        migrate.upgrade(url, revision)
        state = migrate.check(url)
        typer.echo(f"数据库 {_shown(url)} 已升级到版本 {state.current}。")


def db_downgrade(
    database: DatabaseOption = None,
    revision: Annotated[str, typer.Option(help="目标版本（默认 base：删除全部安居数据表）")] = "base",
    yes: Annotated[bool, typer.Option("--yes", help="确认回退（回退会删除表和其中的数据）")] = False,
) -> None:
    """把数据库回退到指定版本（默认删除全部表）。"""
    with user_errors():
        url = _url(database)
        if not yes:
            raise InputError(f"回退到 {revision} 会删除数据表及其中的数据；确认无误请加 --yes")
        migrate.downgrade(url, revision)
        typer.echo(f"数据库 {_shown(url)} 已回退到 {revision}。")


def db_check(database: DatabaseOption = None) -> None:
    """检查数据库结构是否为最新、与代码一致（无漂移）。"""
    with user_errors():
        url = _url(database)
        state = migrate.check(url)
        if state.up_to_date:
            typer.echo(f"数据库 {_shown(url)} 结构为最新版本 {state.head}，与代码一致。")
            return
        if state.current != state.head:
            typer.echo(
                f"数据库版本为 {state.current or '（未建表）'}，最新为 {state.head}：请运行 anju db upgrade", err=True
            )
        for difference in state.differences:
            typer.echo(f"结构差异：{difference}", err=True)
        raise typer.Exit(1)


def synth(
    members: Annotated[int, typer.Option("--members", "-n", help="缴存人数（有账户的人）")] = 20_000,
    seed: Annotated[int, typer.Option(help="随机种子：同一种子、人数和日期生成完全相同的数据")] = 1,
    parquet: Annotated[Path | None, typer.Option(help="写入 Parquet 文件的目录")] = None,
    database: Annotated[str | None, typer.Option("--database", help="写入的数据库URL")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="数据日期 YYYY-MM-DD（默认今天）")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="覆盖数据库中已有的缴存人数据")] = False,
) -> None:
    """生成一座类似焦作的合成城市：单位、缴存人、家庭、缴存明细、住房、贷款、提取。

    不指定 --parquet 也不指定 --database 时写入默认数据库。
    """
    with user_errors():
        day = parse_day(as_of) or date.today()
        sinks: list[CitySink] = []
        store = None
        if parquet is not None:
            sinks.append(ParquetCitySink(parquet))
        if database is not None or parquet is None:
            store = SqlCityStore(_url(database), replace=replace)
            store.prepare()
            sinks.append(store)
        try:
            report = synthesize(members, seed, day, sinks)
        finally:
            if store is not None:
                store.close()
        typer.echo(
            f"已生成 {report.members} 名缴存人（种子 {seed}，数据日期 {day.isoformat()}），"
            f"用时 {report.generate_seconds:.1f} 秒："
        )
        for table, rows in report.counts.items():
            typer.echo(f"  {table:16} {rows:>12,} 行")
        for label, seconds in report.write_seconds.items():
            typer.echo(f"已写入 {label}，用时 {seconds:.1f} 秒")


def import_file(
    file: Annotated[Path, typer.Argument(help="中心导出的缴存人名册（.xlsx 或 .csv）")],
    accept_good_rows: Annotated[
        bool, typer.Option("--accept-good-rows", help="有错误行时只导入正确行，错误行写入隔离报告")
    ] = False,
    quarantine: Annotated[
        Path | None, typer.Option(help="隔离报告路径（默认与导入文件同目录，名为 <文件名>.隔离报告.xlsx）")
    ] = None,
    database: DatabaseOption = None,
    on: Annotated[str | None, typer.Option(help="导入日期 YYYY-MM-DD（默认今天；晚于它的日期视为错误）")] = None,
) -> None:
    """导入缴存人和账户：按身份证号新增或更新；有错误时默认不导入任何数据。"""
    with user_errors():
        headers, rows = read_table(file)
        url = _url(database)
        migrate.upgrade(url)
        target = quarantine or quarantine_path(file)
        engine = make_engine(url)
        try:
            report = import_members(
                file.name,
                headers,
                rows,
                SqlUnitOfWork(engine),
                parse_day(on) or date.today(),
                accept_good_rows=accept_good_rows,
                quarantine=lambda names, bad: write_quarantine(target, names, bad),
            )
        finally:
            engine.dispose()
        typer.echo(
            f"已导入 {file.name}：共 {report.rows} 行，新增 {report.created}，更新 {report.updated}，"
            f"未变 {report.unchanged}，隔离 {len(report.rejected)}。"
        )
        if report.quarantine:
            typer.echo(f"错误行已写入隔离报告：{report.quarantine}")
        if report.ignored_headers:
            typer.echo(f"未识别的列已忽略：{'、'.join(report.ignored_headers)}")
