"""Pinyin initials of a Chinese name (姓名拼音首字母), for the counter's search box.

Officers find 张伟 by typing ``zw``. Characters are read with :mod:`pypinyin`; surnames have
their own readings (单 is Shàn, 曾 Zēng, 解 Xiè …), which a general dictionary gets wrong.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

SURNAME_INITIALS: dict[str, str] = {
    "单": "S", "曾": "Z", "解": "X", "仇": "Q", "查": "Z", "区": "O", "朴": "P", "翟": "Z",
    "盖": "G", "秘": "B", "乐": "Y", "缪": "M", "覃": "Q", "尉迟": "YC", "万俟": "MQ",
    "长孙": "ZS", "种": "C", "员": "Y", "冼": "X", "召": "S", "繁": "P",
}  # fmt: skip
"""Surname readings that differ from the characters' usual reading."""


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """Upper-case initials of ``name``; characters without a reading are dropped.

    >>> initials("张伟"), initials("单田芳"), initials("曾 国藩"), initials("尉迟敬德")
    ('ZW', 'STF', 'ZGF', 'YCJD')
    >>> initials("Anna·李")
    'AL'
    """
    text = "".join(c for c in name if not c.isspace() and c not in "·•.")
    head = ""
    for surname in sorted(SURNAME_INITIALS, key=len, reverse=True):
        if text.startswith(surname):
            head, text = SURNAME_INITIALS[surname], text[len(surname) :]
            break
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chunk: chunk)
    rest = "".join(part[:1] for part in letters if part[:1].isascii() and part[:1].isalpha())
    return (head + rest).upper()
