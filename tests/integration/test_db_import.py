"""Importing a centre's export: all or nothing, good rows + quarantine, idempotent re-import."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, func, select

from anju.adapters.db.tables import accounts, depositors, employers
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.files_import import read_table, write_quarantine
from anju.domain.errors import InputError
from anju.domain.members.idcard import make_id_number
from anju.services.importing import ImportReport, import_members

ON = date(2026, 11, 27)
HEADERS = ["姓名", "身份证号", "手机号", "单位名称", "账户状态", "个人账号", "账户余额", "缴存基数",
           "个人缴存比例", "单位缴存比例", "开户日期", "封存日期"]  # fmt: skip
ZHANG = make_id_number("410802", date(1990, 5, 17), 123, "male")
LI = make_id_number("410821", date(1988, 2, 29), 46, "female")
WANG = make_id_number("410882", date(1975, 12, 1), 7, "male")
GOOD = [
    ["张伟", ZHANG, "13812345678", "焦作市华源机械有限公司", "正常", "410800000001", "45678.90", "6000", "12%", "12%",
     "2015-03-01", None],
    ["李娜", LI, "13912345678", "焦作市华源机械有限公司", "正常", "410800000002", 12000, 5000, "0.08", "0.08",
     "2016/7/1", None],
    ["王强", WANG, None, None, "封存", "410800000003", "3000.5", None, None, None, "20050101", "2024-06-30"],
]  # fmt: skip
BAD = [
    ["赵敏", "41080219900517123", "13812345678", None, "正常", None, "100", None, None, None, "2015-03-01", None],
    ["孙磊", make_id_number("410803", date(1992, 1, 1), 11, "male"), "138", None, "注销", None, "-5", None, "15%",
     None, "2027-01-01", None],
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


def _run(engine: Engine, path: Path, accept: bool = False, quarantine: Path | None = None) -> ImportReport:
    headers, rows = read_table(path)
    target = quarantine or path.with_name("q.xlsx")
    return import_members(
        path.name,
        headers,
        rows,
        SqlUnitOfWork(engine),
        ON,
        accept_good_rows=accept,
        quarantine=lambda names, bad: write_quarantine(target, names, bad),
    )


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as c:
        return tuple(  # type: ignore[return-value]
            int(c.scalar(select(func.count()).select_from(t)) or 0) for t in (depositors, accounts, employers)
        )


def test_a_good_file_imports_every_row(migrated_engine: Engine, tmp_path: Path) -> None:
    report = _run(migrated_engine, _xlsx(tmp_path / "good.xlsx", GOOD))
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert _counts(migrated_engine) == (3, 3, 1)
    with SqlUnitOfWork(migrated_engine) as uow:
        zhang = uow.depositors.find(ZHANG)[0]
        assert zhang.name == "张伟" and zhang.employer == "焦作市华源机械有限公司"
        assert str(zhang.balance) == "45678.90"
        assert [s.name for s in uow.depositors.find("zw")] == ["张伟"]
        wang = uow.depositors.scenario_for(uow.depositors.find(WANG)[0].id, ON).applicant
        assert wang.account is not None and wang.account.status == "sealed"
        assert wang.account.sealed_on == date(2024, 6, 30)
        assert wang.birth_date == date(1975, 12, 1) and wang.sex == "male"


def test_a_file_with_errors_changes_nothing(migrated_engine: Engine, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "mixed.xlsx", GOOD + BAD)
    with pytest.raises(InputError) as caught:
        _run(migrated_engine, path)
    message = caught.value.message
    assert "有2行有误，未导入任何数据" in message
    assert "--accept-good-rows" in message
    assert "mixed.xlsx: 第5行 身份证号：身份证号应为18位，实际为17位（填写的值：“41080219900517123”）" in message
    assert "第6行 手机号：手机号应为以1开头的11位数字（填写的值：“138”）" in message
    assert "第6行 账户状态：应为以下之一：正常、封存、销户、冻结（填写的值：“注销”）" in message
    assert "第6行 账户余额：金额不能为负数（填写的值：“-5”）" in message
    assert "第6行 个人缴存比例" in message and "第6行 开户日期" in message
    assert _counts(migrated_engine) == (0, 0, 0)
    assert not (tmp_path / "q.xlsx").exists()


def test_accept_good_rows_imports_them_and_quarantines_the_rest(migrated_engine: Engine, tmp_path: Path) -> None:
    quarantine = tmp_path / "out" / "隔离.xlsx"
    report = _run(migrated_engine, _xlsx(tmp_path / "mixed.xlsx", GOOD + BAD), accept=True, quarantine=quarantine)
    assert (report.created, len(report.rejected), report.quarantine) == (3, 2, str(quarantine))
    assert _counts(migrated_engine) == (3, 3, 1)
    sheet = load_workbook(quarantine).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "行号" and rows[0][-1] == "错误原因"
    assert [r[0] for r in rows[1:]] == [5, 6]
    assert rows[1][1] == "赵敏" and "身份证号应为18位" in str(rows[1][-1])


def test_quarantine_report_can_be_csv(migrated_engine: Engine, tmp_path: Path) -> None:
    quarantine = tmp_path / "q.csv"
    _run(migrated_engine, _csv(tmp_path / "mixed.csv", GOOD + BAD), accept=True, quarantine=quarantine)
    with quarantine.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == ["5", "6"]


def test_reimport_is_idempotent(migrated_engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path / "good.csv", GOOD, encoding="gb18030")
    first = _run(migrated_engine, path)
    before = _counts(migrated_engine)
    second = _run(migrated_engine, path)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert _counts(migrated_engine) == before


def test_changed_rows_update_and_blank_cells_keep_stored_values(migrated_engine: Engine, tmp_path: Path) -> None:
    _run(migrated_engine, _xlsx(tmp_path / "a.xlsx", GOOD))
    changed = [list(row) for row in GOOD]
    changed[0][6] = "50000.00"  # new balance
    changed[0][2] = None  # phone left blank in this export
    report = _run(migrated_engine, _xlsx(tmp_path / "b.xlsx", changed))
    assert (report.updated, report.unchanged) == (1, 2)
    with SqlUnitOfWork(migrated_engine) as uow:
        zhang = uow.depositors.find(ZHANG)[0]
    assert str(zhang.balance) == "50000.00" and zhang.phone == "13812345678"


def test_an_account_number_held_by_someone_else_is_rejected(migrated_engine: Engine, tmp_path: Path) -> None:
    _run(migrated_engine, _xlsx(tmp_path / "a.xlsx", GOOD[:1]))
    other = make_id_number("410811", date(1993, 3, 3), 21, "male")
    row = ["刘洋", other, None, None, "正常", "410800000001", None, None, None, None, "2020-01-01", None]
    with pytest.raises(InputError, match="个人账号410800000001已属于库内另一位缴存人"):
        _run(migrated_engine, _xlsx(tmp_path / "b.xlsx", [row]))
    assert _counts(migrated_engine)[0] == 1


def test_a_missing_required_column_is_a_file_error(migrated_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,手机号\n张伟,13812345678\n", encoding="utf-8")
    with pytest.raises(InputError, match="缺少必填列：身份证号、账户状态、开户日期"):
        _run(migrated_engine, path, accept=True)
    assert _counts(migrated_engine) == (0, 0, 0)


def test_an_id_number_stored_as_a_number_is_explained(migrated_engine: Engine, tmp_path: Path) -> None:
    row = list(GOOD[0])
    row[1] = 410802199005171233
    with pytest.raises(InputError, match="身份证号被存成了数字"):
        _run(migrated_engine, _xlsx(tmp_path / "n.xlsx", [row]))
