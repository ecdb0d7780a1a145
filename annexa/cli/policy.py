"""``annexa policy``: validate, test and compare policies before they go live (A.8.32).

Exit codes: 0 fine; 1 ``test`` saw a decision differ from a prompt's ``expect``, or ``diff
--exit-code`` found changes; 2 a policy or input that does not load.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError

from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine
from annexa.detect.scanner import Scanner
from annexa.errors import AnnexaError, InputError
from annexa.isms.gate import RegisterGate, SupplierNotApproved
from annexa.isms.tables import SUPPLIERS
from annexa.policy.combinators import RulePolicy
from annexa.policy.diff import diff_policies
from annexa.policy.interface import Decision, PolicyError, Principal, Target
from annexa.policy.loader import load_policy, parse_policy
from annexa.policy.store import versions_dir
from annexa.providers import anthropic, openai
from annexa.providers.interface import Exchange, ProviderConfig
from annexa.transform.pseudonymize import Transformer
from annexa.transform.vault import AesGcmCipher, MemoryVaultStore, Vault

app = typer.Typer(help="Validate, test and compare policies.", no_args_is_help=True)
out = Console()

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PolicyFile = Annotated[
    Path | None,
    typer.Option(
        "--policy", help="Policy file (default: the gateway's, policy.yaml).", dir_okay=False
    ),
]


def _in_data_dir(data_dir: Path, path: Path) -> Path:
    return path if path.is_absolute() else data_dir / path


def _default_policy(data_dir: Path) -> Path:
    """The policy the gateway reads: ``gateway.policy_file`` (default ``policy.yaml``)."""
    return _in_data_dir(data_dir, settings_for(data_dir).gateway.policy_file)


def _provider_entry(data_dir: Path, provider: str) -> dict[str, Any] | None:
    """The provider's entry in the gateway's providers file, if it has one."""
    path = _in_data_dir(data_dir, settings_for(data_dir).gateway.providers_file)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, yaml.YAMLError) as exc:
        fail(InputError(f"{path}: cannot read the providers file: {exc}"))
    entries = data.get("providers", []) if isinstance(data, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("name") == provider:
            return entry
    return None


def _configured_ceiling(data_dir: Path, provider: str) -> str | None:
    """The supplier's ceiling as the gateway applies it: the providers file's ``max_level``,
    replaced by the AI supplier register's when the register holds the supplier. A supplier
    the register does not approve (or does not hold, under
    ``isms.require_registered_suppliers``) is an error: the gateway refuses every request."""
    entry = _provider_entry(data_dir, provider)
    if entry is None:
        return None
    level = entry.get("max_level")
    config = ProviderConfig(
        name=provider,
        kind=str(entry.get("kind", "")),
        max_level=None if level is None else str(level),
        supplier=str(entry.get("supplier") or provider),
    )
    settings = settings_for(data_dir)
    required = settings.isms.require_registered_suppliers
    url = database_url(settings.data_dir, settings.database_url)
    try:
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
            return _unregistered(config, required)  # no database yet: an empty register
        engine = make_engine(url)
        try:
            if not sa_inspect(engine).has_table(SUPPLIERS.name):
                return _unregistered(config, required)
            return RegisterGate(engine, require_registered=required).vet(config)
        finally:
            engine.dispose()
    except AnnexaError as exc:
        fail(exc)
    except SQLAlchemyError as exc:
        fail(InputError(f"the supplier register could not be read: {type(exc).__name__}"))


def _unregistered(config: ProviderConfig, required: bool) -> str | None:
    if required:
        raise SupplierNotApproved(
            f"provider {config.name!r}: supplier {config.supplier!r} is not in the AI supplier "
            "register, and only registered suppliers may be used"
        )
    return config.max_level


def _load(ref: str | Path | None, data_dir: Path) -> RulePolicy:
    """A policy from a file, a kept version's hash (or unique prefix), or the gateway's."""
    path = _default_policy(data_dir) if ref is None else Path(ref)
    try:
        if path.is_file() or ref is None:
            return load_policy(path)
        kept = sorted(versions_dir(data_dir).glob(f"{ref}*.yaml")) if len(str(ref)) >= 6 else []
        if len(kept) != 1:
            raise PolicyError(f"{ref}: neither a policy file nor one kept version's hash")
        return parse_policy(kept[0].read_bytes(), str(kept[0]))
    except AnnexaError as exc:
        fail(exc)


@app.command("validate")
def validate(
    data_dir: DataDir,
    file: Annotated[
        Path | None, typer.Argument(help="Policy file (default: the data dir's).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Check a policy file; errors name the file and the line."""
    policy = _load(file, data_dir)
    info = {
        "ok": True,
        "policy_hash": policy.policy_hash,
        "rules": len(policy.rules),
        "levels": list(policy.levels),
        "default": policy.doc.default.value,
    }
    if as_json:
        out.print_json(json.dumps(info))
    else:
        out.print(
            f"[green]valid[/]: {len(policy.rules)} rules, levels "
            f"{' < '.join(policy.levels)}, default {policy.doc.default.value}, "
            f"sha256 {policy.policy_hash}",
            highlight=False,
        )


