"""网上服务大厅: what I can do, why not, my plan, my notice, booking a visit."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from web_support import ON, FakeClock, WebWorld, bearer, sign_in

from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.domain.policy.decision import Outcome


def _token(page: str) -> str:
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _diagnosis(world: WebWorld, username: str):  # type: ignore[no-untyped-def]
    with SqlUnitOfWork(make_engine(world.url)) as uow:
        return world.anju.advice.check(uow.depositors.scenario_for(world.depositor(username), ON), ON)


def test_what_can_i_do_groups_every_business_in_plain_words(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "citizen_notyet")
    page = client.get("/me").text
    diagnosis = _diagnosis(web_world, "citizen_notyet")
    assert f"{web_world.logins['citizen_notyet'].display_name}，您好" in page
    for d in diagnosis.decisions:
        assert f'data-business="{d.business}"' in page
        assert d.summary in page
    for d in diagnosis.decisions:
        if d.outcome not in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS):
            assert f'href="/me/why/{d.business}"' in page
    assert 'data-group="not_yet"' in page and "库内编号" not in page


def test_why_not_never_ends_at_no(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "citizen_notyet")
    diagnosis = _diagnosis(web_world, "citizen_notyet")
    refused = [d for d in diagnosis.decisions if d.outcome in (Outcome.NOT_ELIGIBLE, Outcome.NOT_YET)]
    assert refused
    for d in refused:
        page = client.get(f"/me/why/{d.business}").text
        assert f'<h1 class="page-title">{d.name}</h1>' in page
        assert d.failed and all(r.clause.title in page for r in d.failed)
        assert "下一步" in page and "/me/bookings" in page
        assert "withdraw." not in re.sub(r'(data-[a-z-]+|href)="[^"]*"', "", page.split("<main")[1])
    response = client.get("/me/why/no.such.business")
    assert response.status_code == 404 and "政策包中没有业务" in response.text


def test_my_plan_and_my_notice(client: TestClient) -> None:
    sign_in(client, "citizen_notyet")
    page = client.get("/me/plan", params={"price": "800000", "kind": "resale", "max_monthly": "4000"}).text
    assert "公积金可贷额度" in page and '<svg class="chart"' in page
    export = client.get("/me/plan/export", params={"price": "800000", "kind": "resale", "format": "csv"})
    assert export.status_code == 200 and "期数".encode() in export.content
    notice = client.get("/me/notice").text
    assert "住房公积金业务一次性告知书" in notice and "经办人：＿＿" in notice


def test_booking_a_visit_by_half_hour_on_working_days(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "citizen_notyet")
    page = client.get("/me/bookings").text
    days = re.findall(r'data-day="([0-9-]+)"', page)
    assert days[0] == "2026-11-27" and "2026-11-28" not in days and "2026-11-29" not in days  # weekend
    assert len(days) == 10
    assert 'value="2026-11-27T09:30"' not in page and 'value="2026-11-27T10:30"' in page  # past slots gone
    assert 'value="2026-11-30T09:00"' in page and 'value="2026-11-30T09:30"' in page
    assert "T17:00" not in page and "延时服务</strong>时段" not in page  # extended hours not offered
    assert 'name="rongque"' not in page
    response = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                                  "starts_at": "2026-11-30T09:00"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/me/bookings?done=booked"
    page = client.get("/me/bookings?done=booked").text
    assert "预约成功" in page and "2026年11月30日 星期一 09:00" in page
    again = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                              "starts_at": "2026-11-30T14:00"})
    assert again.status_code == 409 and "当天已有预约" in again.text
    extended = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                                 "starts_at": "2026-12-01T17:30"})
    assert extended.status_code == 422 and "延时服务时段仅向路远等需要者开放" in extended.text
    rongque = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                                "starts_at": "2026-12-01T09:00", "rongque": "yes"})
    assert rongque.status_code == 422 and "容缺受理需在窗口审核" in rongque.text
    booking = re.search(r'data-booking="(\d+)"', page).group(1)  # type: ignore[union-attr]
    cancelled = client.post(f"/me/bookings/{booking}/cancel", data={"csrf_token": _token(page)},
                            follow_redirects=False)
    assert cancelled.status_code == 303
    assert "已取消" in client.get("/me/bookings").text


def test_far_away_visitors_are_offered_extended_hours_and_rongque(client: TestClient) -> None:
    sign_in(client, "citizen_far")
    page = client.get("/me/bookings").text
    assert "延时服务</strong>时段" in page and "容缺受理</strong>" in page
    assert 'value="2026-12-01T17:30"' in page and 'name="rongque"' in page
    response = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                                 "starts_at": "2026-12-01T17:30", "rongque": "yes"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert "延时服务 容缺受理" in client.get("/me/bookings").text


def test_bad_booking_input_is_a_chinese_4xx_and_changes_nothing(client: TestClient, clock: FakeClock) -> None:
    sign_in(client, "citizen_senior")
    page = client.get("/me/bookings").text
    before = page.count("data-booking=")
    for starts_at, message in (("明天上午", "预约时段格式有误"), ("2026-11-28T09:00", "工作日内"),
                               ("2026-11-30T09:10", "不是可预约的时段"), ("2026-11-27T09:00", "今后的时段"),
                               ("2027-03-01T09:00", "工作日内"), ("", "请选择预约时段")):
        response = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "withdraw.rent",
                                                     "starts_at": starts_at})
        assert response.status_code == 422, starts_at
        assert message in response.text, starts_at
    response = client.post("/me/bookings", data={"csrf_token": _token(page), "business": "no.such",
                                                 "starts_at": "2026-11-30T10:00"})
    assert response.status_code == 422 and "没有业务 no.such" in response.text
    assert client.get("/me/bookings").text.count("data-booking=") == before
    clock.advance(timedelta(days=3))  # Monday: the weekend passed, the window moved on
    assert 'data-day="2026-11-27"' not in client.get("/me/bookings").text


def test_a_full_slot_is_refused(client: TestClient, web_world: WebWorld) -> None:
    staff = bearer(client, "officer")
    ids = [web_world.depositor(u) for u in ("citizen_route", "citizen_far", "citizen_senior")]
    for depositor_id in ids:
        response = client.post("/api/v1/bookings", headers=staff, json={
            "business": "cert.deposit", "starts_at": "2026-12-04T11:00", "depositor_id": depositor_id})
        assert response.status_code == 201, response.text
    response = client.post("/api/v1/bookings", headers=staff, json={
        "business": "cert.deposit", "starts_at": "2026-12-04T11:00",
        "depositor_id": web_world.depositor("citizen_notyet")})
    assert response.status_code == 409 and "已约满" in response.json()["error"]["message"]
    slots = client.get("/api/v1/bookings/slots", headers=staff,
                       params={"depositor_id": web_world.depositor("citizen_notyet")}).json()
    day = next(d for d in slots["days"] if d["date"] == "2026-12-04")
    assert next(s for s in day["slots"] if s["starts_at"] == "2026-12-04T11:00:00")["free"] == 0
