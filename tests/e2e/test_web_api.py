"""REST API /api/v1: the same contracts as the CLI, one error shape, never a 500 on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_support import FAST, ON, WebWorld, bearer

from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.scenario_files import scenario_from_data
from anju.adapters.web.app import create_app
from anju.adapters.yaml_files import read_document
from anju.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "problems"}
    assert body["error"]["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"])  # Chinese
    return body["error"]  # type: ignore[no-any-return]


def _example(name: str = "young-renter.yaml") -> dict[str, Any]:
    """An example scenario as JSON would carry it (dates as strings)."""
    data: dict[str, Any] = json.loads(json.dumps(read_document(ROOT / "examples" / name), default=str))
    return data


def test_check_returns_the_decision_contract(client: TestClient, web_world: WebWorld) -> None:
    scenario = _example()
    response = client.post("/api/v1/check", json={"scenario": scenario, "on": "2026-12-01"})
    assert response.status_code == 200, response.text
    expected = web_world.anju.advice.check(scenario_from_data(scenario), ON.replace(day=1, month=12))
    assert response.json() == json.loads(json.dumps(expected.to_dict()))
    one = client.post("/api/v1/check", json={"scenario": scenario, "on": "2026-12-01", "business": "withdraw.rent"})
    assert [d["business"] for d in one.json()["decisions"]] == ["withdraw.rent"]


@pytest.mark.parametrize(("body", "status", "code", "path"), [
    ({"scenario": {"applicant": {"account": {"status": "active", "balance": "很多"}}}}, 422, "invalid_scenario",
     "applicant.account.balance"),
    ({"scenario": {"applicant": {}, "spouse": 3}}, 422, "invalid_scenario", "spouse"),
    ({"scenario": {"applicant": {"nmae": "张三"}}}, 422, "invalid_scenario", "applicant.nmae"),
    ({"scenario": {"applicant": {}}, "on": "明天"}, 422, "invalid_input", "on"),
    ({"scenario": {"applicant": {}}, "extra": 1}, 422, "invalid_input", "extra"),
    ({"scenario": {"applicant": {}}, "business": "no.such"}, 404, "not_found", None),
    ({}, 422, "invalid_input", "scenario"),
])
def test_bad_check_input_is_a_chinese_4xx(client: TestClient, body: dict[str, Any], status: int, code: str,
                                         path: str | None) -> None:
    error = _error(client.post("/api/v1/check", json=body), status, code)
    if path is not None:
        assert any(p["path"] == path for p in error["problems"]), error


def test_non_json_and_wrong_methods_use_the_error_shape(client: TestClient) -> None:
    response = client.post("/api/v1/check", content=b"{not json", headers={"content-type": "application/json"})
    _error(response, 422, "invalid_input")
    _error(client.get("/api/v1/check"), 405, "method_not_allowed")
    _error(client.get("/api/v1/nothing-here"), 404, "not_found")


JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                | st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(JSON_SCALARS,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["applicant", "spouse", "account", "status", "balance", "on", "visit",
                                         "purchase", "price", "history", "month", "children", "id_number"]),
                        inner, max_size=4), max_leaves=12))
def test_no_input_makes_a_500(client: TestClient, scenario: Any) -> None:
    for path, body in (("/api/v1/check", {"scenario": scenario}), ("/api/v1/plan", scenario)):
        response = client.post(path, json=body)
        assert response.status_code < 500, (path, body, response.text)
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "problems"}


def test_plan_returns_the_plan_contract(client: TestClient) -> None:
    request = read_document(ROOT / "examples" / "plans" / "couple-with-parents.yaml")
    response = client.post("/api/v1/plan", json=json.loads(json.dumps(request, default=str)))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["contract"] == "anju.plan/1" and body["plans"] and body["schedule"]["parts"][0]["rows"]
    error = _error(client.post("/api/v1/plan", json={"purchase": {"price": "很贵"}}), 422, "invalid_input")
    assert error["problems"]


def test_sessions_and_role_limited_search(client: TestClient, web_world: WebWorld) -> None:
    _error(client.post("/api/v1/sessions", json={"username": "officer", "password": "x"}), 401, "unauthenticated")
    _error(client.post("/api/v1/sessions", json={"username": "officer"}), 422, "invalid_input")
    officer, manager = bearer(client, "officer"), bearer(client, "manager")
    name = web_world.logins["citizen_route"].display_name
    full = client.get("/api/v1/depositors", params={"q": name}, headers=officer).json()["results"]
    masked = client.get("/api/v1/depositors", params={"q": name}, headers=manager).json()["results"]
    assert full and len(full) == len(masked)
    assert all("*" not in r["id_number"] for r in full)
    assert all("********" in r["id_number"] and r["birth_date"] is None for r in masked)
    _error(client.get("/api/v1/depositors", params={"q": ""}, headers=officer), 422, "invalid_input")
    assert client.delete("/api/v1/sessions", headers=officer).status_code == 204
    _error(client.get("/api/v1/depositors", params={"q": name}, headers=officer), 401, "unauthenticated")
    _error(client.get("/api/v1/depositors", params={"q": name}, headers={"Authorization": "Bearer forged"}),
           401, "unauthenticated")


def test_stored_depositor_diagnosis_matches_the_engine(client: TestClient, web_world: WebWorld) -> None:
    target = web_world.depositor("citizen_far")
    response = client.get(f"/api/v1/depositors/{target}/diagnosis", headers=bearer(client, "officer"),
                          params={"on": "2026-11-27", "reason": "压测核对"})
    assert response.status_code == 200
    body = response.json()
    with SqlUnitOfWork(make_engine(web_world.url)) as uow:
        expected = web_world.anju.advice.check(uow.depositors.scenario_for(target, ON), ON)
    assert body["diagnosis"] == json.loads(json.dumps(expected.to_dict()))
    assert any(t["id"] == "far_away" for t in body["personalisation"]["traits"])
    assert body["depositor"]["id"] == target
    _error(client.get("/api/v1/depositors/999999/diagnosis", headers=bearer(client, "officer")), 404, "not_found")
    _error(client.get(f"/api/v1/depositors/{target}/diagnosis", params={"on": "2026-13-01"},
                      headers=bearer(client, "officer")), 422, "invalid_input")


def test_bookings_through_the_api(client: TestClient, web_world: WebWorld) -> None:
    headers = bearer(client, "citizen_senior")
    slots = client.get("/api/v1/bookings/slots", headers=headers).json()
    assert len(slots["days"]) == 10
    first = slots["days"][1]["slots"][0]
    created = client.post("/api/v1/bookings", headers=headers, json={"business": "withdraw.rent",
                                                                    "starts_at": first["starts_at"]})
    assert created.status_code == 201, created.text
    assert created.json()["business_name"]
    mine = client.get("/api/v1/bookings", headers=headers).json()["bookings"]
    assert created.json()["id"] in [b["id"] for b in mine]
    assert client.delete(f"/api/v1/bookings/{created.json()['id']}", headers=headers).status_code == 204
    _error(client.delete(f"/api/v1/bookings/{created.json()['id']}", headers=headers), 409, "conflict")
    _error(client.post("/api/v1/bookings", headers=headers, json={"business": "withdraw.rent",
                                                                 "starts_at": "not a time"}), 422, "invalid_input")
    _error(client.post("/api/v1/bookings", headers=bearer(client, "officer"), json={
        "business": "withdraw.rent", "starts_at": first["starts_at"]}), 422, "invalid_input")


def test_openapi_documents_the_api_and_its_error_shape(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/check", "/api/v1/plan", "/api/v1/sessions", "/api/v1/depositors",
                 "/api/v1/depositors/{depositor_id}/diagnosis", "/api/v1/bookings", "/api/v1/bookings/slots"):
        assert path in spec["paths"], path
    assert "ErrorOut" in spec["components"]["schemas"]
    assert "/counter" not in spec["paths"] and "/login" not in spec["paths"]
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_the_server_runs_handlers_on_as_many_threads_as_configured(web_world: WebWorld) -> None:
    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    app = create_app(Settings(database_url=web_world.url, web_threads=3), anju=web_world.anju, hasher=FAST)
    with TestClient(app) as running:
        assert running.portal.call(tokens) == 3
        assert running.get("/api/v1/health").status_code == 200
