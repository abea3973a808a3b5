"""Word lists of the synthetic city: surnames, given-name characters, places, sectors, roads.

Sources and honesty notes are in docs/data.md: the surname order follows the national 2020
name report (公安部户政管理研究中心《二〇二〇年全国姓名报告》) with shares rounded and tilted to
Henan (more 张/王/李/郭, fewer 黄/林); the rest are plausible lists, not statistics.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from anju.services.pinyin import SURNAME_INITIALS, initials

SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.4), ("李", 7.2), ("张", 7.6), ("刘", 5.4), ("陈", 3.6), ("杨", 3.3), ("赵", 2.4),
    ("黄", 1.2), ("周", 1.6), ("吴", 1.3), ("徐", 1.3), ("孙", 1.4), ("马", 1.6), ("胡", 1.1),
    ("朱", 1.2), ("郭", 1.9), ("何", 0.8), ("罗", 0.6), ("高", 1.3), ("林", 0.4), ("郑", 1.0),
    ("梁", 0.8), ("谢", 0.6), ("宋", 1.0), ("唐", 0.6), ("许", 0.9), ("韩", 0.9), ("冯", 0.9),
    ("邓", 0.5), ("曹", 0.9), ("彭", 0.5), ("曾", 0.3), ("肖", 0.5), ("田", 0.7), ("董", 0.8),
    ("袁", 0.6), ("潘", 0.4), ("于", 0.6), ("蒋", 0.4), ("蔡", 0.4), ("余", 0.3), ("杜", 0.6),
    ("叶", 0.3), ("程", 0.6), ("苏", 0.5), ("魏", 0.7), ("吕", 0.6), ("丁", 0.5), ("任", 0.6),
    ("沈", 0.3), ("姚", 0.5), ("卢", 0.4), ("姜", 0.4), ("崔", 0.5), ("钟", 0.2), ("谭", 0.2),
    ("陆", 0.2), ("汪", 0.2), ("范", 0.5), ("金", 0.3), ("石", 0.4), ("廖", 0.2), ("贾", 0.6),
    ("夏", 0.3), ("付", 0.4), ("方", 0.3), ("白", 0.4), ("邹", 0.2), ("孟", 0.5), ("熊", 0.2),
    ("秦", 0.4), ("邱", 0.2), ("江", 0.2), ("尹", 0.3), ("薛", 0.4), ("闫", 0.5), ("段", 0.3),
    ("雷", 0.3), ("侯", 0.4), ("史", 0.4), ("陶", 0.2), ("贺", 0.3), ("毛", 0.3), ("郝", 0.4),
    ("常", 0.4), ("牛", 0.4), ("申", 0.3), ("武", 0.4), ("原", 0.2), ("焦", 0.2), ("翟", 0.2),
    ("靳", 0.2), ("单", 0.1), ("解", 0.1), ("司马", 0.02), ("欧阳", 0.02),
)  # fmt: skip
"""(surname, relative share in %)."""

GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁凯浩宇博然俊晨阳建国志海东林峰亮文龙新成旭振永立庆"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷秀英慧琳颖雪梅红洁欣怡晶萍佳倩丹悦璐雯彤涵琪瑶诗梦晓春月兰凤"
GIVEN_EITHER = "子一思雨嘉晓文佳宇心安可"

REGIONS: tuple[tuple[str, str, float, bool], ...] = (
    ("410802", "解放区", 31, True),
    ("410803", "中站区", 12, True),
    ("410804", "马村区", 12, True),
    ("410811", "山阳区", 31, True),
    ("410821", "修武县", 25, False),
    ("410822", "博爱县", 37, False),
    ("410823", "武陟县", 62, False),
    ("410825", "温县", 41, False),
    ("410882", "沁阳市", 44, False),
    ("410883", "孟州市", 36, False),
)
"""Jiaozuo's districts: (GB/T 2260 code, name, population in 10,000s (rounded estimate after
the 2020 census), urban district?)."""

ELSEWHERE: tuple[tuple[str, str], ...] = (
    ("410102", "郑州市中原区"), ("410305", "洛阳市涧西区"), ("410702", "新乡市红旗区"),
    ("410502", "安阳市文峰区"), ("411302", "南阳市宛城区"), ("410602", "鹤壁市鹤山区"),
    ("410902", "濮阳市华龙区"), ("411102", "漯河市源汇区"), ("140502", "晋城市城区"),
    ("130102", "石家庄市长安区"), ("370102", "济南市历下区"), ("340102", "合肥市瑶海区"),
)  # fmt: skip
"""Birthplaces of people whose household registration is not local (and places they move to)."""

ROADS = ("人民路", "解放路", "塔南路", "丰收路", "建设路", "民主路", "山阳路", "迎宾路", "和平街",
         "工业路", "太行路", "世纪路", "中原路", "新华街", "文昌路", "健康路", "焦东路", "长恩路")  # fmt: skip

SECTORS: tuple[tuple[str, str, float, float, tuple[str, ...]], ...] = (
    ("government", "机关", 0.02, 1.10, ("人民政府", "财政局", "税务局", "公安局", "自然资源局")),
    (
        "public_institution",
        "事业单位",
        0.04,
        1.05,
        ("人民医院", "第一中学", "实验小学", "职业技术学校", "疾病预防控制中心", "中医院"),
    ),
    ("soe", "国有企业", 0.05, 1.10, ("投资集团有限公司", "供电公司", "水务有限公司", "城建集团")),
    ("mining", "采矿业", 0.02, 1.20, ("煤业有限责任公司", "矿业有限公司")),
    (
        "manufacturing",
        "制造业",
        0.22,
        0.95,
        ("机械制造有限公司", "化工有限公司", "轮胎有限公司", "铝业有限公司", "食品有限公司"),
    ),
    ("construction", "建筑业", 0.09, 0.90, ("建筑工程有限公司", "建设集团有限公司")),
    ("retail", "批发和零售业", 0.20, 0.80, ("商贸有限公司", "超市有限公司", "医药连锁有限公司")),
    ("finance", "金融业", 0.02, 1.50, ("农村商业银行", "保险代理有限公司")),
    ("it", "信息技术", 0.04, 1.30, ("网络科技有限公司", "信息技术有限公司")),
    ("logistics", "交通运输和物流", 0.06, 0.90, ("物流有限公司", "运输有限公司")),
    ("hospitality", "住宿和餐饮业", 0.08, 0.75, ("酒店管理有限公司", "餐饮有限公司")),
    ("services", "其他服务业", 0.16, 0.85, ("物业服务有限公司", "文化传媒有限公司", "家政服务有限公司")),
)
"""(code, label, share of employers, wage factor, name endings). Shares and factors: estimates."""

TRADE_CHARS = "华源鑫泰宏达恒通瑞丰盛安兴隆祥和金辉众诚嘉永新佳伟天宇博远润德福康乐信成"

PHONE_PREFIXES = (
    134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188, 198,
    130, 131, 132, 155, 156, 166, 185, 186, 133, 153, 177, 180, 181, 189, 199,
)  # fmt: skip
"""Mobile number prefixes of the three carriers (all equally likely here)."""


def weights(values: tuple[float, ...] | list[float] | NDArray[Any]) -> NDArray[np.float64]:
    """Normalised probabilities."""
    array = np.asarray(values, dtype=np.float64)
    result: NDArray[np.float64] = array / array.sum()
    return result


@cache
def surname_initials() -> tuple[str, ...]:
    """Initials of each surname in :data:`SURNAMES` (surname readings respected)."""
    return tuple(SURNAME_INITIALS.get(s) or initials(s) for s, _ in SURNAMES)


@cache
def char_initials(chars: str) -> tuple[str, ...]:
    """Initial of each given-name character."""
    return tuple(initials(c) for c in chars)
