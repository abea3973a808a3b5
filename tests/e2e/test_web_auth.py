"""Sign-in, sessions, CSRF, the sign-in rate limit, sign-out and the large-text preference."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from web_support import FAST, NOW, FakeClock, WebWorld, csrf_of, sign_in

from anju.adapters.db.engine import make_engine
from anju.adapters.db.web_repositories import WebUnitOfWork
from anju.domain.access import Role
from anju.services.accounts import create_user


def _new_user(world: WebWorld, username: str, password: str = "correct-horse-9") -> None:
    with WebUnitOfWork(make_engine(world.url)) as uow:
        create_user(uow, FAST, username, "测试柜员", Role.OFFICER, password, NOW)


def test_login_page_is_chinese_and_carries_a_csrf_token(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in response.text
    assert "<h1" in response.text and "登录安居服务平台" in response.text
    assert 'class="skip-link" href="#main"' in response.text
    assert client.cookies.get("anju_csrf")


def test_sign_in_lands_on_the_roles_home_and_sign_out_ends_the_session(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post("/login", data={"username": "officer", "password": "anju-demo-2026",
                                           "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/counter"
    cookie = response.cookies.get("anju_session") or client.cookies.get("anju_session")
    set_cookie = response.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie.replace("Lax", "lax")
    assert client.get("/counter").status_code == 200
    page = client.get("/counter").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    # the old session token no longer opens anything, even if replayed
    client.cookies.set("anju_session", cookie)
    assert client.get("/counter", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused_in_chinese_without_saying_which_part(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post("/login", data={"username": "officer", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text
    response = client.post("/login", data={"username": "nobody-here", "password": "nope", "csrf_token": token})
    assert response.status_code == 401 and "用户名或密码不正确" in response.text


def test_every_form_post_without_the_csrf_token_is_rejected(client: TestClient, web_world: WebWorld) -> None:
    csrf_of(client)
    response = client.post("/login", data={"username": "officer", "password": "anju-demo-2026"})
    assert response.status_code == 403 and "CSRF" in response.text
    response = client.post("/login", data={"username": "officer", "password": "anju-demo-2026",
                                           "csrf_token": "forged"})
    assert response.status_code == 403
    sign_in(client, "citizen_far")
    for path in ("/logout", "/prefs/text", "/me/bookings", "/me/bookings/1/cancel"):
        response = client.post(path, data={"csrf_token": "forged", "starts_at": "2026-11-30T09:00",
                                           "business": "withdraw.rent"}, follow_redirects=False)
        assert response.status_code == 403, path
    assert client.get("/me", follow_redirects=False).status_code == 200  # still signed in: nothing happened


def test_cookie_authenticated_api_changes_need_the_csrf_header(client: TestClient) -> None:
    sign_in(client, "citizen_far")
    body = {"business": "withdraw.rent", "starts_at": "2026-12-03T09:00"}
    response = client.post("/api/v1/bookings", json=body)
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    token = client.get("/me").text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/api/v1/bookings", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 201, response.text


def test_sign_in_is_rate_limited_per_user_then_unlocks(client: TestClient, web_world: WebWorld,
                                                       clock: FakeClock) -> None:
    _new_user(web_world, "ratelimited1")
    token = csrf_of(client)
    for _ in range(5):
        response = client.post("/login", data={"username": "ratelimited1", "password": "bad", "csrf_token": token})
        assert response.status_code == 401
    response = client.post("/login", data={"username": "ratelimited1", "password": "correct-horse-9",
                                           "csrf_token": token})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text and response.headers["Retry-After"] == "900"
    api = client.post("/api/v1/sessions", json={"username": "ratelimited1", "password": "correct-horse-9"})
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"
    clock.advance(timedelta(minutes=16))
    response = client.post("/login", data={"username": "ratelimited1", "password": "correct-horse-9",
                                           "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303


def test_sessions_expire(client: TestClient, clock: FakeClock) -> None:
    sign_in(client, "manager")
    assert client.get("/counter").status_code == 200
    clock.advance(timedelta(hours=8, minutes=1))
    response = client.get("/counter", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/counter"


def test_after_sign_in_only_local_paths_are_followed(client: TestClient) -> None:
    for target, expected in (("/counter?q=zw", "/counter?q=zw"), ("https://evil.example/", "/counter"),
                             ("//evil.example/x", "/counter"), ("/\\evil", "/counter")):
        client.cookies.clear()
        token = csrf_of(client)
        response = client.post("/login", data={"username": "officer", "password": "anju-demo-2026",
                                               "csrf_token": token, "next": target}, follow_redirects=False)
        assert response.headers["location"] == expected


def test_large_text_mode_toggles_without_javascript(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post("/prefs/text", data={"csrf_token": token, "next": "/login"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert 'class="large-text"' in client.get("/login").text
    client.post("/prefs/text", data={"csrf_token": token, "next": "/login"})
    assert 'class="large-text"' not in client.get("/login").text
