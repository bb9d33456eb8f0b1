"""A run killed with SIGKILL (no chance to clean up), workers included, leaves a store that the
next run completes: table by table the same as a clean run, and the killed run is marked
interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from flashpoint.store.duckdb_store import CHILD_TABLES

STAGES = Path(__file__).parent / "fixtures" / "ingest" / "stages"


def config(folder: Path, stages: list, **options) -> Path:
    path = folder / f"config_{len(stages)}.yaml"
    path.write_text(f"stages: {json.dumps(stages)}\nbatch_size: 2\nstage_options: {json.dumps(options)}\n")
    return path


def analyze(corpus: Path, db: Path, cfg: Path, cwd: Path, wait: bool = True):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(STAGES), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-c", "from flashpoint.cli import main; main()", "analyze", str(corpus),
           "--db", str(db), "--config", str(cfg), "--workers", "2", "--quiet"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    if wait:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    return proc


def tables(db: Path) -> dict[str, list]:
    """Every document table's rows, without the run and time they were written, in a fixed order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("documents", *CHILD_TABLES):
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in ("run_id", "stored_at")]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def test_sigkill_during_a_worker_run_then_a_rerun_equals_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(16):
        (corpus / f"note_{i:02d}.txt").write_text(
            f"Statement {i}. Envoys met in Geneva on day {i}.\n\nThey agreed to meet again.\n"
        )
    trace = tmp_path / "trace.txt"
    slow = config(tmp_path, ["nlp", "tracing_stage:TracingStage"],
                  **{"tracing_stage:TracingStage": {"trace": str(trace), "pause": 0.3}})  # fmt: skip
    db = tmp_path / "killed.duckdb"
    proc = analyze(corpus, db, slow, tmp_path, wait=False)
    deadline = time.monotonic() + 240
    while not (trace.exists() and len(trace.read_text().split()) >= 8):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the main process and both workers, mid-run
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    plain = config(tmp_path, ["nlp"])
    analyze(corpus, db, plain, tmp_path)
    clean = tmp_path / "clean.duckdb"
    analyze(corpus, clean, plain, tmp_path)
    assert tables(db) == tables(clean)
    assert len(tables(db)["documents"]) == 16
    con = duckdb.connect(str(db), read_only=True)
    statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    assert statuses == ["interrupted", "finished"]
