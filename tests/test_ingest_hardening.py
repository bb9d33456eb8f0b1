"""Hostile input: stdin without end, deep JSON, odd folders and file names, legacy bytes,
stray CSV quotes. Each is a problem line (or a sensible reading), never a lost run."""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
from pathlib import Path

import pytest

from flashpoint.document import Document
from flashpoint.ingest import IngestOptions, Problem, iter_documents
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.jsonl import MAX_DEPTH


def read(*paths: Path | str, **options) -> tuple[list[Document], list[Problem]]:
    items = list(iter_documents([str(p) for p in paths], IngestOptions(**options)))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Problem)])  # fmt: skip


# -- CSV quotes --------------------------------------------------------------------------


def test_unterminated_csv_quote_is_reported_and_later_rows_are_read(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text('id,text\n1,"The talks began\n2,The talks paused\n3,The talks ended\n')
    docs, problems = read(path)
    assert [(d.doc_id, d.text) for d in docs] == [("2", "The talks paused"), ("3", "The talks ended")]
    assert [str(p) for p in problems] == [
        f"{path}:2: unterminated quote (the field runs to the end of the file); "
        "the row is left out and the lines after it are read as rows"]


def test_quote_closed_rows_later_is_a_warning(tmp_path):
    path = tmp_path / "swallow.csv"
    path.write_text('id,text\n1,"Talks began\n2,Talks paused\n3,"Talks" ended\n4,Talks resumed\n')
    docs, problems = read(path)
    assert [d.doc_id for d in docs] == ["1", "4"]
    assert [str(p) for p in problems] == [
        f"{path}:2: possible unterminated quote: a field of this row holds 2 lines that look like rows"]


def test_multiline_quoted_fields_are_fine(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('id,text\n1,"First paragraph, with a comma.\n\nSecond one, too; and more."\n2,Short\n')
    docs, problems = read(path)
    assert problems == [] and [d.doc_id for d in docs] == ["1", "2"]
    assert docs[0].text.endswith("and more.")


# -- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "text"), [
    (b"caf\xe9 na\xefve \x93quoted\x94", "café naïve “quoted”"),
    (b"\x93quoted\x94", "“quoted”"),
    (b"Caf\xe9 au lait", "Café au lait"),
    (b"The minister\x92s reply \x96 firm.", "The minister’s reply – firm."),
    ("Здравствуйте, мир! Переговоры начались.".encode("cp1251"), "Здравствуйте, мир! Переговоры начались."),
    ("Zażółć gęślą jaźń, to jest polski tekst.".encode("cp1250"), "Zażółć gęślą jaźń, to jest polski tekst."),
])  # fmt: skip
def test_windows_1252_is_preferred_when_it_reads_plausibly(raw, text):
    assert decode_bytes(raw) == text


# -- JSON nesting ------------------------------------------------------------------------


def test_deeply_nested_jsonl_line_is_one_problem_and_later_lines_are_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(
        json.dumps({"text": "Talks began in Agra."}) + "\n" + "[" * 100_000 + "\n"
        + '{"text": "nested", "meta": ' + "{\"a\": " * 500 + "1" + "}" * 500 + "}\n"
        + json.dumps({"text": "Talks ended in Agra."}) + "\n"
    )  # fmt: skip
    docs, problems = read(path)
    assert [d.text for d in docs] == ["Talks began in Agra.", "Talks ended in Agra."]
    reason = f"invalid JSON (nested deeper than {MAX_DEPTH} levels)"
    assert [str(p) for p in problems] == [f"{path}:2: {reason}", f"{path}:3: {reason}"]


def test_nesting_at_the_limit_and_brackets_in_strings_are_fine(tmp_path):
    path = tmp_path / "edge.jsonl"
    at_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    path.write_text(at_limit + "\n" + json.dumps({"text": "Brackets " + "[{" * 500 + " in text."}) + "\n")
    docs, problems = read(path)
    assert [p.reason for p in problems] == ["record is not a JSON object"]
    assert docs[0].text.startswith("Brackets [{[{")


def test_deep_json_file_and_odd_values_are_problems(tmp_path):
    (tmp_path / "deep.json").write_text("{\"a\": " * 5000 + "1" + "}" * 5000)
    (tmp_path / "lines.jsonl").write_text(
        '{"text": "big", "n": ' + "7" * 5000 + "}\n" + '{"text": "\\ud800"}\n'
        + json.dumps({"text": "Still read."}) + "\n"
    )  # fmt: skip
    docs, problems = read(tmp_path)
    assert [d.text for d in docs] == ["Still read."]
    assert [(Path(p.path).name, p.line, p.reason.split(" (")[0]) for p in problems] == [
        ("deep.json", None, "invalid JSON"), ("lines.jsonl", 1, "invalid JSON"),
        ("lines.jsonl", 2, "could not read the record"),
    ]  # fmt: skip
    assert "nested deeper than" in problems[0].reason


def test_deep_first_line_does_not_break_sidecar_detection(tmp_path):
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "\n")
    (tmp_path / "note.txt").write_text("The envoys met in Kabul.")
    docs, problems = read(tmp_path)
    assert [d.text for d in docs] == ["The envoys met in Kabul."]
    assert [(Path(p.path).name, p.line) for p in problems] == [("deep.jsonl", 1)]


