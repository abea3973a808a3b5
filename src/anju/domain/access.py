"""Who may see what: roles, record ownership and the masking of personal data (PIPL).

A citizen sees only their own record; counter officers, managers and auditors see any record
(and every such view is logged by the service layer). What a role sees of an identity number
or a phone number is decided here once, so a page, the API and an export mask alike.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The four kinds of user."""

    CITIZEN = "citizen"
    OFFICER = "officer"
    MANAGER = "manager"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def staff(self) -> bool:
        """Staff see other people's records (each view is logged)."""
        return self is not Role.CITIZEN


ROLE_LABELS = {
    Role.CITIZEN: "缴存人",
    Role.OFFICER: "柜员",
    Role.MANAGER: "中心管理者",
    Role.AUDITOR: "审计员",
}

FULL_ID_ROLES = frozenset({Role.OFFICER})
"""Roles that see an identity number in full: the officer must check it against the card."""
FULL_PHONE_ROLES = frozenset({Role.OFFICER})
"""Roles that see a phone number in full: the officer may need to call back."""


def may_view_record(role: Role, own_record: int | None, record: int) -> bool:
    """Whether a user of ``role`` (whose own record is ``own_record``) may open ``record``.

    >>> may_view_record(Role.CITIZEN, 7, 7), may_view_record(Role.CITIZEN, 7, 8)
    (True, False)
    >>> may_view_record(Role.AUDITOR, None, 8)
    True
    """
    if role is Role.CITIZEN:
        return own_record is not None and own_record == record
    return True


def mask_id_number(value: str | None, role: Role, own: bool = False) -> str:
    """An identity number as ``role`` may see it: full for the officer and for its owner.

    Others see the region code (6 digits) and the check digit, so two people can be told
    apart without revealing the birth date (GB/T 35273 de-identification practice).

    >>> mask_id_number("41080219900517123X", Role.MANAGER)
    '410802********123X'
    >>> mask_id_number("41080219900517123X", Role.OFFICER)
    '41080219900517123X'
    >>> mask_id_number("41080219900517123X", Role.CITIZEN, own=True)
    '41080219900517123X'
    >>> mask_id_number("41080219900517123X", Role.AUDITOR)
    '4108************3X'
    >>> mask_id_number(None, Role.OFFICER)
    ''
    """
    if not value:
        return ""
    if own or role in FULL_ID_ROLES:
        return value
    if role is Role.AUDITOR:
        return value[:4] + "*" * (len(value) - 6) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None, role: Role, own: bool = False) -> str:
    """A phone number as ``role`` may see it: full for the officer and its owner, else 3+4.

    >>> mask_phone("13812345678", Role.MANAGER), mask_phone("13812345678", Role.OFFICER)
    ('138****5678', '13812345678')
    >>> mask_phone("13812345678", Role.AUDITOR)
    '*******5678'
    """
    if not value:
        return ""
    if own or role in FULL_PHONE_ROLES:
        return value
    if role is Role.AUDITOR:
        return "*" * (len(value) - 4) + value[-4:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None, role: Role, own: bool = False) -> str:
    """A name as ``role`` may see it: the auditor sees the surname only.

    >>> mask_name("张伟", Role.AUDITOR), mask_name("欧阳娜娜", Role.AUDITOR), mask_name("张伟", Role.MANAGER)
    ('张*', '欧***', '张伟')
    """
    if not value:
        return ""
    if own or role is not Role.AUDITOR:
        return value
    return value[0] + "*" * (len(value) - 1)
