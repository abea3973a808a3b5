"""办件 over HTTP: open with an idempotency key, move, print notices, rate; roles and errors."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from web_support import ON, WebWorld, bearer

from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.domain.policy.decision import Outcome


def _eligible_business(web_world: WebWorld, depositor_id: int) -> str:
    engine = make_engine(web_world.url)
    try:
        with SqlUnitOfWork(engine) as uow:
            scenario = uow.depositors.scenario_for(depositor_id, ON)
    finally:
        engine.dispose()
    diagnosis = web_world.anju.advice.check(scenario, ON)
    return next(d.business for d in diagnosis.decisions if d.outcome is Outcome.ELIGIBLE)


def _open(client: TestClient, web_world: WebWorld, username: str, key: str) -> dict[str, Any]:
    depositor = web_world.depositor(username)
    body = {"business": _eligible_business(web_world, depositor), "depositor_id": depositor, "on": ON.isoformat()}
    response = client.post("/api/v1/cases", json=body, headers=bearer(client, "officer") | {"Idempotency-Key": key})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _move(client: TestClient, case_id: int, action: str, **extra: Any) -> Any:
    return client.post(f"/api/v1/cases/{case_id}/moves", json={"action": action, "on": ON.isoformat(), **extra},
                       headers=bearer(client, "officer"))


def test_open_twice_with_one_key_is_one_case(client: TestClient, web_world: WebWorld) -> None:
    key = str(uuid.uuid4())
    first = _open(client, web_world, "citizen_senior", key)
    again = _open(client, web_world, "citizen_senior", key)
    assert again["case"]["id"] == first["case"]["id"] and again["replayed"] and not first["replayed"]
    assert first["case"]["state"] == "intake"
    assert len(first["case"]["applicant_id_number"]) == 18  # the officer sees the full number


def test_a_case_through_the_api_with_notices_and_a_rating(client: TestClient, web_world: WebWorld) -> None:
    case_id = _open(client, web_world, "citizen_senior", str(uuid.uuid4()))["case"]["id"]
    accepted = _move(client, case_id, "accept")
    assert accepted.status_code == 200, accepted.text
    receipt = next(n for n in accepted.json()["notices"] if n["kind"] == "receipt")
    page = client.get(receipt["url"], headers=bearer(client, "officer"))
    assert page.status_code == 200 and "<h1>受理回执</h1>" in page.text and "@page" in page.text

    illegal = _move(client, case_id, "pay")
    assert illegal.status_code == 409 and "不能支付" in illegal.json()["error"]["message"]
    for action in ("review", "approve"):
        assert _move(client, case_id, action).status_code == 200
    state = _move(client, case_id, "pay" if accepted.json()["case"]["amount"] else "close").json()["case"]
    if state["state"] == "paid":
        state = _move(client, case_id, "close").json()["case"]
    assert state["state"] == "closed"

    owner = bearer(client, "citizen_senior")
    mine = client.get(f"/api/v1/cases/{case_id}", headers=owner)
    assert mine.status_code == 200 and mine.json()["decision"]["outcome"] == "eligible"
    assert client.get(receipt["url"], headers=owner).status_code == 200
    stranger = bearer(client, "citizen_far")
    assert client.get(f"/api/v1/cases/{case_id}", headers=stranger).status_code == 403
    assert client.get(receipt["url"], headers=stranger).status_code == 403

    rated = client.post(f"/api/v1/cases/{case_id}/rating", headers=owner,
                        json={"level": "不满意", "comment": "等候时间长", "on": ON.isoformat()})
    assert rated.status_code == 201, rated.text
    assert rated.json()["rectification"]["deadline"] == "2026-12-04"
    overdue = client.get("/api/v1/cases/overdue", params={"on": "2026-12-07"}, headers=bearer(client, "manager"))
    assert overdue.status_code == 200
    assert any(item["kind"] == "rectification" and item["reference"] == rated.json()["rectification"]["id"]
               for item in overdue.json())
    assert client.get("/api/v1/cases/overdue", headers=bearer(client, "officer")).status_code == 403


def test_bad_moves_are_chinese_4xx(client: TestClient, web_world: WebWorld) -> None:
    case_id = _open(client, web_world, "citizen_senior", str(uuid.uuid4()))["case"]["id"]
    bad = _move(client, case_id, "fly")
    assert bad.status_code == 422
    missing = client.post("/api/v1/cases/999999/moves", json={"action": "accept"}, headers=bearer(client, "officer"))
    assert missing.status_code == 404 and "办件" in missing.json()["error"]["message"]
    citizen = client.post("/api/v1/cases", json={"business": "cert.deposit", "depositor_id": 1},
                          headers=bearer(client, "citizen_senior"))
    assert citizen.status_code == 403


def test_audit_verify_for_auditors(client: TestClient) -> None:
    report = client.get("/api/v1/audit/verify", headers=bearer(client, "auditor"))
    assert report.status_code == 200 and report.json()["ok"] is True
    assert client.get("/api/v1/audit/verify", headers=bearer(client, "officer")).status_code == 403

