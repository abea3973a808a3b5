"""Plain JSON values and one canonical text for them: what hashes and stored snapshots use.

Money stays exact (``Decimal`` → string), dates are ISO strings, dataclasses become objects.
The canonical text sorts keys and has no spaces, so the same value always hashes the same.

>>> canonical_json({"b": Decimal("1.50"), "a": date(2026, 11, 27), "c": (1, None)})
'{"a":"2026-11-27","b":"1.50","c":[1,null]}'
>>> digest({"a": 1}) == digest({"a": 1}) != digest({"a": 2})
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses, enums, dates, Decimals, sequences and sets."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        raise TypeError("floats have no place in audited data; use Decimal")
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Sequence):  # lists, tuples, a stored deposit history (SpellHistory)
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def canonical_json(value: Any) -> str:
    """The one text of ``value``: sorted keys, no spaces, UTF-8 characters kept as they are."""
    return json.dumps(jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical text of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
