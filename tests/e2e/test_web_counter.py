"""The counter workstation: search, the diagnosis page, personalisation, plans, notice, the view log."""

from __future__ import annotations

import re
from dataclasses import replace

from fastapi.testclient import TestClient
from web_support import FAST, ON, WebWorld, sign_in

from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.web.app import create_app
from anju.config import Settings
from anju.domain.policy.decision import Outcome


def _summary(world: WebWorld, depositor_id: int):  # type: ignore[no-untyped-def]
    with SqlUnitOfWork(make_engine(world.url)) as uow:
        return uow.depositors.get(depositor_id)


def test_search_by_name_initials_id_number_and_phone(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "officer")
    person = _summary(web_world, web_world.depositor("citizen_route"))
    from anju.services.pinyin import initials

    for query in (person.name, initials(person.name).lower(), person.id_number, person.id_number[-6:]):
        page = client.get("/counter", params={"q": query, "reason": "窗口办理"}).text
        assert f'data-depositor="{person.id}"' in page, query
    if person.phone:
        assert f'data-depositor="{person.id}"' in client.get("/counter", params={"q": person.phone}).text
    assert "没有找到匹配" in client.get("/counter", params={"q": "查无此人名"}).text


def test_officer_sees_full_numbers_manager_and_auditor_see_them_masked(client: TestClient,
                                                                       web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_route")
    person = _summary(web_world, target)
    shown = {}
    for username in ("officer", "manager", "auditor"):
        client.cookies.clear()
        sign_in(client, username)
        page = client.get(f"/counter/depositors/{target}").text
        shown[username] = re.search(r'data-field="id_number">([^<]+)<', page).group(1)  # type: ignore[union-attr]
        api = client.get(f"/api/v1/depositors/{target}").json()
        assert api["id_number"] == shown[username]
        assert person.id_number[6:14] not in api["phone"]
        if username != "officer":
            assert person.id_number not in page and (person.phone is None or person.phone not in page)
    assert shown["officer"] == person.id_number
    assert shown["manager"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert shown["auditor"].startswith(person.id_number[:4]) and "*" * 12 in shown["auditor"]


def test_every_staff_view_is_logged_with_who_when_and_why(client: TestClient, web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_senior")
    sign_in(client, "officer")
    client.get(f"/counter/depositors/{target}", params={"reason": "电话咨询回访"})
    client.get(f"/counter/depositors/{target}/notice")
    client.get(f"/api/v1/depositors/{target}/diagnosis", params={"reason": "业务复核"})
    client.cookies.clear()
    sign_in(client, "auditor")
    page = client.get("/audit/views", params={"depositor_id": target}).text
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td><td>([^<]+)</td>"
                      r'<td class="mono">([^<]+)</td></tr>', page)
    found = {(r[1], r[4], r[5]) for r in rows}
    assert ("officer", "电话咨询回访", "counter.record") in found
    assert ("officer", "窗口办理", "counter.notice") in found  # the default reason
    assert ("officer", "业务复核", "api.diagnosis") in found
    assert all(r[3] == str(target) and r[0].startswith("2026-11-27 10:00") for r in rows)


def test_the_diagnosis_page_renders_every_decision_with_clauses_and_remedies(client: TestClient,
                                                                            web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_notyet")
    sign_in(client, "officer")
    page = client.get(f"/counter/depositors/{target}").text
    with SqlUnitOfWork(make_engine(web_world.url)) as uow:
        diagnosis = web_world.anju.advice.check(uow.depositors.scenario_for(target, ON), ON)
    assert page.count('<article class="decision') == len(diagnosis.decisions)
    for d in diagnosis.decisions:
        assert f'data-business="{d.business}" data-outcome="{d.outcome.value}"' in page
        for reason in d.failed:
            assert f'data-rule-id="{reason.rule_id}" data-status="failed"' in page
            assert reason.clause.title in page
    refused = [d for d in diagnosis.decisions if d.outcome in (Outcome.NOT_ELIGIBLE, Outcome.NOT_YET)]
    assert refused and all(d.summary in page for d in refused)
    not_yet = [d for d in diagnosis.decisions if d.outcome is Outcome.NOT_YET]
    assert not_yet and f"{not_yet[0].eligible_from.year}年" in page  # type: ignore[union-attr]
    assert any(d.placeholder for d in diagnosis.decisions) and "待核实" in page
    assert 'data-panel="personalisation"' in page and 'data-panel="surprise"' in page
    for d in diagnosis.can_do:
        assert f'<li data-business="{d.business}">' in page


def test_personalisation_comes_from_the_pack_and_counter_observations(client: TestClient,
                                                                      web_world: WebWorld) -> None:
    far = web_world.depositor("citizen_far")
    sign_in(client, "officer")
    page = client.get(f"/counter/depositors/{far}").text
    assert 'data-trait="far_away"' in page and 'data-mode="extended_hours"' in page
    assert 'data-trait="wedding_soon"' in page  # listed as a question: the wedding date is unknown
    told = client.get(f"/counter/depositors/{far}", params={"wedding_on": "2027-01-10", "disabled": "yes"}).text
    traits = re.findall(r'<li class="trait" data-trait="([a-z_]+)"', told)
    assert traits[:2] == ["disabled", "far_away"] and "wedding_soon" in traits
    assert 'data-channel="home"' in told  # the disabled trait's channel comes first (priority 90)
    bad = client.get(f"/counter/depositors/{far}", params={"wedding_on": "下个月"})
    assert bad.status_code == 422 and "婚期应为日期" in bad.text


def test_a_changed_pack_rule_changes_the_panel(web_world: WebWorld, clock) -> None:  # type: ignore[no-untyped-def]
    pack = web_world.anju.pack
    rules = dict(pack.personalisation)
    rules["traits"] = [dict(t, when="age >= 18") if t["id"] == "flexible_employment" else t for t in rules["traits"]]
    changed = replace(web_world.anju, pack=replace(pack, personalisation=rules))
    changed.__dict__.pop("advice", None)
    app = create_app(Settings(database_url=web_world.url), anju=changed, hasher=FAST, clock=clock)
    with TestClient(app) as other:
        sign_in(other, "officer")
        page = other.get(f"/counter/depositors/{web_world.depositor('citizen_route')}").text
    assert 'data-trait="flexible_employment"' in page


def test_plans_side_by_side_with_chart_and_exports(client: TestClient, web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_notyet")
    sign_in(client, "officer")
    page = client.get(f"/counter/depositors/{target}/plans").text
    assert "购房信息" in page and "方案对比" not in page
    page = client.get(f"/counter/depositors/{target}/plans", params={"price": "1200000", "kind": "new"}).text
    assert "方案对比" in page and page.count("data-plan=") >= 2
    assert '<svg class="chart"' in page and "<title id=\"chart-title\">" in page and "<rect" in page
    shown = re.search(r'data-shown-plan="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    csv = client.get(f"/counter/depositors/{target}/plans/export",
                     params={"price": "1200000", "plan": shown, "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.content.startswith(b"\xef\xbb\xbf") and "期数".encode() in csv.content
    xlsx = client.get(f"/counter/depositors/{target}/plans/export",
                      params={"price": "1200000", "plan": shown, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    bad = client.get(f"/counter/depositors/{target}/plans", params={"price": "一百万", "term_years": "99"})
    assert bad.status_code == 422
    assert "房价应为数字" in bad.text and "希望的贷款期限（年）应为1至30的整数" in bad.text
    unknown = client.get(f"/counter/depositors/{target}/plans", params={"price": "1200000", "plan": "no-such"})
    assert unknown.status_code == 422 and "没有编号为 no-such 的方案" in unknown.text


def test_the_one_time_notice_is_a_printable_a4_page(client: TestClient, web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_notyet")
    sign_in(client, "officer")
    page = client.get(f"/counter/depositors/{target}/notice").text
    assert "住房公积金业务一次性告知书" in page and 'class="a4 notice-doc"' in page
    assert "经办人：柜员 王芳" in page and "data-print" in page
    one = client.get(f"/counter/depositors/{target}/notice", params={"business": "withdraw.retirement"}).text
    assert one.count("<li data-business=") <= 1 and "依据：" in one
    css = client.get("/static/anju.css").text
    assert "@media print" in css and "size: A4" in css


def test_bad_ids_and_unknown_records_are_chinese_4xx(client: TestClient) -> None:
    sign_in(client, "officer")
    response = client.get("/counter/depositors/abc")
    assert response.status_code == 422 and "应为整数" in response.text
    response = client.get("/counter/depositors/999999")
    assert response.status_code == 404 and "库内没有编号为999999的缴存人" in response.text
    response = client.get("/counter/depositors/1", params={"on": "2026-02-30"})
    assert response.status_code == 422 and "办理日期应为日期" in response.text
    response = client.get("/counter/depositors/1", params={"reason": "很" * 150})
    assert response.status_code == 422
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "没有这个页面" in response.text
