"""Member exports as files: read an .xlsx or .csv, write the quarantine report of bad rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from anju.domain.errors import InputError
from anju.domain.members.import_rows import COLUMNS, BadRow

SUFFIXES = (".xlsx", ".csv")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
"""Excel on a Chinese Windows saves CSV as GB18030 (GBK); everything else as UTF-8."""


def read_table(path: Path) -> tuple[list[object], list[tuple[int, Sequence[object]]]]:
    """The header row and the numbered data rows (the header is row 1) of an export."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到导入文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = list(_xlsx_rows(path))
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise InputError(f"不支持的文件类型“{path.suffix}”：请导入 .xlsx 或 .csv 文件")
    if not rows:
        raise InputError(f"导入文件是空的：{path.name}")
    header, *data = rows
    return list(header), [(number, row) for number, row in enumerate(data, start=2)]


def _xlsx_rows(path: Path) -> Iterator[Sequence[object]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise InputError(f"无法读取Excel文件{path.name}：{error}") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[Sequence[object]]:
    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise InputError(f"无法识别{path.name}的文字编码：请另存为UTF-8编码的CSV或.xlsx")


def quarantine_path(source: Path) -> Path:
    """Where the quarantine report of ``source`` goes by default (beside it, same format)."""
    source = Path(source)
    suffix = source.suffix.lower() if source.suffix.lower() in SUFFIXES else ".xlsx"
    return source.with_name(f"{source.stem}.隔离报告{suffix}")


def write_quarantine(path: Path, headers: Sequence[str], bad: Sequence[BadRow]) -> str:
    """Write the bad rows (original values + 行号 + 错误原因) to an .xlsx or .csv file."""
    path = Path(path)
    columns = ["行号", *headers, "错误原因"]
    rows = [[row.row, *(row.values.get(h) for h in headers), "；".join(str(p) for p in row.problems)] for row in bad]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        return str(path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "隔离行"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def write_template(path: Path) -> str:
    """An empty export template with every column Anju reads (required ones marked *)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "缴存人名册"
    sheet.append([spec.header for spec in COLUMNS])
    for cell, spec in zip(sheet[1], COLUMNS, strict=True):
        cell.font = Font(bold=True)
        cell.comment = Comment(f"{'必填' if spec.required else '选填'}：{spec.format}", "安居")
    workbook.save(path)
    return str(path)
