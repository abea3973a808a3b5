"""The hash chain maths: any single edit, deletion, insertion or swap is found, at the right entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from anju.domain.cases.chain import GENESIS, AuditEntry, ChainHead, entry_hash, seal, utc_text, verify_chain

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def chain(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    head = ChainHead(0, GENESIS)
    for i in range(n):
        entry = seal(head, START + timedelta(seconds=i), f"柜员{i % 3}", "case.accept", "case", str(i),
                     {"state": "intake", "i": i}, {"state": "accepted", "amount": "24000.00", "i": i})
        entries.append(entry)
        head = ChainHead(entry.seq, entry.hash)
    return entries


def head_of(entries: list[AuditEntry]) -> ChainHead:
    return ChainHead(entries[-1].seq, entries[-1].hash) if entries else ChainHead(0, GENESIS)


def test_hash_is_deterministic_and_covers_every_field() -> None:
    entry = chain(1)[0]
    assert entry.hash == entry_hash(entry) and len(entry.hash) == 64
    for change in ({"actor": "x"}, {"action": "x"}, {"entity": "x"}, {"entity_id": "x"}, {"before": None},
                   {"after": {"state": "paid"}}, {"prev_hash": "1" * 64}, {"seq": 2},
                   {"at": START + timedelta(microseconds=1)}):
        assert entry_hash(replace(entry, **change)) != entry.hash, change


def test_the_same_moment_in_another_zone_hashes_the_same() -> None:
    entry = chain(1)[0]
    beijing = entry.at.astimezone(timezone(timedelta(hours=8)))
    assert entry_hash(replace(entry, at=beijing)) == entry.hash
    assert utc_text(entry.at.replace(tzinfo=None)) == utc_text(entry.at)


@given(st.integers(1, 12))
def test_an_untouched_chain_verifies(n: int) -> None:
    entries = chain(n)
    report = verify_chain(entries, head_of(entries))
    assert report.ok and report.checked == n


@given(st.integers(2, 12), st.data())
def test_an_edit_is_named(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    k = data.draw(st.integers(0, n - 1))
    entries[k] = replace(entries[k], after={"state": "approved"})
    report = verify_chain(entries, head_of(chain(n)))
    assert report.first_bad == k + 1 and "被修改" in report.problem


@given(st.integers(2, 12), st.data())
def test_a_deletion_is_named(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    k = data.draw(st.integers(0, n - 1))
    del entries[k]
    report = verify_chain(entries, head_of(chain(n)))
    assert report.first_bad == k + 1 and "缺少" in report.problem


@given(st.integers(3, 12), st.data())
def test_a_swap_is_named(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    k = data.draw(st.integers(0, n - 2))
    # Swap two neighbours' contents but keep the sequence numbers in place (a reordering).
    a, b = entries[k], entries[k + 1]
    entries[k], entries[k + 1] = replace(b, seq=a.seq), replace(a, seq=b.seq)
    report = verify_chain(entries, head_of(chain(n)))
    assert report.first_bad == k + 1


def test_a_rehashed_forgery_is_caught_at_the_next_link() -> None:
    entries = chain(4)
    forged = replace(entries[1], after={"state": "paid"})
    entries[1] = replace(forged, hash=entry_hash(forged))
    report = verify_chain(entries, head_of(chain(4)))
    assert (report.first_bad, "衔接不上" in report.problem) == (3, True)


def test_the_head_catches_deleted_or_appended_tails() -> None:
    entries = chain(5)
    head = head_of(entries)
    assert verify_chain(entries[:3], head).first_bad == 4
    assert "末尾缺少第4至5条" in verify_chain(entries[:3], head).problem
    extra = seal(head, START, "x", "y", "z", "1", None, None)
    assert verify_chain([*entries, extra], head).first_bad == 6
    assert verify_chain(entries, ChainHead(5, "f" * 64)).first_bad == 5
    assert verify_chain(entries, None).first_bad == 5
    assert verify_chain([], None).ok and verify_chain([], ChainHead(0, GENESIS)).ok
