"""Every `flashpoint` command in the README and docs/*.md runs.

Each ```bash block is a script: its `flashpoint ...` lines (backslash continuations joined,
comments dropped) run in order through typer's CliRunner in a fresh folder. Inputs are
stand-ins: paths under ../shared or samples/ become a small copy of the first files (an
example that needs ../shared is skipped when it is absent), other missing inputs are small
files written here; a store that an example reads but no earlier line wrote is a copy of
one store analysed once by the real pipeline. Long-running verbs, clusters and URLs are
only parsed. A line passes when it exits 0, or with the code its comment documents
("# exits 2").
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand
from typer.testing import CliRunner

from conftest import REPO, SHARED, stored
from flashpoint.cli import app

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELL_BLOCK = re.compile(r"^```(?:bash|sh|shell|console)\n(.*?)^```", re.S | re.M)
PARSE_ONLY_VERBS = {"serve", "watch"}  # they run until stopped
PARSE_ONLY_OPTIONS = {"--scheduler", "--engine"}  # a cluster
STORE_OPTIONS = {"--db", "--store"}
STAND_IN_CHARS = 2_000  # text kept per document of a stand-in copy
STAND_IN_FILES = 2
EXIT_NOTE = re.compile(r"#.*\bexit(?:s| code)?\s+(\d+)")

TEXTS = [
    "Pakistan urged the United Nations to act on Kashmir on Monday. India rejected the call "
    "and accused Pakistan of backing militants. Islamabad should return to the Simla Agreement.",
    "India and Pakistan agreed to resume talks on the Indus Waters Treaty. China welcomed the "
    "step. New Delhi must keep the ceasefire along the Line of Control.",
]
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
    "<item><title>Talks resume</title><pubDate>Mon, 03 Feb 2020 10:00:00 GMT</pubDate>"
    f"<description>{TEXTS[1]}</description></item></channel></rss>"
)
HTML = f"<html><head><title>Appeal</title></head><body><article><p>{TEXTS[0]}</p></article></body></html>"


# -- collecting the examples ---------------------------------------------------------------


@dataclass
class Example:
    """One command line of a block: its words, what it reads from stdin, the expected code."""

    line: str
    words: list[str]
    stdin: list[str] = field(default_factory=list)  # the command before a pipe, if any
    code: int = 0


def shell_blocks(path: Path) -> list[tuple[int, str]]:
    """(line number, body) of each shell block of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, m.group(1)) for m in SHELL_BLOCK.finditer(text)]


def examples(body: str) -> list[Example]:
    """The flashpoint command lines of a block, continuations joined."""
    found = []
    for raw in body.replace("\\\n", " ").splitlines():
        line = raw.strip().removeprefix("$ ")
        if "flashpoint" not in line:  # other tools, or a transcript's output
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise ValueError(f"not a shell line ({exc}): {line}") from None
        segments = _segments(words)
        index = next((i for i, s in enumerate(segments) if s[:1] == ["flashpoint"]), None)
        if index is None:
            continue
        code = EXIT_NOTE.search(line)
        found.append(Example(line, segments[index], segments[index - 1] if index else [],
                             int(code.group(1)) if code else 0))  # fmt: skip
    return found


def _segments(words: list[str]) -> list[list[str]]:
    """Words split at pipes; output redirections dropped (the output is captured anyway)."""
    segments: list[list[str]] = [[]]
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "|":
            segments.append([])
        elif word in {">", ">>", "2>"}:
            skip = True
        else:
            segments[-1].append(word)
    return segments


def all_blocks() -> list:
    params = []
    for path in DOCS:
        for line, body in shell_blocks(path):
            found = examples(body)
            if found:
                name = f"{path.relative_to(REPO)}:{line}"
                params.append(pytest.param(found, id=name))
    return params


# -- the store and the inputs ----------------------------------------------------------------


@pytest.fixture(scope="session")
def example_store(tmp_path_factory, pipeline) -> Path:
    """A store analysed by the real pipeline from the texts above."""
    from flashpoint.document import Document

    docs = [pipeline(Document(t, doc_id=f"doc-{i}", outlet_country=c, published=d))
            for i, (t, c, d) in enumerate(zip(TEXTS, ("PAK", "IND"), ("2019-08-20", "2020-02-03"), strict=True))]  # fmt: skip
    return stored(tmp_path_factory.mktemp("docs_store") / "store.duckdb", docs)


