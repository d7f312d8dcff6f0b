"""The store on a real PostgreSQL server: a throwaway cluster (Debian's ``postgresql``) started in
a temp folder as the ``postgres`` user, on a free port. Skipped, with the reason, only where the
server binaries are not installed (CI installs them)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.store import Store, ingest

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    # not pytest's tmp_path: its parents are private to root, and the server runs as postgres
    root = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as postgres
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        os.chmod(root, 0o700)
    data, port = root / "data", _free_port()

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l", str(root / "log"), "start")
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "np")
        yield f"postgresql://postgres@127.0.0.1:{port}/np"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_postgres_store_ingest_stories_report_and_reingest(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        first = ingest(store, [EXAMPLE])
        assert first.count("new") == 5
        again = ingest(store, [EXAMPLE])
        assert again.count("new") == 0 and again.count("duplicate") == 5
        (story,) = store.stories()
        assert len(story["articles"]) == 5
        report = json.loads(store.report(story["id"], "json"))
        assert len(report["articles"]) == 5 and report["summary"]
    with Store.open(pg_url) as store:  # reopening migrates nothing and keeps everything
        assert store.counts() == {"articles": 5, "stories": 1, "members": 5}


def test_postgres_migrations_match_the_tables(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from newsprism.store import METADATA, SEARCH_APART

    with Store.open(pg_url) as store, store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts=SEARCH_APART), METADATA) == []
