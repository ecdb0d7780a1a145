"""Headless Chromium for the browser tests: the Debian ``chromium`` package, driven by
Playwright (whose own browser download is not used).

:func:`ensure_chromium` makes sure the browser is there: when it is missing and we are root
with ``apt-get``, it installs the package; under ``CI=true`` a missing browser is a failure,
never a skip; elsewhere, without a way to install it, the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 - runs apt-get with fixed arguments
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

__all__ = ["CHROMIUM", "chromium_browser", "ensure_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_TIMEOUT_S = 900
ARGS = [
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        return subprocess.run(  # nosec B603 - fixed arguments, no shell
            ["apt-get", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"`apt-get {' '.join(args)}` did not finish within {INSTALL_TIMEOUT_S} s "
            "while installing chromium for the browser tests",
            pytrace=False,
        )


def ensure_chromium() -> Path:
    """The Chromium executable, installed with apt-get when missing and possible."""
    if CHROMIUM.exists():
        return CHROMIUM
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    apt = shutil.which("apt-get") is not None
    if not (root and apt):
        why = (
            f"{CHROMIUM} is missing and cannot be installed here "
            f"({'not root' if not root else 'no apt-get'}); "
            "install the Debian package `chromium` to run the browser tests"
        )
        if _in_ci():
            pytest.fail(f"CI=true: {why}", pytrace=False)
        pytest.skip(why)
    done = _apt_get("install", "-y", "--no-install-recommends", "chromium")
    if done.returncode != 0:  # a fresh machine may have no package lists yet
        _apt_get("update")
        done = _apt_get("install", "-y", "--no-install-recommends", "chromium")
    if done.returncode != 0 or not CHROMIUM.exists():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        what = (
            f"failed (exit {done.returncode})"
            if done.returncode
            else f"finished but {CHROMIUM} is still missing"
        )
        pytest.fail(
            f"`apt-get install -y chromium` {what}; the browser tests need {CHROMIUM}:\n{tail}",
            pytrace=False,
        )
    return CHROMIUM


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """A headless Chromium, closed afterwards."""
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