class Workspace:
    """The folder an example block runs in, with its stand-in inputs."""

    def __init__(self, root: Path, store: Path) -> None:
        self.root, self.store = root, store
        shutil.copy(store, root / "flashpoint.duckdb")  # the default store of every verb

    def local(self, value: str) -> str:
        """Absolute paths outside the repository (``/tmp/x``) land in the folder."""
        path = Path(value)
        return str(self.root / path.name) if path.is_absolute() else value

    def input(self, value: str) -> str:
        """A path an example reads: a stand-in when it is large, shared or missing."""
        if value == "-" or re.match(r"https?://", value):
            return value
        path = Path(value)
        for base, label in ((SHARED, "../shared/"), (REPO / "samples", "samples/")):
            if value.startswith(label):
                source = base / value.removeprefix(label)
                if not source.exists():
                    pytest.skip(f"{value} is not available")
                return str(self._copy(source))
        if (REPO / path).exists() and not path.is_absolute():
            return str(REPO / path)
        target = self.root / path.name if path.is_absolute() else self.root / path
        if not target.exists():
            _write_input(target, folder=value.endswith("/") or not path.suffix)
        return str(target)

    def _copy(self, source: Path) -> Path:
        target = self.root / "stand-in" / source.name
        if target.exists():
            return target
        if source.is_dir():
            target.mkdir(parents=True)
            files = [p for p in sorted(source.iterdir()) if p.suffix in {".txt", ".html"}]
            for path in files[:STAND_IN_FILES]:
                (target / path.name).write_text(_lead(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_head(source, target)
        return target


def _lead(text: str) -> str:
    """The opening of a text, cut at a line end."""
    return text if len(text) <= STAND_IN_CHARS else text[:STAND_IN_CHARS].rsplit("\n", 1)[0]


def _copy_head(source: Path, target: Path) -> None:
    """The first rows of a table or JSON Lines file, each field cut short."""
    if source.suffix in {".csv", ".tsv"}:
        delimiter = "\t" if source.suffix == ".tsv" else ","
        with source.open(encoding="utf-8", newline="") as f, target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            for _, row in zip(range(STAND_IN_FILES + 1), csv.reader(f, delimiter=delimiter), strict=False):
                writer.writerow([cell[:STAND_IN_CHARS] for cell in row])
    else:
        with source.open(encoding="utf-8") as f:
            target.write_text("".join(_lead(next(f, "")) for _ in range(STAND_IN_FILES)), encoding="utf-8")


def _write_input(path: Path, folder: bool) -> None:
    """A small input of the kind the name says."""
    if folder:
        path.mkdir(parents=True)
        for i, text in enumerate(TEXTS):
            (path / f"note_{i}.txt").write_text(text, encoding="utf-8")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        rows = [{"id": f"s{i}", "text": t, "published": "2020-02-03"} for i, t in enumerate(TEXTS)]
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    elif suffix in {".csv", ".tsv"}:
        sep = "\t" if suffix == ".tsv" else ","
        lines = [sep.join(("id", "text"))] + [f"r{i}{sep}{t.replace(',', ';')}" for i, t in enumerate(TEXTS)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        content = {".html": HTML, ".htm": HTML, ".rss": RSS, ".xml": RSS, ".atom": RSS}
        path.write_text(content.get(suffix, TEXTS[0]), encoding="utf-8")


# -- running them ---------------------------------------------------------------------------


def prepared(example: Example, space: Workspace) -> tuple[list[str], str | None, bool]:
    """The arguments with stand-in paths, the stdin text, and whether to parse only."""
    args = example.words[1:]
    verb = args[0] if args else ""
    out: list[str] = []
    for i, word in enumerate(args):
        before = args[i - 1] if i else ""
        if before in STORE_OPTIONS:
            out.append(_store(space.local(word), verb, space))
        elif verb == "analyze" and i and not word.startswith("-") and not _is_value(args, i):
            out.append(space.input(word))
        elif verb == "evaluate" and i and not word.startswith("-") and not _is_value(args, i):
            out.append(space.input(space.local(word)) if Path(word).is_absolute() else space.input(word))
        else:
            out.append(space.local(word) if word.startswith("/tmp/") else word)
    parse_only = verb in PARSE_ONLY_VERBS or bool(PARSE_ONLY_OPTIONS & set(args)) or _many_workers(args)
    parse_only |= any(re.match(r"https?://", w) for w in out[1:])
    return out, _stdin(example.stdin, space), parse_only


def _is_value(args: list[str], i: int) -> bool:
    """Whether ``args[i]`` is the value of the option before it."""
    before = args[i - 1]
    return before.startswith("--") and "=" not in before and before not in _FLAGS


# options of `analyze` and `evaluate` that take no value
_FLAGS = {"--quiet", "-q", "--force", "--no-header", "--json", "--help"}


def _many_workers(args: list[str]) -> bool:
    return "--workers" in args and args[args.index("--workers") + 1] != "1"


def _store(path: str, verb: str, space: Workspace) -> str:
    """A store an example reads: the example store unless an earlier line wrote it."""
    target = space.root / path if not Path(path).is_absolute() else Path(path)
    if verb != "analyze" and not target.exists():
        shutil.copy(space.store, target)
    return str(target)


def _stdin(words: list[str], space: Workspace) -> str | None:
    if not words:
        return None
    if words[0] == "echo":
        return " ".join(words[1:]) + "\n"
    if words[0] == "cat":
        return Path(space.input(words[1])).read_text(encoding="utf-8")
    raise AssertionError(f"no stand-in for the input of: {' '.join(words)}")


def parse(args: list[str]) -> None:
    """Check a command line as the CLI would, without running it (click raises on errors)."""
    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="flashpoint")
    command = group.get_command(ctx, args[0])
    if command is None:
        raise typer.BadParameter(f"no such command '{args[0]}'")
    # the plain click parser, which raises, not the one-line printer every verb uses
    TyperCommand.make_context(command, args[0], list(args[1:]), parent=ctx)


@pytest.mark.parametrize("block", all_blocks())
def test_documented_commands_run(block: list[Example], example_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
    space = Workspace(tmp_path, example_store)
    failures = []
    for example in block:
        args, stdin, parse_only = prepared(example, space)
        if parse_only:
            try:
                parse(args)
            except typer.TyperException as exc:  # click's errors, as typer ships it
                failures.append(f"{example.line}\n  does not parse: {exc}")
            continue
        result = CliRunner().invoke(app, args, input=stdin)
        if result.exit_code != example.code:
            failures.append(f"{example.line}\n  exit {result.exit_code} (expected {example.code}): "
                            f"{(result.stderr or result.output).strip()[-400:] or result.exception!r}")  # fmt: skip
    assert not failures, "\n".join(failures)


def test_examples_are_collected_from_every_page():
    """The collector sees the documented commands (continuations and pipes included)."""
    body = "echo hi | flashpoint analyze - \\\n  --outlet-country PAK  # note\nmake demo\n$ flashpoint --version\n"
    found = examples(body)
    assert [e.words for e in found] == [["flashpoint", "analyze", "-", "--outlet-country", "PAK"],
                                        ["flashpoint", "--version"]]  # fmt: skip
    assert found[0].stdin == ["echo", "hi"]
    assert examples("flashpoint stats --db x.duckdb  # exits 1")[0].code == 1
    lines = [e.line for block in all_blocks() for e in block.values[0]]
    assert len(all_blocks()) >= 10 and any(line.startswith("flashpoint report") for line in lines)


def test_a_wrong_example_fails(example_store, tmp_path, monkeypatch):
    """The runner reports a command that errors, and one that does not parse."""
    monkeypatch.chdir(tmp_path)
    space = Workspace(tmp_path, example_store)
    bad = examples("flashpoint stats --db s.duckdb --no-such-option\nflashpoint serve --prot 1\n")
    args, _, parse_only = prepared(bad[0], space)
    assert not parse_only and CliRunner().invoke(app, args).exit_code == 2
    args, _, parse_only = prepared(bad[1], space)
    assert parse_only
    with pytest.raises(typer.TyperException, match="prot"):
        parse(args)
