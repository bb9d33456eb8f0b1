"""``flashpoint analyze`` driven through the CLI on real files: formats, idempotency, bad input,
exit codes and interrupted runs. Most tests use a config with the spaCy stage only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "files"
STAGES = Path(__file__).parent / "fixtures" / "ingest" / "stages"
RECORD_KEYS = {"doc_id", "title", "author", "outlet", "published", "url", "actors", "events",
               "stances", "recommendations", "references", "frames", "places"}  # fmt: skip


def write_config(folder: Path, stages: list[str], batch_size: int = 32, **stage_options) -> Path:
    path = folder / "config.yaml"
    lines = [f"stages: [{', '.join(json.dumps(s) for s in stages)}]", f"batch_size: {batch_size}"]
    lines.append(f"stage_options: {json.dumps(stage_options)}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def cli(tmp_path):
    """Run ``flashpoint`` with a fast nlp-only config and a database in tmp_path."""
    runner = CliRunner()
    config = write_config(tmp_path, ["nlp"])
    db = tmp_path / "test.duckdb"

    def invoke(*args: str, input: str | None = None, config_path: Path | None = config):
        argv = list(args)
        if argv and argv[0] == "analyze":
            argv += ["--db", str(db)] + (["--config", str(config_path)] if config_path else [])
        return runner.invoke(app, argv, input=input)

    invoke.db = db
    return invoke


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def make_corpus(folder: Path, n: int, body: str = "committee") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"note_{i:02d}.txt").write_text(
            f"Statement number {i}. The {body} met on day {i} and issued a short note.\n"
        )
    return folder


def problem_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# -- the normal path ---------------------------------------------------------------------


def test_analyze_folder_stores_and_exports_records(cli, tmp_path):
    out = tmp_path / "out" / "records.jsonl"
    result = cli("analyze", str(FIXTURES), "--export", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # titled txt, html, 2 jsonl, 2 rss, 1 atom, 2 sidecar texts
    assert rows(cli.db, "SELECT count(*) FROM documents") == [(9,)]
    assert rows(cli.db, "SELECT count(*) FROM sentences")[0][0] >= 9
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 9 and all(set(r) == RECORD_KEYS for r in records)
    assert {"side-1", "side-2", "art-1", "art-2"} <= {r["doc_id"] for r in records}
    assert "documents" in result.stdout and "9 new" in result.stdout
    assert rows(cli.db, "SELECT status, n_documents FROM runs") == [("finished", 9)]


def test_rerun_is_idempotent_and_force_reanalyses(cli, tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 5)
    first = cli("analyze", str(corpus), "--export", str(tmp_path / "a.jsonl"))
    before = rows(cli.db, "SELECT doc_id, hash, stored_at FROM documents ORDER BY doc_id")
    second = cli("analyze", str(corpus), "--export", str(tmp_path / "b.jsonl"))
    assert first.exit_code == second.exit_code == 0
    assert "0 new, 5 already stored" in second.stdout
    assert rows(cli.db, "SELECT doc_id, hash, stored_at FROM documents ORDER BY doc_id") == before
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()
    forced = cli("analyze", str(corpus), "--force")
    assert forced.exit_code == 0 and "5 new" in forced.stdout
    after = rows(cli.db, "SELECT doc_id, hash, stored_at FROM documents ORDER BY doc_id")
    assert [r[:2] for r in after] == [r[:2] for r in before]
    assert all(a[2] > b[2] for a, b in zip(after, before, strict=True))


def test_same_text_in_two_files_is_stored_once(cli, tmp_path):
    folder = tmp_path / "dups"
    folder.mkdir()
    (folder / "a.txt").write_text("The council adopted the resolution without a vote.")
    (folder / "b.txt").write_text("The council adopted the resolution without a vote.\n\n")
    result = cli("analyze", str(folder))
    assert result.exit_code == 0 and "1 repeated" in result.stdout
    assert rows(cli.db, "SELECT count(*) FROM documents") == [(1,)]


def test_stdin_and_quiet(cli, tmp_path):
    out = tmp_path / "stdin.jsonl"
    result = cli("analyze", "-", "--quiet", "--export", str(out),
                 input="Talks resumed in Geneva on Monday.\nBoth delegations attended.\n")  # fmt: skip
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows(cli.db, "SELECT source_path, text FROM documents") == [
        ("-", "Talks resumed in Geneva on Monday.\nBoth delegations attended.")]


def test_stdin_jsonl_is_sniffed(cli):
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": f"Report {i} was filed."}) for i in range(3))
    result = cli("analyze", "-", input=lines)
    assert result.exit_code == 0
    assert rows(cli.db, "SELECT doc_id FROM documents ORDER BY doc_id") == [("s0",), ("s1",), ("s2",)]


def test_large_stdin_is_refused_at_max_bytes_in_one_line(cli):
    lines = b"India and Pakistan held talks.\n" * 100_000  # about 3 MB
    result = cli("analyze", "-", "--max-bytes", "100000", input=lines)
    assert result.exit_code == 1  # as for an oversized file that is the only input
    assert problem_lines(result) == ["-: stdin is over the 100,000-byte limit (--max-bytes)",
                                     "error: nothing could be read in -"]  # fmt: skip
    assert rows(cli.db, "SELECT path, line, reason FROM ingest_errors") == [
        ("-", None, "stdin is over the 100,000-byte limit (--max-bytes)")]


def test_stdin_jsonl_caps_lines_and_keeps_reading(cli):
    lines = [json.dumps({"id": "s1", "text": "Talks began."}), "[" * 100_000,
             json.dumps({"id": "s3", "text": "Talks ended."})]  # fmt: skip
    result = cli("analyze", "-", "--max-bytes", "1000", "--format", "jsonl", input="\n".join(lines))
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == ["-:2: line is over the 1,000-byte limit (--max-bytes)"]
    assert rows(cli.db, "SELECT doc_id FROM documents ORDER BY doc_id") == [("s1",), ("s3",)]
    assert rows(cli.db, "SELECT path, line FROM ingest_errors") == [("-", 2)]


def test_deep_jsonl_line_is_logged_with_its_line(cli, tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": "Talks began."}) + "\n" + "[" * 100_000
                    + "\n" + json.dumps({"id": "d3", "text": "Talks ended."}) + "\n")  # fmt: skip
    result = cli("analyze", str(path))
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [f"{path}:2: invalid JSON (nested deeper than 100 levels)"]
    assert rows(cli.db, "SELECT doc_id FROM documents ORDER BY doc_id") == [("d1",), ("d3",)]
    assert rows(cli.db, "SELECT line, reason FROM ingest_errors") == [
        (2, "invalid JSON (nested deeper than 100 levels)")]


def test_path_with_a_newline_is_one_error_line(cli, tmp_path):
    result = cli("analyze", str(tmp_path / "no\nsuch"))
    assert result.exit_code == 2
    assert problem_lines(result) == [f"error: {tmp_path}/no\\nsuch: no such file or directory"]


def test_export_to_stdout_keeps_summary_off_stdout(cli):
    result = cli("analyze", str(FIXTURES / "articles.jsonl"), "--export", "-")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["doc_id"] for r in records) == ["art-1", "art-2"]
    assert "documents" in result.stderr


def test_name_pattern_and_outlet_country_options(cli, tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "IND_60_2005.txt").write_text("We remain committed to dialogue with our neighbour.")
    (folder / "untagged.txt").write_text("Our delegation supports the reform of the Council.")
    result = cli("analyze", str(folder), "--outlet-country", "pak",
                 "--name-pattern", r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(rows(cli.db, "SELECT outlet_country, published FROM documents")) == [
        ("IND", "2005"), ("PAK", None)]


def test_outlet_table_comes_before_the_default_perspective(cli, tmp_path):
    path = tmp_path / "pieces.jsonl"
    path.write_text(
        '{"id": "a", "outlet": "Dawn", "text": "Our envoy met the mediator on Monday."}\n'
        '{"id": "b", "outlet": "A newsletter", "text": "Our envoy stayed home on Monday."}\n'
    )
    result = cli("analyze", str(path), "--outlet-country", "IND")
    assert result.exit_code == 0, result.output
    assert sorted(rows(cli.db, "SELECT doc_id, outlet_country FROM documents")) == [
        ("a", "PAK"), ("b", "IND")]


def test_column_options(cli, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("ref,headline,story,day\n9,Pass closed,Snow closed the mountain pass.,2021-01-04\n")
    result = cli("analyze", str(path), "--text-column", "story", "--title-column", "headline",
                 "--id-column", "ref", "--date-column", "day")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert rows(cli.db, "SELECT doc_id, title, published, text FROM documents") == [
        ("9", "Pass closed", "2021-01-04", "Snow closed the mountain pass.")]


# -- bad input ----------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_good_ones_stored(cli, tmp_path):
    stored_before = make_corpus(tmp_path / "earlier", 3)
    assert cli("analyze", str(stored_before)).exit_code == 0
    before = rows(cli.db, "SELECT * EXCLUDE (run_id) FROM documents ORDER BY doc_id")

    bad = tmp_path / "bad"
    make_corpus(bad, 2, body="commission")
    (bad / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "empty.txt").write_bytes(b"")
    with (bad / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (bad / "broken.html").write_text("<html><body><div><p>The assembly passed the budget late on "
                                     "Thursday after a long debate, <b>members said.<p>Unclosed")  # fmt: skip
    (bad / "lines.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": "The governor opened the new bridge."}) + "\n"
        + '{"id": "broken", "text": "no closing\n'
        + json.dumps({"id": "ok-2", "text": "Schools reopened after the floods."}) + "\n"
    )  # fmt: skip
    (bad / "table.csv").write_text("year,count\n2019,4\n")
    (bad / "copy.txt").write_text((stored_before / "note_00.txt").read_text())  # already stored

    result = cli("analyze", str(bad))
    assert result.exit_code == 0, result.output
    lines = problem_lines(result)
    assert len(lines) == 5, lines
    expect = {
        "blob.txt": "binary", "empty.txt": "empty file", "huge.txt": "over the 20 MB limit",
        "lines.jsonl:2": "invalid JSON", "table.csv": "no text column",
    }  # fmt: skip
    for where, reason in expect.items():
        assert any(line.startswith(f"{bad / where}: ") and reason in line for line in lines), where
    # broken HTML, the 2 notes and the 2 valid JSONL lines are stored; earlier documents unchanged
    assert rows(cli.db, "SELECT count(*) FROM documents") == [(3 + 5,)]
    assert rows(cli.db, "SELECT * EXCLUDE (run_id) FROM documents WHERE doc_id IN "
                "(SELECT doc_id FROM documents ORDER BY stored_at LIMIT 3) ORDER BY doc_id") == before  # fmt: skip
    logged = rows(cli.db, "SELECT path, line, reason FROM ingest_errors ORDER BY path")
    assert len(logged) == 5 and (str(bad / "lines.jsonl"), 2) in {r[:2] for r in logged}
    assert "5 new, 1 already stored" in result.stdout


def test_nothing_readable_exits_1(cli, tmp_path):
    (tmp_path / "only.txt").write_bytes(b"")
    result = cli("analyze", str(tmp_path / "only.txt"))
    assert result.exit_code == 1
    assert problem_lines(result) == [f"{tmp_path / 'only.txt'}: empty file",
                                     f"error: nothing could be read in {tmp_path / 'only.txt'}"]  # fmt: skip


def test_missing_path_is_a_usage_error(cli, tmp_path):
    result = cli("analyze", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert problem_lines(result) == [f"error: {tmp_path / 'nope'}: no such file or directory"]
    assert not cli.db.exists()


def test_unreadable_database_is_one_line(cli, tmp_path):
    bad_db = tmp_path / "not_a.duckdb"
    bad_db.write_text("this is not a database")
    result = CliRunner().invoke(app, ["analyze", str(FIXTURES / "titled_op_ed.txt"), "--db", str(bad_db)])
    assert result.exit_code == 1
    (line,) = problem_lines(result)
    assert line.startswith(f"error: {bad_db}: cannot open the database")


def test_missing_model_is_one_line(cli):
    result = cli("analyze", str(FIXTURES / "titled_op_ed.txt"), "--model", "no_such_model_xx")
    assert result.exit_code == 1
    (line,) = problem_lines(result)
    assert line.startswith("error: spaCy model 'no_such_model_xx' is not installed")


def test_bad_config_and_options_are_usage_errors(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("stages: [nlp\n")
    result = cli("analyze", str(FIXTURES), config_path=broken)
    assert result.exit_code == 2 and problem_lines(result)[0].startswith(f"error: {broken}: invalid config")
    result = cli("analyze", str(FIXTURES), "--name-pattern", "[A-Z]+")
    assert result.exit_code == 2 and "named groups" in result.stderr
    result = cli("analyze", str(FIXTURES), "--format", "pdf")
    assert result.exit_code == 2 and "unknown --format 'pdf'" in result.stderr


def test_stage_contracts_and_unknown_stage_options_are_usage_errors(cli, tmp_path):
    typo = write_config(tmp_path, ["nlp", "actors", "events"], events={"min_confidnce": 0.5})
    result = cli("analyze", str(FIXTURES), config_path=typo)
    assert result.exit_code == 2
    assert "stage_options.events: unknown option 'min_confidnce'" in result.stderr and "min_confidence" in result.stderr
    stray = write_config(tmp_path, ["nlp"], events={"min_confidence": 0.5})
    result = cli("analyze", str(FIXTURES), config_path=stray)
    assert result.exit_code == 2 and "stage_options.events: no such stage" in result.stderr
    order = write_config(tmp_path, ["nlp", "actors", "discourse"])
    result = cli("analyze", str(FIXTURES), config_path=order)
    assert result.exit_code == 2 and "stage 'discourse' needs doc.events" in result.stderr
    unknown = write_config(tmp_path, ["nlp", "parse_everything"])
    result = cli("analyze", str(FIXTURES), config_path=unknown)
    assert result.exit_code == 2 and "unknown stage 'parse_everything'" in result.stderr
    assert all(len(line) < 300 for line in problem_lines(result))


def test_duplicate_ids_with_different_texts(cli, tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps({"id": "same", "text": "First version."}) + "\n"
                    + json.dumps({"id": "same", "text": "Second version."}) + "\n")  # fmt: skip
    result = cli("analyze", str(path))
    assert result.exit_code == 0
    assert problem_lines(result) == [f"{path}:2: duplicate id 'same' with a different text"]
    assert rows(cli.db, "SELECT text FROM documents") == [("First version.",)]


def test_a_failing_stage_only_loses_its_document(cli, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(STAGES))
    corpus = make_corpus(tmp_path / "corpus", 4)
    (corpus / "note_02.txt").write_text("POISON in this document.")
    config = write_config(tmp_path, ["nlp", "failing_stage:FailingStage"])
    result = cli("analyze", str(corpus), config_path=config)
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        f"{corpus / 'note_02.txt'}: analysis failed (ValueError: cannot handle this document)"]
    assert rows(cli.db, "SELECT count(*) FROM documents") == [(3,)]


# -- interrupted runs ----------------------------------------------------------------------------


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(STAGES), os.environ.get("PYTHONPATH", "")])}
    code = "from flashpoint.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)  # fmt: skip


def test_ctrl_c_leaves_a_consistent_store_and_the_next_run_finishes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 7)
    db = tmp_path / "run.duckdb"
    stage = "interrupting_stage:InterruptingStage"
    interrupting = write_config(tmp_path, ["nlp", stage], batch_size=2, **{stage: {"after": 5}})
    first = run_cli(["analyze", str(corpus), "--db", str(db), "--config", str(interrupting)], tmp_path)
    assert first.returncode == 130, first.stderr
    assert "interrupted: 4 documents stored" in first.stderr and "Traceback" not in first.stderr
    assert rows(db, "SELECT status, n_documents FROM runs") == [("interrupted", 4)]
    assert rows(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(4, 4)]
    assert rows(db, "SELECT count(DISTINCT doc_id) FROM sentences") == [(4,)]

    plain = write_config(tmp_path, ["nlp"], batch_size=2)
    second = run_cli(["analyze", str(corpus), "--db", str(db), "--config", str(plain)], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "3 new, 4 already stored" in second.stdout
    assert rows(db, "SELECT count(*), count(DISTINCT hash) FROM documents") == [(7, 7)]
    assert rows(db, "SELECT count(*) FROM (SELECT doc_id, idx FROM sentences GROUP BY ALL HAVING count(*) > 1)") == [(0,)]


def test_the_summary_counts_documents_that_say_we_for_an_unknown_side(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "PAK_69_2014.txt").write_text(
        "We reject the claim. Our forces will defend our border, and we will not yield.")
    (folder / "IND_69_2014.txt").write_text(
        "Our delegation regrets that we were not consulted, and we remain ready for talks.")
    (folder / "report.txt").write_text(
        'The minister said: "We will defend our border and we will not yield." Talks resume on Monday.')
    config = write_config(tmp_path, ["nlp", "actors"])

    def summary(*extra: str) -> str:
        db = tmp_path / f"run{len(list(tmp_path.glob('run*.duckdb')))}.duckdb"
        result = CliRunner().invoke(app, ["analyze", str(folder), "--db", str(db), "--config", str(config), *extra])
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    # two speak for a side nobody named; the report only quotes someone who does
    assert "no writer's side │ 2 │" in summary()
    assert "no writer's side" not in summary("--outlet-country", "IND")
    named = summary("--name-pattern", r"(?P<outlet_country>PAK)_\d+")
    assert "no writer's side │ 1 │" in named
