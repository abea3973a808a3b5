"""An officer signs in, finds a depositor, reads a refusal with its clause and remedy, opens the
plans, and prints the one-time notice — in Debian's chromium."""

from __future__ import annotations

from typing import Any

from anju.services.demo_users import DEMO_PASSWORD


def _sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda address: "/login" not in address)


def test_officer_story(live: Any, page: Any, shot: Any) -> None:
    url, logins = live
    person = logins["citizen_notyet"]
    _sign_in(page, url, "officer")
    assert page.url.endswith("/counter")
    shot(page, "01-counter-search")

    # find the depositor by name, with the reason for looking
    page.fill("#q", person.display_name)
    page.fill("#reason", "窗口办理")
    page.press("#q", "Enter")
    row = page.locator(f'tr[data-depositor="{person.depositor_id}"]')
    assert row.count() == 1
    row.get_by_role("link", name="打开诊断").click()
    page.wait_for_selector("article.decision")
    assert page.locator("h1").first.inner_text().startswith(person.display_name)
    assert page.locator('[data-panel="personalisation"]').is_visible()
    assert page.locator('[data-panel="surprise"]').is_visible()
    shot(page, "02-record-top")

    # a refusal: its reason, the clause it rests on (opened), and the remedy
    refusal = page.locator('article.decision[data-outcome="not_yet"]').first
    refusal.scroll_into_view_if_needed()
    failed = refusal.locator('li.reason[data-status="failed"]').first
    assert failed.locator(".message").inner_text()
    assert "办法" in failed.locator(".remedy").inner_text()
    failed.locator("details.clause summary").click()
    assert failed.locator("details.clause blockquote").is_visible()
    assert "依据" in failed.locator("details.clause summary").inner_text()
    shot(refusal, "03-refusal-with-clause-and-remedy")

    # the plans
    page.get_by_role("link", name="方案工作台").click()
    page.fill("#price", "1200000")
    page.select_option("#kind", "new")
    page.fill("#max_monthly", "6000")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector("svg.chart")
    assert page.locator("table.compare thead th[data-plan]").count() >= 2
    assert page.locator("svg.chart rect").count() > 10
    shot(page, "04-plans", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # the one-time notice, printed on A4
    page.get_by_role("link", name="← 返回诊断").click()
    page.get_by_role("link", name="打印一次性告知书").click()
    assert page.locator("h1#notice-h").inner_text() == "住房公积金业务一次性告知书"
    assert page.locator("button[data-print]").is_visible()  # the script is there: a print button
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    shot(page, "05-notice-print", full_page=True)


def test_keyboard_skip_link_and_visible_focus(live: Any, page: Any, shot: Any) -> None:
    url, _ = live
    _sign_in(page, url, "manager")
    page.goto(f"{url}/audit/views")  # a page without an autofocus field
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    shot(page, "06-skip-link-focus")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