class EndlessStdin(io.RawIOBase):
    """``line`` repeated forever; fails the test if more than ``budget`` bytes are read."""

    def __init__(self, line: bytes, budget: int):
        self.line, self.budget, self.served = line, budget, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.served > self.budget:
            raise AssertionError(f"read {self.served:,} bytes of an endless stdin")
        start = self.served % len(self.line)
        data = (self.line * (len(buffer) // len(self.line) + 2))[start : start + len(buffer)]
        buffer[: len(data)] = data
        self.served += len(data)
        return len(data)


def fake_stdin(monkeypatch, stream: io.RawIOBase) -> None:
    buffered = io.BufferedReader(stream)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(buffered))


# -- stdin -------------------------------------------------------------------------------


def test_endless_text_stdin_is_refused_after_max_bytes(monkeypatch):
    stream = EndlessStdin(b"India and Pakistan held talks.\n", budget=1_000_000)
    fake_stdin(monkeypatch, stream)
    docs, problems = read("-", max_bytes=50_000)
    assert docs == []
    assert [str(p) for p in problems] == ["-: stdin is over the 50,000-byte limit (--max-bytes)"]
    assert stream.served < 50_000 + 64 * 1024  # the cap plus one buffer, not the stream


def test_endless_jsonl_stdin_streams_documents_as_lines_arrive(monkeypatch):
    line = json.dumps({"text": "India and Pakistan held talks."}).encode() + b"\n"
    stream = EndlessStdin(line, budget=1_000_000)
    fake_stdin(monkeypatch, stream)
    first = list(itertools.islice(iter_documents(["-"], IngestOptions(max_bytes=100)), 1000))
    assert len(first) == 1000 and all(isinstance(d, Document) for d in first)
    assert [d.metadata["source_line"] for d in first[:3]] == [1, 2, 3]
    assert stream.served < 1_000_000


def test_stdin_jsonl_caps_each_line_and_reads_the_rest(monkeypatch):
    lines = [json.dumps({"text": "First report."}), json.dumps({"text": "x" * 5000}),
             "[" * 100_000, json.dumps({"text": "Last report."})]  # fmt: skip
    fake_stdin(monkeypatch, io.BytesIO("\n".join(lines).encode()))
    docs, problems = read("-", max_bytes=1000)
    assert [d.text for d in docs] == ["First report.", "Last report."]
    assert [str(p) for p in problems] == [
        "-:2: line is over the 1,000-byte limit (--max-bytes)",
        "-:3: line is over the 1,000-byte limit (--max-bytes)",
    ]


def test_stdin_jsonl_line_decoding_and_depth(monkeypatch):
    deep = b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)
    data = b'\xef\xbb\xbf{"text": "One."}\n\n' + deep + b'\n{"text": "caf\xe9 talks."}\n'
    fake_stdin(monkeypatch, io.BytesIO(data))
    docs, problems = read("-", max_bytes=10_000)
    assert [d.text for d in docs] == ["One.", "café talks."]
    assert [str(p) for p in problems] == [f"-:3: invalid JSON (nested deeper than {MAX_DEPTH} levels)"]


# -- folders and file names --------------------------------------------------------------


def test_symlink_loops_and_broken_links_are_reported_and_the_walk_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("The first statement.")
    (corpus / "sub" / "b.txt").write_text("The second statement.")
    (corpus / "sub" / "back").symlink_to(corpus, target_is_directory=True)
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    (corpus / "gone.txt").symlink_to(tmp_path / "missing.txt")
    docs, problems = read(corpus)
    assert sorted(d.text for d in docs) == ["The first statement.", "The second statement."]
    assert [str(p) for p in problems] == [
        f"{corpus / 'gone.txt'}: broken symbolic link",
        f"{corpus / 'self.txt'}: symbolic link loop",
        f"{corpus / 'sub' / 'back'}: symbolic link loop (leads back to a folder above it)",
    ]


def test_linked_folder_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text("A linked statement.")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "linked").symlink_to(elsewhere, target_is_directory=True)
    docs, problems = read(tmp_path / "corpus")
    assert [d.text for d in docs] == ["A linked statement."] and problems == []


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("Hidden away.")
    (tmp_path / "open.txt").write_text("Readable statement.")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, problems = read(tmp_path)
    assert [d.text for d in docs] == ["Readable statement."]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'locked'}: cannot read the folder (Permission denied)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Not for you.")
    path.chmod(0)
    try:
        docs, problems = read(tmp_path)
    finally:
        path.chmod(0o644)
    assert docs == [] and [str(p) for p in problems] == [f"{path}: cannot read (Permission denied)"]


def test_control_characters_in_file_names_stay_on_one_line(tmp_path):
    (tmp_path / "evil\nname\x1b[31m.png").write_bytes(b"\x89PNG")
    (tmp_path / "fine\u2028too.txt").write_bytes(b"")
    docs, problems = read(tmp_path)
    lines = [str(p) for p in problems]
    assert all("\n" not in line and "\x1b" not in line and "\u2028" not in line for line in lines)
    assert lines == [f"{tmp_path}/evil\\nname\\x1b[31m.png: unsupported file type '.png'",
                     f"{tmp_path}/fine\\u2028too.txt: empty file"]  # fmt: skip


def test_file_name_that_is_not_utf8_is_printable(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(b"The cafe statement.")
    (doc,), problems = read(tmp_path)
    assert problems == [] and doc.source_path == f"{tmp_path}/caf\\xe9.txt"
    doc.source_path.encode("utf-8")  # storable
