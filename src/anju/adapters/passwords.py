"""Password hashing with argon2id (argon2-cffi), the :class:`PasswordHasher` port's adapter."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Hasher:
    """argon2id with the library's RFC 9106 low-memory defaults; ``fast`` for tests only."""

    def __init__(self, *, fast: bool = False) -> None:
        # Tests hash dozens of passwords: a tiny cost keeps them quick, same algorithm.
        self._hasher = _Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else _Argon2()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