def _texts(line: str, number: int) -> tuple[str, list[str], list[str], str | None]:
    """(id, texts, attachments' kinds, expected action) from one JSON line. ``messages`` are
    read as the gateway reads them (the OpenAI chat shape, else Anthropic's): content parts,
    tool calls and results, images, audio and files."""
    try:
        item: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not JSON ({exc.msg})") from exc
    if isinstance(item, str):
        return str(number), [item], [], None
    if not isinstance(item, dict):
        raise InputError(f"line {number}: expected a string or an object")
    media: list[str] = []
    if isinstance(item.get("messages"), list):
        ex = _read_messages(item["messages"], number)
        texts, media = [t.text for t in ex.texts], [a.media for a in ex.attachments]
    elif isinstance(text := item.get("prompt", item.get("text")), str):
        texts = [text]
    else:
        raise InputError(f'line {number}: needs "prompt", "text" or "messages"')
    expect = item.get("expect")
    return str(item.get("id", number)), texts, media, None if expect is None else str(expect)


def _read_messages(messages: list[Any], number: int) -> Exchange:
    """``messages`` parsed by the gateway's own readers: OpenAI's chat shape, or Anthropic's
    when only that reads them."""
    body = {"model": "policy-test", "messages": messages}
    try:
        return openai.parse_chat(body)
    except InputError as exc:
        try:
            return anthropic.parse_messages(body)
        except InputError:
            raise InputError(f"line {number}: {exc.message}") from exc


