"""Batches of stories on an engine: the local engine and Ray (a real local Ray cluster) give the
same reports; one story's failure (bad input, a bug, a worker that dies) is reported for that story
and the batch goes on; ``report --all`` over a store, SQLite and PostgreSQL, shared by workers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.errors import UsageError
from newsprism.options import Options
from newsprism.pipeline import gather
from newsprism.scale import AnalyseStory, Job, LocalEngine, Outcome, _guarded, engine
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.model
FILES = sorted(EXAMPLE.iterdir())


def _stories(parent: Path) -> Path:
    """Three stories: two good ones from the example's files and one whose only article is
    nothing but share buttons (it fails in the worker, after reading)."""
    for name, files in (("first", FILES[:2]), ("second", FILES[2:])):
        (parent / name).mkdir(parents=True)
        for f in files:
            shutil.copy(f, parent / name / f.name)
    (parent / "empty").mkdir()
    (parent / "empty" / "a.txt").write_text("Share on Facebook\nTweet\n", encoding="utf-8")
    return parent


def _jobs(parent: Path) -> list[Job]:
    out = []
    for d in sorted(parent.iterdir()):
        story = gather([d])
        out.append(Job(d.name, story=story, size=sum(len(r.text) for r in story.records)))
    return out


def _cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stderr


# --- the engine layer, local ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "workers", "address", "problem"),
    [
        ("local", 2, None, "--workers N use --engine ray"),
        ("local", None, "127.0.0.1:6379", "--ray-address needs --engine ray"),
        ("spark", None, None, "unknown engine"),
    ],
)
def test_engine_choices_that_make_no_sense_are_usage_errors(name, workers, address, problem):
    with pytest.raises(UsageError, match=problem):
        engine(name, workers, address)


def test_a_bug_in_one_story_becomes_its_error() -> None:
    def boom() -> tuple[str, bool]:
        raise KeyError("where")

    out = _guarded("s1", boom)
    assert out.text is None and out.error == "internal error: KeyError: 'where'"


def test_local_engine_runs_every_job_and_keeps_going_after_a_failure(tmp_path: Path) -> None:
    jobs = _jobs(_stories(tmp_path / "p"))
    outs = {o.name: o for o in LocalEngine().map(AnalyseStory(Options(), "json"), jobs)}
    assert set(outs) == {"first", "second", "empty"}
    assert "nothing left after cleaning" in (outs["empty"].error or "")
    for name in ("first", "second"):
        report = json.loads(outs[name].text or "")
        assert report["summary"] and outs[name].error is None


def test_each_reports_a_failed_story_and_writes_the_others(tmp_path: Path) -> None:
    parent = _stories(tmp_path / "p")
    (parent / "unreadable").mkdir()
    (parent / "unreadable" / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    code, err = _cli("analyze", "--each", str(parent), "-o", str(tmp_path / "out"), "-q")
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.json", "second.json"]
    assert "error: story empty: " in err and "nothing left after cleaning" in err
    assert "error: story unreadable: " in err and "bin.txt" in err
    assert "2 of 4 stories done" in err and "2 failed" in err
    code, err = _cli(
        "analyze", "--each", str(parent), "-o", str(tmp_path / "out2"), "-q", "--skip-bad"
    )
    assert code == 0 and "warning: skipped story empty" in err


def test_engine_options_need_a_batch(tmp_path: Path) -> None:
    code, err = _cli("analyze", str(EXAMPLE), "-o", str(tmp_path / "r.json"), "--engine", "ray")
    assert code == 2 and "--engine and --workers are for batches" in err
    code, err = _cli("report", "--all", "7")
    assert code == 2 and "either STORY_ID or --all" in err


def test_ray_engine_without_ray_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(UsageError, match=r"pip install 'newsprism\[ray\]'"):
        engine("ray", 1)


# --- Ray: a real local cluster ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[object]:
    pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsprism[ray]'")
    runner = engine("ray", 2)
    yield runner
    runner.close()


class _DieOn:
    """A task whose worker process dies on one story (as an out-of-memory kill would)."""

    def __init__(self, name: str) -> None:
        self.name, self.inner = name, AnalyseStory(Options(), "json")

    def __call__(self, job: Job) -> Outcome:
        if job.name == self.name:
            os._exit(1)
        return self.inner(job)


def test_ray_gives_the_local_engines_reports_and_errors(ray_engine, tmp_path: Path) -> None:
    jobs = _jobs(_stories(tmp_path / "p"))
    task = AnalyseStory(Options(summary_words=80), "json")
    local = {o.name: (o.text, o.error) for o in LocalEngine().map(task, jobs)}
    on_ray = {o.name: (o.text, o.error) for o in ray_engine.map(task, jobs)}
    assert on_ray == local
    assert local["first"][0] and local["empty"][1]


def test_a_worker_that_dies_fails_its_story_only(ray_engine, tmp_path: Path) -> None:
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers lack tests/
    jobs = _jobs(_stories(tmp_path / "p"))
    outs = {o.name: o for o in ray_engine.map(_DieOn("second"), jobs)}
    assert set(outs) == {"first", "second", "empty"}
    assert (outs["second"].error or "").startswith("worker failed")
    assert outs["first"].error is None and json.loads(outs["first"].text or "")["summary"]


def test_each_on_ray_writes_what_the_local_engine_writes(ray_engine, tmp_path: Path) -> None:
    parent = _stories(tmp_path / "p")
    base = ["analyze", "--each", str(parent), "--format", "md", "-q"]
    code_local, _ = _cli(*base, "-o", str(tmp_path / "local"))
    code_ray, err = _cli(*base, "-o", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2")
    assert code_local == code_ray == 1 and "error: story empty" in err
    local = {p.name: p.read_text() for p in (tmp_path / "local").iterdir()}
    assert local == {p.name: p.read_text() for p in (tmp_path / "ray").iterdir()}
    assert set(local) == {"first.md", "second.md"}


def _report_all_on_ray(db: str, tmp_path: Path) -> None:
    from newsprism import analyze, render
    from newsprism.store import Store

    with Store.open(db) as store:
        ingest_ids = [s["id"] for s in store.stories()]
    code, err = _cli(
        "report", "--all", "--db", db, "--engine", "ray", "--workers", "2", "-q",
        "-o", str(tmp_path / "out"), "--format", "md",
    )  # fmt: skip
    assert code == 0, err
    assert f"{len(ingest_ids)} of {len(ingest_ids)} stories done" in err
    with Store.open(db) as store:
        for sid in ingest_ids:
            cached = store.cached_report(sid, "json")
            assert cached is not None  # the worker wrote it into the store
            local = render(analyze(store.raw_articles(sid)), "json")
            assert cached == local
            written = (tmp_path / "out" / f"{sid}.md").read_text()
            assert written == store.cached_report(sid, "md")
    code, err = _cli("report", "--all", "--db", db, "-q")  # nothing left to compute
    assert code == 0 and f"({len(ingest_ids)} already up to date)" in err


def _fill(db: str, tmp_path: Path) -> None:
    from newsprism.store import Store, ingest

    other = tmp_path / "quake.jsonl"
    other.write_text(
        json.dumps(
            {
                "url": "https://a.example/q",
                "title": "Quake kills 200 in Turkey",
                "published": "1999-08-17",
                "text": "A powerful earthquake struck northwestern Turkey on Tuesday, killing at "
                "least 200 people in the industrial city of Izmit, officials said. Rescuers "
                "searched the rubble of collapsed apartment blocks through the night.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    with Store.open(db) as store:
        ingest(store, [EXAMPLE, other])
        assert len(store.stories()) == 2


def test_report_all_on_ray_with_a_sqlite_store(ray_engine, tmp_path: Path) -> None:
    db = str(tmp_path / "np.db")
    _fill(db, tmp_path)
    _report_all_on_ray(db, tmp_path)


def test_report_all_on_ray_with_a_shared_postgres_store(ray_engine, pg_url, tmp_path) -> None:
    _fill(pg_url, tmp_path)
    _report_all_on_ray(pg_url, tmp_path)


def test_the_whole_command_starts_its_own_ray_cluster(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsprism[ray]'")
    parent = tmp_path / "p"
    (parent / "one").mkdir(parents=True)
    for f in FILES[:2]:
        shutil.copy(f, parent / "one" / f.name)
    cmd = [sys.executable, "-m", "newsprism.cli", "analyze", "--each", str(parent)]
    cmd += ["-o", str(tmp_path / "out"), "--engine", "ray", "--workers", "1", "-q"]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "out" / "one.json").read_text())["summary"]
    assert "Traceback" not in res.stderr


def test_the_command_joins_a_running_ray_cluster(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsprism[ray]'")
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RAY_AUTH_MODE": "token"}  # the head's token, read by the driver too
    start = [str(Path(sys.executable).with_name("ray")), "start", "--head", "--block"]
    start += [f"--port={port}", "--num-cpus=2", "--node-ip-address=127.0.0.1"]
    start += ["--disable-usage-stats", "--include-dashboard=false"]
    head = subprocess.Popen(  # a cluster of its own, stopped with its process (never `ray stop`)
        start,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        for _ in range(120):  # until the head listens
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        time.sleep(2)
        parent = tmp_path / "p"
        (parent / "one").mkdir(parents=True)
        shutil.copy(FILES[0], parent / "one" / FILES[0].name)
        cmd = [sys.executable, "-m", "newsprism.cli", "analyze", "--each", str(parent)]
        cmd += ["-o", str(tmp_path / "out"), "--engine", "ray", "--workers", "2", "-q"]
        cmd += ["--ray-address", f"127.0.0.1:{port}"]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
        assert res.returncode == 0, res.stderr
        assert json.loads((tmp_path / "out" / "one.json").read_text())["summary"]
        assert head.poll() is None  # the command left the cluster it joined running
    finally:
        head.terminate()
        head.wait(timeout=60)
