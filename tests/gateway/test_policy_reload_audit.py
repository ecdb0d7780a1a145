"""The gateway audits policy hot reloads: a new policy in force and a refused file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from annexa.app import Overrides, create_app
from annexa.db import database_url, make_engine, upgrade
from annexa.settings import load_settings
from tests.gateway.conftest import AZURE_KEY, POLICY, ListSink, write_data_dir


def test_the_apps_policy_reloads_are_audited(tmp_path: Path) -> None:
    os.environ.setdefault("ANNEXA_TEST_AZURE_KEY", AZURE_KEY)  # the test providers file's
    write_data_dir(tmp_path, "http://127.0.0.1:9")
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    sink = ListSink()
    app = create_app(load_settings(tmp_path), Overrides(audit=sink, engine=engine))
    store = app.state.policy_store
    changed = POLICY.replace("default: block", "default: allow")
    (tmp_path / "policy.yaml").write_text(changed, encoding="utf-8")
    assert store.reload(force=True) is True
    (tmp_path / "policy.yaml").write_text("rules: [", encoding="utf-8")
    assert store.reload(force=True) is False
    [done, refused] = sink.named("config-changed")
    assert (done.outcome, done.details["action"], done.details["after_hash"]) == (
        "success",
        "reload",
        hashlib.sha256(changed.encode()).hexdigest(),
    )
    assert done.details["before_hash"] == hashlib.sha256(POLICY.encode()).hexdigest()
    assert (refused.outcome, refused.details["action"]) == ("failure", "reload-refused")
    assert refused.details["after_hash"] == hashlib.sha256(b"rules: [").hexdigest()
    engine.dispose()
