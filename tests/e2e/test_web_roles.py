"""Who may see what, by every URL: the role matrix, and a citizen never reaches another record."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_support import WebWorld, bearer, sign_in

PAGES_STAFF = ["/counter", "/counter?q=zw", "/counter/depositors/{other}", "/counter/depositors/{other}/plans",
               "/counter/depositors/{other}/plans?price=900000",
               "/counter/depositors/{other}/plans/export?price=900000&format=csv",
               "/counter/depositors/{other}/notice"]
PAGES_CITIZEN = ["/me", "/me/why/withdraw.rent", "/me/plan", "/me/plan?price=900000", "/me/notice",
                 "/me/bookings"]
PAGES_AUDIT = ["/audit/views"]

# role → (staff pages, citizen pages, audit pages) expected status
MATRIX = {
    "officer": (200, 403, 403),
    "manager": (200, 403, 200),
    "auditor": (200, 403, 200),
    "citizen_route": (403, 200, 403),
}


def _fill(path: str, world: WebWorld) -> str:
    return path.format(other=world.depositor("citizen_notyet"))


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_role_matrix_for_pages(client: TestClient, web_world: WebWorld, username: str) -> None:
    sign_in(client, username)
    staff, citizen, audit = MATRIX[username]
    for paths, expected in ((PAGES_STAFF, staff), (PAGES_CITIZEN, citizen), (PAGES_AUDIT, audit)):
        for path in paths:
            response = client.get(_fill(path, web_world), follow_redirects=False)
            assert response.status_code == expected, (username, path, response.status_code)
            if expected == 403:
                assert 'class="card error-page"' in response.text


def test_signed_out_pages_redirect_to_sign_in_and_api_says_401(client: TestClient, web_world: WebWorld) -> None:
    for path in PAGES_STAFF + PAGES_CITIZEN + PAGES_AUDIT:
        response = client.get(_fill(path, web_world), follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    other = web_world.depositor("citizen_notyet")
    for path in (f"/api/v1/depositors/{other}", f"/api/v1/depositors/{other}/diagnosis", "/api/v1/depositors?q=zw",
                 "/api/v1/bookings", "/api/v1/bookings/slots"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_citizen_cannot_read_another_record_by_any_url(client: TestClient, web_world: WebWorld) -> None:
    me, other = web_world.depositor("citizen_route"), web_world.depositor("citizen_notyet")
    headers = bearer(client, "citizen_route")
    other_name = web_world.logins["citizen_notyet"].display_name
    for path in (f"/api/v1/depositors/{other}", f"/api/v1/depositors/{other}/diagnosis",
                 f"/api/v1/depositors/{other}/diagnosis?business=withdraw.rent&on=2026-12-01",
                 f"/api/v1/bookings?depositor_id={other}", f"/api/v1/bookings/slots?depositor_id={other}"):
        response = client.get(path, headers=headers)
        assert response.status_code == 403, path
        assert other_name not in response.text
    # search finds only the citizen's own record, whatever is typed
    assert client.get(f"/api/v1/depositors?q={other_name}", headers=headers).json()["results"] == []
    own = client.get(f"/api/v1/depositors?q={web_world.logins['citizen_route'].display_name}", headers=headers)
    assert [r["id"] for r in own.json()["results"]] == [me]
    # booking for someone else is refused, and their booking cannot be cancelled
    response = client.post("/api/v1/bookings", headers=headers, json={
        "business": "withdraw.rent", "starts_at": "2026-11-30T09:30", "depositor_id": other})
    assert response.status_code == 403
    staff = bearer(client, "officer")
    booked = client.post("/api/v1/bookings", headers=staff, json={
        "business": "cert.deposit", "starts_at": "2026-12-01T14:00", "depositor_id": other})
    assert booked.status_code == 201, booked.text
    response = client.delete(f"/api/v1/bookings/{booked.json()['id']}", headers=headers)
    assert response.status_code == 404
    theirs = client.get(f"/api/v1/bookings?depositor_id={other}", headers=staff).json()["bookings"]
    assert theirs[0]["status"] == "booked"
    # and the citizen's own record is readable
    assert client.get(f"/api/v1/depositors/{me}/diagnosis", headers=headers).status_code == 200


def test_a_citizen_cannot_cancel_another_citizens_booking_from_the_page(client: TestClient,
                                                                         web_world: WebWorld) -> None:
    other = web_world.depositor("citizen_notyet")
    staff = bearer(client, "officer")
    booked = client.post("/api/v1/bookings", headers=staff, json={
        "business": "cert.deposit", "starts_at": "2026-12-02T14:00", "depositor_id": other}).json()
    client.delete("/api/v1/sessions", headers=staff)
    sign_in(client, "citizen_route")
    token = client.get("/me/bookings").text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(f"/me/bookings/{booked['id']}/cancel", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 404
