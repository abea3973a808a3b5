"""A citizen signs in, checks what they can do, reads why not, and books a visit (far away:
extended hours and 容缺 offered) — in Debian's chromium."""

from __future__ import annotations

from typing import Any

from anju.services.demo_users import DEMO_PASSWORD


def test_citizen_story(live: Any, page: Any, shot: Any) -> None:
    url, logins = live
    page.goto(f"{url}/me")  # signed out: sent to sign in, and back here afterwards
    assert "/login?next=/me" in page.url
    page.fill("#username", "citizen_far")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{url}/me")
    assert page.locator("h1").first.inner_text() == f"{logins['citizen_far'].display_name}，您好"
    assert page.locator('[data-panel="can-do"]').is_visible()
    assert page.locator('[data-trait="far_away"]').is_visible()
    shot(page, "11-citizen-what-can-i-do", full_page=True)

    # why not: the clause and the next step
    why = page.locator('a[href^="/me/why/"]', has_text="为什么").first
    why.click()
    assert page.locator("h2#next-title").inner_text() == "下一步"
    assert page.locator("details.clause summary").first.inner_text().startswith("依据")
    shot(page, "12-citizen-why-not", full_page=True)

    # book a visit after work, with 容缺
    page.goto(f"{url}/me/bookings")
    assert page.get_by_text("延时服务", exact=False).first.is_visible()
    page.select_option("#business", index=0)
    page.locator('label.slot.extended:has(input[value="2026-11-30T17:30"])').click()
    page.check('input[name="rongque"]')
    shot(page, "13-citizen-booking-form", full_page=True)
    page.get_by_role("button", name="确认预约").click()
    page.wait_for_selector("#booked")
    assert "预约成功" in page.locator("#booked").inner_text()
    row = page.locator("tr[data-booking]").first
    assert "17:30" in row.inner_text() and "容缺受理" in row.inner_text()
    shot(page, "14-citizen-booked")

    # large text for older visitors, without losing the page
    page.get_by_role("button", name="大字模式").click()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    shot(page, "15-citizen-large-text")
