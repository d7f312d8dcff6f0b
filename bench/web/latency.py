"""Web API latency: 200 sequential requests to ``GET /api/stories`` (and to a story's cached
report) against a store of about 500 articles (DUC 2003: the 30 event and 30 topic clusters'
first 600 articles, ingested by ``newsprism.store.ingest``), through a real uvicorn server and
an httpx client on this machine. Writes p50 / p95 / max to ``bench/RESULTS.md``.

    .venv/bin/python bench/web/latency.py
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from results import markdown_table, write_section  # noqa: E402

DUC = ROOT.parent / "shared" / "eval" / "duc2003"


def _serve(db: str) -> tuple[object, str]:
    import uvicorn

    from newsprism.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _times(client: object, url: str, n: int = 200) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        res = client.get(url)  # type: ignore[attr-defined]
        out.append((time.perf_counter() - start) * 1000)
        assert res.status_code == 200, res.text
    return out


def main() -> None:
    import httpx

    from newsprism.store import Store, ingest

    files = sorted(p for p in DUC.glob("d*/*.txt") if ".refs" not in str(p))[:600]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "latency.db")
        with Store.open(db) as store:
            ingest(store, files)
            counts = store.counts()
            sid = store.stories()[0]["id"]
            store.report(sid)
        server, base = _serve(db)
        rows = []
        with httpx.Client(base_url=base) as client:
            for label, url in (
                ("GET /api/stories (all: the first page holds 500)", "/api/stories"),
                ("GET /api/stories?q=president", "/api/stories?q=president"),
                ("GET /api/stories/{id} (cached report)", f"/api/stories/{sid}"),
                ("GET / (story list page)", "/"),
            ):
                _times(client, url, 5)  # warm up
                t = sorted(_times(client, url))
                p95 = t[int(0.95 * len(t)) - 1]
                rows.append([label, f"{statistics.median(t):.1f}", f"{p95:.1f}", f"{t[-1]:.1f}"])
                print(rows[-1], flush=True)
        server.should_exit = True  # type: ignore[attr-defined]
    body = (
        f"`bench/web/latency.py`: a store of {counts['articles']} DUC 2003 articles in "
        f"{counts['stories']} stories, served by uvicorn (one process) on this 2-core machine; "
        "200 sequential requests each from an httpx client, after 5 to warm up. Milliseconds.\n\n"
        + markdown_table(["request", "p50", "p95", "max"], rows)
    )
    write_section("Web API latency", body, "bench/web/latency.py")
    print(body)


if __name__ == "__main__":
    main()