@app.command("test")
def try_prompts(
    data_dir: DataDir,
    prompts: Annotated[
        Path,
        typer.Argument(
            help='JSON lines: "text", {"prompt"|"messages", "id", "expect"}.', dir_okay=False
        ),
    ],
    role: Annotated[str, typer.Option("--as", help="The sender's role.")],
    provider: Annotated[str, typer.Option("--provider", help="The supplier's name.")],
    model: Annotated[str, typer.Option("--model", help="The model asked for.")] = "default",
    groups: Annotated[
        list[str] | None, typer.Option("--group", help="A group of the sender (repeatable).")
    ] = None,
    max_level: Annotated[
        str | None,
        typer.Option(
            "--max-level",
            help="The supplier's ceiling (default: as the gateway applies it, the supplier "
            "register's max_level, else the providers file's).",
        ),
    ] = None,
    policy_file: PolicyFile = None,
    show_text: Annotated[
        bool, typer.Option("--show-text", help="Also show what would be sent.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Scan each prompt with the real engine and show the decision and the rule that made it."""
    policy = _load(policy_file, data_dir)
    scanner = Scanner(settings_for(data_dir).scan)
    who = Principal("policy-test", "policy test", "user", role, tuple(groups or ()))
    where = Target(provider, model, max_level or _configured_ceiling(data_dir, provider))
    transformer = Transformer(
        Vault(MemoryVaultStore(), AesGcmCipher(os.urandom(32)), os.urandom(32))
    )
    rows: list[dict[str, Any]] = []
    try:
        lines = prompts.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if line.strip():
                rows.append(
                    _test_one(line, number, scanner, policy, who, where, transformer, show_text)
                )
    except (AnnexaError, OSError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else InputError(f"{prompts}: {exc}"))
    _print_tests(rows, as_json, show_text)
    raise typer.Exit(1 if any(r.get("expected") is False for r in rows) else 0)


def _test_one(
    line: str,
    number: int,
    scanner: Scanner,
    policy: RulePolicy,
    who: Principal,
    where: Target,
    transformer: Transformer,
    show_text: bool,
) -> dict[str, Any]:
    pid, texts, media, expect = _texts(line, number)
    findings = [scanner.scan(t) for t in texts]
    overall, per_text = policy.decide_request(findings, who, where, texts=texts)
    if media:  # images, audio, files: as the gateway decides them
        decided = policy.decide_attachments(media, who, where)
        overall = overall.with_attachments(decided, Counter(media))
    row: dict[str, Any] = {
        "id": pid,
        "action": overall.action.value,
        "rule": overall.rule_id,
        "entities": dict(overall.entity_counts),
        "level": overall.level,
        "reason": overall.reason,
        "policy_hash": policy.policy_hash,
    }
    if media:
        row["unscanned"] = dict(overall.unscanned)
    if expect is not None:
        row["expect"], row["expected"] = expect, expect == overall.action.value
    if show_text:
        row["sent"] = _sent(texts, per_text, overall, transformer)
    return row


def _sent(
    texts: list[str], per_text: list[Decision], overall: Decision, t: Transformer
) -> list[str] | None:
    if not overall.allowed:
        return None
    return [
        t.apply(text, d.findings, "policy-test") for text, d in zip(texts, per_text, strict=True)
    ]


def _print_tests(rows: list[dict[str, Any]], as_json: bool, show_text: bool) -> None:
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "decision", "rule", "entities", "level", "expected", title="policy test")
    if show_text:
        table.add_column("would send")
    for r in rows:
        counts = ", ".join(f"{k}×{v}" for k, v in sorted(r["entities"].items())) or "-"
        if r.get("unscanned"):
            unscanned = ", ".join(f"{k}×{v}" for k, v in sorted(r["unscanned"].items()))
            counts += f" (unscanned: {unscanned})"
        ok = {None: "", True: "[green]yes[/]", False: f"[red]no ({r.get('expect')})[/]"}[
            r.get("expected")
        ]
        cells: list[str | Text] = [
            Text(r["id"]),
            r["action"],
            r["rule"],
            counts,
            r["level"] or "-",
            ok,
        ]
        if show_text:
            cells.append(Text("(blocked)" if r["sent"] is None else "\n".join(r["sent"])))
        table.add_row(*cells)
    out.print(table)


@app.command("diff")
def diff(
    data_dir: DataDir,
    a: Annotated[str, typer.Argument(help="Old policy: a file or a kept version's hash.")],
    b: Annotated[str, typer.Argument(help="New policy: a file or a kept version's hash.")],
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything differs.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Show rules added, removed and changed, level map changes, and decisions that change."""
    result = diff_policies(_load(a, data_dir), _load(b, data_dir))
    if as_json:
        out.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _print_diff(result)
    raise typer.Exit(1 if exit_code and not result.empty else 0)


def _print_diff(d: Any) -> None:
    out.print(f"a: {d.a_hash}\nb: {d.b_hash}", highlight=False)
    if d.empty:
        out.print("no differences")
        return
    for rid in d.added:
        out.print(f"[green]+ rule {rid}[/]", highlight=False)
    for rid in d.removed:
        out.print(f"[red]- rule {rid}[/]", highlight=False)
    for rid, changes in d.changed.items():
        out.print(f"[yellow]~ rule {rid}[/]: " + escape("; ".join(changes)), highlight=False)
    if d.moved:
        out.print(f"[yellow]~ order changed[/]: {', '.join(d.moved)}", highlight=False)
    for key, (old, new) in d.settings.items():
        out.print(f"[yellow]~ {escape(key)}[/]: {escape(old)} → {escape(new)}", highlight=False)
    if d.decisions:
        table = Table(
            "sample",
            "sender",
            "provider",
            "model",
            "before",
            "after",
            title=f"{len(d.decisions)} sample decisions change",
        )
        for c in d.decisions[:200]:
            table.add_row(
                *(Text(x) for x in (c.entity, c.principal, c.provider, c.model)), c.before, c.after
            )
        out.print(table)
        if len(d.decisions) > 200:
            out.print(f"... and {len(d.decisions) - 200} more (use --json for all)")


@app.command("versions")
def versions(data_dir: DataDir, as_json: AsJson = False) -> None:
    """List every policy version kept in the data directory (newest last)."""
    folder = versions_dir(data_dir)
    found = (
        sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    )
    if as_json:
        rows = [{"policy_hash": p.stem, "kept_at": p.stat().st_mtime} for p in found]
        out.print_json(json.dumps(rows))
        return
    table = Table("sha256", "kept", title=f"policy versions in {folder}")
    for p in found:
        kept = datetime.fromtimestamp(p.stat().st_mtime, UTC).isoformat(timespec="seconds")
        table.add_row(p.stem, kept)
    out.print(table)
