"""The console in a real browser: headless Chromium walks the whole sign-in flow against the
app served on a loopback port: password, MFA enrolment from the page's setup key, recovery
codes, an API key shown once then revoked, sign-out, the TOTP challenge, the idle time-out."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from annexa.app import Overrides, create_app
from annexa.audit.interface import Actor
from annexa.db import database_url, make_engine
from annexa.db.migrate import upgrade
from annexa.settings import load_settings
from annexa.testing.fake_upstream import serve_in_thread
from annexa.web.console.identity import ConsoleIdentity
from tests.gateway.conftest import AZURE_KEY, ListSink, write_data_dir
from tests.web.browser import chromium_browser

IDLE_TIMEOUT_S = 3
PASSWORD = "amber quay lantern fjord"  # a test password, not a secret
WAIT_MS = 10_000


@dataclass
class Served:
    url: str
    identity: ConsoleIdentity
    sink: ListSink


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as found:
        yield found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The whole app on a migrated SQLite data directory, on a free loopback port."""
    data_dir = tmp_path / "data"
    write_data_dir(data_dir, "http://127.0.0.1:9")  # no upstream is called here
    os.environ["ANNEXA_TEST_AZURE_KEY"] = AZURE_KEY
    with (data_dir / "annexa.yaml").open("a", encoding="utf-8") as f:
        f.write(f"identity: {{session_idle_timeout_s: {IDLE_TIMEOUT_S}}}\n")
    engine = make_engine(database_url(data_dir))
    upgrade(engine)
    sink = ListSink()
    app = create_app(load_settings(data_dir), Overrides(audit=sink, engine=engine))
    with serve_in_thread(app) as url:
        yield Served(url, app.state.console, sink)
    engine.dispose()


def sign_in(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/console/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def status_with(url: str, key: str) -> int:
    return httpx.get(f"{url}/api/me", headers={"authorization": f"Bearer {key}"}).status_code


def test_an_admin_signs_in_enrols_mfa_makes_and_revokes_a_key_and_times_out(
    browser: Browser, served: Served
) -> None:
    url, name = served.url, "ada"
    served.identity.accounts.create(name, "admin", Actor(kind="service", id="test"), PASSWORD)
    context = browser.new_context(base_url=url)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        # password, then the enrolment page: the setup key is behind "Can't scan?"
        sign_in(page, url, name)
        page.wait_for_url(f"{url}/console/mfa/enrol")
        expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
        page.get_by_text("Can't scan? Show the setup key").click()
        otpauth = page.locator("#otpauth")
        expect(otpauth).to_be_visible()
        uri = otpauth.inner_text().strip()
        assert uri.startswith("otpauth://totp/")
        secret = parse_qs(urlsplit(uri).query)["secret"][0]
        enrolled_at = time.time()
        page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).at(enrolled_at))
        page.get_by_role("button", name="Turn on MFA").click()

        # the recovery codes, shown once
        expect(page.get_by_role("heading", name=re.compile("MFA is on"))).to_be_visible()
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        page.get_by_role("link", name="Continue to the console").click()
        page.wait_for_url(f"{url}/console/")

        # a key for the admin, shown once
        page.get_by_role("link", name="API keys").click()
        page.wait_for_url(f"{url}/console/keys")
        page.get_by_label("For user").select_option(name)
        page.get_by_role("button", name="Create key").click()
        new_key = page.locator("#new-key")
        expect(new_key).to_be_visible()
        key = new_key.inner_text().strip()
        prefix = page.locator("[role=status] strong").inner_text().rstrip("…")
        assert prefix
        assert key.startswith(prefix)
        page.reload()  # the page came by redirect: a reload is a GET, never a second key
        expect(page.locator("#new-key")).to_have_count(0)
        expect(page.get_by_text("was shown once")).to_be_visible()
        page.goto(f"{url}/console/keys")
        expect(page.locator("tbody tr")).to_have_count(1)
        row = page.locator(f'tr[data-key="{prefix}"]')
        expect(row.locator("td.state")).to_have_text("active")
        expect(page.locator("#new-key")).to_have_count(0)
        assert key not in page.content()
        assert status_with(url, key) == 200

        # revoked from the page: refused on the very next request
        page.get_by_role("button", name=f"Revoke key {prefix}").click()
        page.wait_for_url(f"{url}/console/keys")
        expect(row.locator("td.state")).to_have_text("revoked")
        expect(page.get_by_role("button", name=f"Revoke key {prefix}")).to_have_count(0)
        assert status_with(url, key) == 401

        # sign out, then back in through the TOTP challenge (the enrolment's step is spent)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{url}/console/login")
        sign_in(page, url, name)
        page.wait_for_url(f"{url}/console/login/mfa")
        page.get_by_label("Code").fill(pyotp.TOTP(secret).at(enrolled_at + 30))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_url(f"{url}/console/")
        expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()

        # idle past the time-out: the next page is the sign-in page
        time.sleep(IDLE_TIMEOUT_S + 0.5)
        page.goto(f"{url}/console/keys")
        page.wait_for_url(re.compile(re.escape(f"{url}/console/login")))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    finally:
        context.close()

    # the audit trail: enrolment asked for and done, then the password sign-in with its code
    auth = [
        (e.name, e.details.get("action") or e.details.get("method"), e.outcome)
        for e in served.sink.events
        if e.name.startswith("auth-") and e.actor.name == name
    ]
    assert auth == [
        ("auth-mfa", "enrolment-required", "denied"),
        ("auth-mfa", "enrol", "success"),
        ("auth-success", "password", "success"),  # the session the enrolment opens
        ("auth-mfa", "verify", "success"),
        ("auth-success", "password", "success"),
    ]
    assert served.sink.named("auth-success")[-1].details["mfa"] is True
    changes = [
        (e.details["action"], e.details["target"]) for e in served.sink.named("config-changed")
    ]
    record = served.identity.keys.list()[0]
    assert changes[-2:] == [
        ("create", f"api-key:{record.id}"),
        ("revoke", f"api-key:{record.id}"),
    ]
