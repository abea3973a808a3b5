"""Screening lists and impact tables as files: Parquet, CSV (Excel-friendly) and Excel.

Every file is written beside its final name and renamed into place, so a reader never sees half
a file and a crashed run leaves the previous list intact. CSV and Excel carry Chinese headers;
Parquet keeps the column names for programs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import polars as pl
from openpyxl import Workbook

from anju.domain.errors import InputError

FORMATS = ("parquet", "csv", "xlsx")

NOTICE_HEADERS = {
    "depositor_id": "缴存人编号", "name": "姓名", "phone": "手机号", "business": "业务编码",
    "business_name": "业务名称", "title": "事项", "outcome": "结论", "amount": "金额（元）",
    "channel": "推荐渠道", "channel_name": "渠道名称", "period": "通知周期", "message": "通知内容",
    "status": "状态",
}
SUMMARY_HEADERS = {
    "business": "业务编码", "title": "事项", "found": "符合人数", "new": "本次通知",
    "resumed": "续跑已记录", "already": "此前已通知", "opted_out": "已退订", "notices": "名单人数",
    "amount": "可办理金额合计（元）",
}
EXCEL_ROWS = 1_000_000
"""Rows per sheet (Excel's limit is 1,048,576): longer lists continue on the next sheet."""


def parse_formats(text: str) -> tuple[str, ...]:
    """``parquet,csv,xlsx`` → the formats, checked."""
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"输出格式只能是 {'、'.join(FORMATS)}，实际为“{text}”")
    return formats


def _replace(path: Path, write: object) -> None:
    partial = path.with_name(f".{path.name}.partial")
    write(partial)  # type: ignore[operator]
    partial.replace(path)


def _chinese(frame: pl.DataFrame, headers: Mapping[str, str]) -> pl.DataFrame:
    return frame.select([pl.col(c).alias(headers.get(c, c)) for c in frame.columns])


def _excel_value(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def write_excel(path: Path, sheets: Sequence[tuple[str, pl.DataFrame]]) -> None:
    """An .xlsx with one sheet per frame (long frames split across sheets)."""
    book = Workbook(write_only=True)
    for title, frame in sheets:
        for part in range(max(1, -(-frame.height // EXCEL_ROWS))):
            sheet = book.create_sheet(title if part == 0 else f"{title}{part + 1}")
            sheet.append(frame.columns)
            chunk = frame.slice(part * EXCEL_ROWS, EXCEL_ROWS)
            for row in chunk.iter_rows():
                sheet.append([_excel_value(v) for v in row])
    _replace(path, book.save)


def write_csv(path: Path, frame: pl.DataFrame, headers: Mapping[str, str]) -> Path:
    """A CSV with Chinese headers, UTF-8 with a byte-order mark (so Excel reads the Chinese)."""
    chinese = _chinese(frame, headers)
    _replace(path, lambda p: p.write_bytes("\ufeff".encode() + chinese.write_csv().encode("utf-8")))
    return path


Sheet = tuple[str, pl.DataFrame, Mapping[str, str]]
"""A sheet's title, its frame and the Chinese header of each column."""


def write_tables(directory: Path, stem: str, sheets: Sequence[Sheet],
                 formats: Sequence[str]) -> list[Path]:
    """The first frame as ``stem.parquet`` and ``stem.csv``; every frame as a sheet of
    ``stem.xlsx``."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    main, headers = sheets[0][1], sheets[0][2]
    if "parquet" in formats:
        path = directory / f"{stem}.parquet"
        _replace(path, lambda p: main.write_parquet(p, compression="zstd"))
        written.append(path)
    if "csv" in formats:
        written.append(write_csv(directory / f"{stem}.csv", main, headers))
    if "xlsx" in formats:
        path = directory / f"{stem}.xlsx"
        write_excel(path, [(title, _chinese(frame, names)) for title, frame, names in sheets])
        written.append(path)
    return written


def write_notices(directory: Path, listed: pl.DataFrame, summary: pl.DataFrame,
                  formats: Sequence[str]) -> list[Path]:
    """The notice list (``notices.*``) and its summary (``summary.csv``, a sheet in Excel)."""
    written = write_tables(directory, "notices", [("通知名单", listed, NOTICE_HEADERS),
                                                  ("汇总", summary, SUMMARY_HEADERS)], formats)
    if "csv" in formats:
        written.append(write_csv(directory / "summary.csv", summary, SUMMARY_HEADERS))
    return written
