"""Fetching keeps the workers busy: documents per second from a local web server against the
same documents read from files, through the same run loop and engine.

The script writes N short news pages (the samples/kashmir texts cut to two paragraphs, each
with its own first line) and an RSS feed listing them, serves them from a loopback server in
a child process (``python -m http.server``), starts one engine with ``--workers`` processes
(models loaded once), then times ``Runner.run`` (what ``flashpoint analyze`` runs) on the
feed URL and on the folder of the same pages, each into a fresh store, alternating, and keeps
the best of ``--repeat`` runs of each. Model loading is outside the timings.

    python benchmarks/fetch_throughput.py                     # 200 pages, 2 workers
    python benchmarks/fetch_throughput.py --docs 50 --repeat 1
"""

from __future__ import annotations

import argparse
import html
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from email.utils import formatdate
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kashmir"


def pages(n: int) -> list[tuple[str, str]]:
    """(title, text) of n distinct short stories built from the sample texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("0*.txt"))]
    out = []
    for i in range(n):
        paragraphs = texts[i % len(texts)].strip().split("\n\n")[:2]
        title = f"Report {i}: {paragraphs[0].split('.')[0][:60]}"
        out.append((title, f"Report number {i} from the desk.\n\n" + "\n\n".join(paragraphs)))
    return out


def page_html(title: str, text: str, i: int) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f'<meta property="og:site_name" content="Loopback Times">'
            f'<meta property="article:published_time" content="2024-03-{i % 28 + 1:02d}">'
            f"</head><body><nav>Home | World</nav><article><h1>{html.escape(title)}</h1>{body}"
            f"</article><footer>Copyright</footer></body></html>")  # fmt: skip


def feed_xml(base: str, titles: list[str]) -> str:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{base}/pages/{i:04d}.html</link>"
        f"<pubDate>{formatdate(1_700_000_000 + i * 60, usegmt=True)}</pubDate></item>"
        for i, t in enumerate(titles)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Times</title>'
            f"<link>{base}/</link><description>news</description>{items}</channel></rss>")  # fmt: skip


def build_site(root: Path, n: int, base: str) -> Path:
    """The pages (served, and read as files) and the feed; the folder of the pages."""
    folder = root / "pages"
    folder.mkdir(parents=True)
    built = pages(n)
    for i, (title, text) in enumerate(built):
        (folder / f"{i:04d}.html").write_text(page_html(title, text, i), encoding="utf-8")
    (root / "feed.xml").write_text(feed_xml(base, [t for t, _ in built]), encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(root: Path, port: int) -> subprocess.Popen:
    """A threading static server on 127.0.0.1 in a child process, once it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.xml", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the local server did not start")


def timed(settings, engine, paths: list[str], rate: float, store_path: Path) -> tuple[float, int]:
    """Seconds and documents stored for one run into a fresh store."""
    from flashpoint.ingest import IngestOptions
    from flashpoint.ingest.fetch import FetchOptions
    from flashpoint.ingest.web import WebReader
    from flashpoint.runner import Runner
    from flashpoint.store import open_store

    with open_store(store_path) as store:
        web = WebReader(FetchOptions(rate=rate), store=store)
        options = IngestOptions(max_chars=settings.max_chars, web=web)
        started = time.perf_counter()
        report = Runner(settings, store, options, engine=engine).run(paths)
        seconds = time.perf_counter() - started
        web.close()
    return seconds, report.stored


def best(runs: list[tuple[float, int]], n: int) -> float:
    complete = [seconds for seconds, stored in runs if stored == n]
    if not complete:
        raise SystemExit(f"no run stored all {n} documents: {runs}")
    return n / min(complete)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=1000.0, help="requests per host per second")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from flashpoint.config import load_settings
    from flashpoint.engine import make_engine

    settings = load_settings()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = build_site(root / "site", args.docs, base)
        server = serve(root / "site", port)
        try:
            with make_engine(settings, workers=args.workers) as engine:
                engine.start()
                sides: dict[str, tuple[list[str], list[tuple[float, int]]]] = {
                    "files": ([str(folder)], []), "web": ([f"{base}/feed.xml"], [])}
                run = 0
                for _ in range(args.repeat):
                    for name, (paths, runs) in sides.items():
                        run += 1
                        runs.append(timed(settings, engine, paths, args.rate,
                                          root / f"run{run}.duckdb"))  # fmt: skip
                        print(f"{name}: {runs[-1][1]} documents in {runs[-1][0]:.1f} s", flush=True)
        finally:
            server.terminate()
            server.wait()
    report(best(sides["files"][1], args.docs), best(sides["web"][1], args.docs), args)


def report(files: float, web: float, args: argparse.Namespace) -> None:
    print(f"\n{args.docs} documents, {args.workers} workers, best of {args.repeat}:")
    print(f"  files {files:.2f} docs/s")
    print(f"  web   {web:.2f} docs/s (--rate {args.rate:g})")
    print(f"  ratio {web / files:.2f}")


if __name__ == "__main__":
    main()
