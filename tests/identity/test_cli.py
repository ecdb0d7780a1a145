"""``annexa users``: create, list, disable, enable, reset-mfa, set-role, each audited; the
first admin from ``annexa init`` signs in through the new flow."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from annexa.cli import app
from annexa.db import database_url, make_engine
from annexa.errors import AuthError
from annexa.identity.factory import sign_in_for
from annexa.keys.factory import secret_box_for
from annexa.keys.file import LocalKeyFileWarning
from annexa.settings import load_settings
from tests.identity.conftest import ListSink

runner = CliRunner()
PASSWORD = "violet tram kettle orbit"


def users(data_dir: Path, *args: str, stdin: str | None = None) -> Any:
    result = runner.invoke(app, ["users", *args, "--data-dir", str(data_dir)], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args or args[0] != "list" else result.stdout


def audited(data_dir: Path) -> int:
    engine = make_engine(database_url(data_dir))
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one())
    engine.dispose()
    return count


def test_create_list_disable_enable_set_role(tmp_path: Path) -> None:
    created = users(tmp_path, "create", "mia", "--role", "auditor")
    assert created["role"] == "auditor"
    assert created["must_change_password"] is True
    assert len(created["one_time_password"]) >= 20
    given = users(tmp_path, "create", "ben", "--password-stdin", stdin=PASSWORD + "\n")
    assert "one_time_password" not in given
    assert given["must_change_password"] is False
    listed = {u["name"]: u for u in users(tmp_path, "list", "--json")}
    assert set(listed) == {"mia", "ben"}
    assert "mia" in users(tmp_path, "list")
    assert users(tmp_path, "disable", "ben")["disabled"] is True
    assert users(tmp_path, "enable", "ben")["disabled"] is False
    assert users(tmp_path, "set-role", "ben", "security_officer")["role"] == "security_officer"
    assert users(tmp_path, "reset-mfa", "ben")["mfa_enrolled"] is False
    assert audited(tmp_path) >= 7  # one config-changed per change, plus the MFA reset


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create", "eve", "--role", "root"], None, "unknown role"),
        (["create", "eve", "--password-stdin"], "password1234\n", "common password"),
        (["disable", "nobody"], None, "no user named"),
    ],
)
def test_errors_exit_2_with_a_reason(
    tmp_path: Path, args: list[str], stdin: str | None, message: str
) -> None:
    result = runner.invoke(app, ["users", *args, "--data-dir", str(tmp_path)], input=stdin)
    assert result.exit_code == 2
    assert message in result.output


def test_first_admin_from_init_must_enrol_mfa(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    password = json.loads(result.stdout)["admin"]["one_time_password"]
    settings = load_settings(tmp_path)
    engine = make_engine(database_url(tmp_path))
    sign_in = sign_in_for(settings.identity, engine, secret_box_for(settings), ListSink())
    outcome = sign_in.login("admin", password)
    assert outcome.status == "mfa_enrolment_required"
    engine.dispose()


def test_reset_password_and_unlock(tmp_path: Path) -> None:
    users(tmp_path, "create", "ben", "--password-stdin", stdin=PASSWORD + "\n")
    settings = load_settings(tmp_path)
    engine = make_engine(database_url(tmp_path))
    with warnings.catch_warnings():  # the key file's production warning, expected here
        warnings.simplefilter("ignore", LocalKeyFileWarning)
        box = secret_box_for(settings)
    sign_in = sign_in_for(settings.identity, engine, box, ListSink())
    for _ in range(settings.identity.lockout_threshold):
        with pytest.raises(AuthError):
            sign_in.login("ben", "not the password at all")
    with pytest.raises(AuthError):  # locked: the right password is refused too
        sign_in.login("ben", PASSWORD)
    unlocked = users(tmp_path, "unlock", "ben")
    assert unlocked["was_locked_until"] is not None
    assert sign_in.login("ben", PASSWORD).status == "ok"
    reset = users(tmp_path, "reset-password", "ben")
    assert reset["must_change_password"] is True
    with pytest.raises(AuthError):
        sign_in.login("ben", PASSWORD)  # the old password is gone
    assert sign_in.login("ben", reset["one_time_password"]).must_change_password
    engine.dispose()


@pytest.mark.filterwarnings("ignore::annexa.keys.file.LocalKeyFileWarning")
def test_link_sso_links_a_user_to_an_idp_subject(tmp_path: Path) -> None:
    users(tmp_path, "create", "bob")
    off = runner.invoke(app, ["users", "link-sso", "--data-dir", str(tmp_path), "bob", "u-1"])
    assert off.exit_code == 2
    assert "not enabled" in off.output
    sso = {
        "enabled": True,
        "issuer": "https://idp.example.org",
        "client_id": "annexa",
        "client_secret": "env:ANNEXA_TEST_UNSET_SECRET",  # never read: linking calls no IdP
        "redirect_url": "https://annexa.example.org/console/auth/oidc/callback",
    }
    (tmp_path / "annexa.yaml").write_text(
        "identity: " + json.dumps({"oidc": sso}) + "\n", encoding="utf-8"
    )
    before = audited(tmp_path)
    linked = users(tmp_path, "link-sso", "bob", " u-7007 ")
    assert linked == {"user": "bob", "issuer": "https://idp.example.org", "subject": "u-7007"}
    engine = make_engine(database_url(tmp_path))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT issuer, subject FROM oidc_identities")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("https://idp.example.org", "u-7007")]
    assert audited(tmp_path) == before + 1
    unknown = runner.invoke(
        app, ["users", "link-sso", "--data-dir", str(tmp_path), "nobody", "u-2"]
    )
    assert unknown.exit_code == 2
    assert "no user named" in unknown.output
