"""`annexa scan` as a user runs it: files, directories, stdin, JSON lines, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annexa.cli import app

CONFIG = """
scan:
  terms:
    - entity: PROJECT
      terms: ["Project Nightjar"]
  patterns:
    - name: ticket_id
      regex: "\\\\bSEC-\\\\d{4}\\\\b"
      entity: INTERNAL_TICKET
      score: 0.9
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    (d / "annexa.yaml").write_text(CONFIG, encoding="utf-8")
    return d


def run(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scan", "--data-dir", str(data_dir), *args], input=stdin)
    return result.exit_code, result.stdout


def test_jsonl_interface_writes_one_line_per_record(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    text = "see SEC-1234 about Project Nightjar"
    records: list[dict[str, object]] = [{"id": "a", "text": text}, {"id": 7, "text": "nothing"}]
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, out = run(data_dir, "--jsonl", str(src))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["id"] for r in rows] == ["a", 7]
    spans = {(f["entity"], text[f["start"] : f["end"]]) for f in rows[0]["findings"]}
    assert spans == {("INTERNAL_TICKET", "SEC-1234"), ("PROJECT", "Project Nightjar")}
    assert set(rows[0]["findings"][0]) >= {"entity", "start", "end", "score", "detector"}
    assert rows[1]["findings"] == []


def test_bad_jsonl_line_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n{"id": 2}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", "--data-dir", str(data_dir), "--jsonl", str(src)])
    assert result.exit_code == 2
    assert "in.jsonl:2" in result.stderr


def test_bad_jsonl_lines_are_named_and_the_rest_is_scanned(data_dir: Path, tmp_path: Path) -> None:
    """One bad line in a large file wastes nothing: each is named with its reason, every good
    record is written, and the exit code (2) says the output is not the whole file."""
    src = tmp_path / "in.jsonl"
    lines = [
        b'{"id": "a", "text": "SEC-1234"}',
        b"not json",
        b'{"id": "b", "text": 5}',
        b'{"id": "c", "text": "caf\xc3 SEC-5678"}',  # not UTF-8
        b"[1, 2]",
        b'{"id": "d", "text": "x\\ud800 SEC-9012"}',  # a lone surrogate: scanned around it
        b"",
        b'{"id": "e", "text": "' + b"y" * 300 + b'"}',  # over the scan limit set below
        b'{"id": "f", "text": "nothing here"}',
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    (data_dir / "annexa.yaml").write_text(CONFIG + "  max_chars: 200\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", "--data-dir", str(data_dir), "--jsonl", str(src)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert [r["id"] for r in rows] == ["a", "d", "f"]
    assert [f["entity"] for f in rows[1]["findings"]] == ["INTERNAL_TICKET"]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert [s.split(":")[1] for s in skipped] == ["2", "3", "4", "5", "8"]
    assert "not JSON" in skipped[0]
    assert "not UTF-8" in skipped[2]
    assert "exceeds the scan limit" in skipped[4]
    assert "5 of 8 records skipped" in result.stderr


def test_clean_input_exits_zero(data_dir: Path) -> None:
    assert run(data_dir, "-", stdin="the weather is fine")[0] == 0


def test_nothing_on_stderr_when_it_is_no_terminal(data_dir: Path) -> None:
    """The progress bar is for a terminal: in a pipe or a CI log it leaves no blank line."""
    result = CliRunner().invoke(
        app, ["scan", "--data-dir", str(data_dir), "-"], input="ticket SEC-1234\n"
    )
    assert result.exit_code == 1
    assert result.stderr == ""


def test_directory_scan_reports_each_file_and_skips_binaries(
    data_dir: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("ticket SEC-0001\n", encoding="utf-8")
    (tree / "sub" / "b.md").write_text("line one\nProject Nightjar\n", encoding="utf-8")
    (tree / "blob.bin").write_bytes(b"\0\1SEC-0002")
    code, out = run(data_dir, "--json", str(tree))
    doc = json.loads(out)
    assert code == 1
    assert [Path(d["source"]).name for d in doc] == ["a.txt", "b.md"]
    assert [f["entity"] for d in doc for f in d["findings"]] == ["INTERNAL_TICKET", "PROJECT"]


def test_table_masks_values(data_dir: Path) -> None:
    code, out = run(data_dir, "-", stdin="ref SEC-9876 for Project Nightjar")
    assert code == 1
    assert "PROJECT" in out
    assert "SEC-9876" not in out
    assert "Nightjar" not in out


def test_min_score_filters(data_dir: Path) -> None:
    assert run(data_dir, "--min-score", "0.95", "-", stdin="SEC-1234")[0] == 0


def test_missing_file_is_exit_two(data_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["scan", "--data-dir", str(data_dir), str(tmp_path / "nope.txt")]
    )
    assert result.exit_code == 2
    assert "no such file" in " ".join(result.stderr.split())  # Rich may wrap a long path


def test_table_keeps_entities_and_values_whole_in_80_columns(data_dir: Path) -> None:
    """Rich lays the table out for 80 columns when stdout is no terminal: the entity name and
    the masked value must not be folded over two lines."""
    code, out = run(data_dir, "-", stdin="Date of birth: 1984-11-02, ticket SEC-4242")
    assert code == 1
    assert "2 findings in <stdin>" in out
    assert "DATE_OF_BIRTH" in out
    assert "INTERNAL_TICKET" in out
    assert "SE••••42" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_table_per_source_and_the_total(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # short names: a long path would wrap in the title
    (tmp_path / "a[1].txt").write_text("ticket SEC-0001\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("nothing here\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Project Nightjar and SEC-0002\n", encoding="utf-8")
    code, out = run(data_dir, "a[1].txt", "b.txt", "c.txt")
    assert code == 1
    assert "1 finding in a[1].txt" in out  # the name as it is, not read as Rich markup
    assert "b.txt" not in out
    assert "2 findings in c.txt" in out
    assert out.rstrip().endswith("3 findings in 2 of 3 sources")
