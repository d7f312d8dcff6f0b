"""The ``newsprism`` command: a thin shell over the library.

Exit codes: 0 ok, 1 bad input, 2 usage.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsprism import __version__
from newsprism.errors import InputError, NewsprismError, UsageError
from newsprism.options import BOUNDS, Options
from newsprism.pipeline import analyze as run_analysis
from newsprism.render import format_for, render

if TYPE_CHECKING:
    from newsprism.scale import Job, Task

STAGES = ("read", "annotate", "entities", "quotes", "facts", "summary")


class _Progress:
    """A progress bar on stderr that only appears once a run takes more than a moment."""

    def __init__(self, total: int, enabled: bool, unit: str = "step") -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total,
            file=sys.stderr,
            delay=2.0,
            disable=not enabled or not sys.stderr.isatty(),
            unit=unit,
            leave=False,
            dynamic_ncols=True,
        )

    def step(self, stage: str) -> None:
        self.bar.set_description(stage)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


class OutputError(NewsprismError):
    """The report cannot be written where asked."""


def _writable(out: str, folder: bool = False) -> None:
    """Check, before any analysis, that a report can be written to ``out``."""
    if out == "-":
        return
    path = Path(out)
    where = path if folder else path.parent
    try:
        if path.is_dir() and not folder:
            raise OutputError(f"cannot write {out}: it is a folder")
        where.mkdir(parents=True, exist_ok=True)
        if not os.access(where, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write {out}: {where} is not writable")
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _write(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written report behind
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _at_the_edge(output: str | None = None) -> Iterator[None]:
    """Library errors become CLI errors here: usage -> exit 2, bad input -> exit 1."""
    try:
        yield
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except NewsprismError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        if output is None:
            raise
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(1)


def _show_warnings(caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="newsprism")
def main() -> None:
    """newsprism: what many news articles about one event say together and apart."""


def _output(text: str) -> Callable[[Any], Any]:
    return click.option("-o", "--output", "output", default="-", show_default=True, help=text)


def _format(text: str) -> Callable[[Any], Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(["json", "md", "html"]), default=None, help=text
    )


_summary_words = click.option(
    "--summary-words",
    type=click.IntRange(*BOUNDS["summary_words"]),
    default=150,
    show_default=True,
    help="Length of the cited summary, in words at most.",
)


def _engine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--engine, --workers, --ray-address: where a batch of stories runs."""
    f = click.option(
        "--ray-address",
        default=None,
        envvar="RAY_ADDRESS",
        help="Join the Ray cluster at this address instead of starting one here "
        "[env: RAY_ADDRESS].",
    )(f)
    f = click.option(
        "--workers",
        type=click.IntRange(1, 1024),
        default=None,
        help="Stories analysed at once (--engine ray; default: one per core).",
    )(f)
    return click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="Where a batch runs: this process, or Ray workers that load the models once each.",
    )(f)


@dataclass(frozen=True, slots=True)
class _Batch:
    engine: str
    workers: int | None
    address: str | None
    quiet: bool
    skip_bad: bool = False

    def refuse(self) -> None:
        """Engine options make sense for a batch only."""
        if self.engine != "local" or self.workers is not None:
            raise UsageError("--engine and --workers are for batches: analyze --each, report --all")


@main.command()
@click.argument("paths", nargs=-1)
@_output(
    "Report file; the format comes from the extension (.json, .md, .html). "
    "'-' prints JSON. With --each, a folder."
)
@click.option(
    "--each",
    "each",
    type=click.Path(file_okay=False),
    default=None,
    help="Analyse every subfolder of this folder as its own story, writing "
    "OUTPUT/<subfolder>.<ext>.",
)
@_format("Output format, when the file name does not tell it (and for --each; default json).")
@_summary_words
@click.option(
    "--skip-bad", is_flag=True, help="Warn about a bad input and go on, instead of stopping."
)
@click.option(
    "--no-embeddings",
    is_flag=True,
    help="Align facts by shared words and names only: faster, no neural model.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_engine_options
def analyze(
    paths: tuple[str, ...],
    output: str,
    each: str | None,
    fmt: str | None,
    summary_words: int,
    skip_bad: bool,
    no_embeddings: bool,
    quiet: bool,
    engine: str,
    workers: int | None,
    ray_address: str | None,
) -> None:
    """Analyse PATHS (files, folders, '-' for stdin) as one story and write a report; or, with
    --each, every subfolder as a story of its own, on an engine (this process, or Ray)."""
    opts = Options(summary_words=summary_words, skip_bad=skip_bad, embeddings=not no_embeddings)
    batch = _Batch(engine, workers, ray_address, quiet, skip_bad)
    with _at_the_edge(output):
        if each:
            if paths:
                raise UsageError("give either PATHS or --each PARENT, not both")
            _analyze_each(Path(each), output, fmt or "json", opts, batch)
            return
        batch.refuse()
        if not paths:
            raise UsageError("give at least one PATH to analyse (or --each PARENT)")
        fmt = fmt or format_for(output)
        _writable(output)
        progress = _Progress(len(STAGES), enabled=not quiet)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                report = run_analysis(list(paths), opts, progress=progress.step)
            finally:  # the reasons for skipped inputs, even when nothing was left
                progress.close()
                _show_warnings(caught)
        _write(render(report, fmt), output)


def _analyze_each(parent: Path, outdir: str, fmt: str, opts: Options, batch: _Batch) -> None:
    """Every subfolder of ``parent`` as a story: read here, analysed on the engine; one story's
    failure is reported and the batch goes on."""
    from newsprism.pipeline import gather
    from newsprism.scale import AnalyseStory, Job

    if not parent.is_dir():
        raise InputError(str(parent), "no such folder")
    if outdir == "-":
        raise UsageError("--each needs -o OUTDIR, a folder for the reports")
    stories = sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not stories:
        raise InputError(str(parent), "holds no subfolders to analyse")
    _writable(outdir, folder=True)
    jobs, failed = [], []
    for story in stories:  # the driver reads the files: workers get records, never paths
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                gathered = gather([story], opts)
            except InputError as exc:
                failed.append(_failed(story.name, str(exc), opts.skip_bad))
                continue
            finally:
                _show_warnings(caught)
        size = sum(len(r.text) for r in gathered.records)
        jobs.append(Job(story.name, story=gathered, size=size))
    ran = _run_batch(
        jobs, AnalyseStory(opts, fmt), batch, lambda n: str(Path(outdir) / f"{n}.{fmt}")
    )
    _batch_end(len(stories), failed + ran.failed, outdir, opts.skip_bad, str(parent))


def _failed(name: str, why: str, skip_bad: bool) -> str:
    click.echo(f"{'warning: skipped' if skip_bad else 'error:'} story {name}: {why}", err=True)
    return name


@dataclass(slots=True)
class _Ran:
    written: dict[str, str | None]  # story name -> file written (None: kept in the store only)
    failed: list[str]
    cached: int = 0


def _run_batch(
    jobs: list[Job], task: Task, batch: _Batch, target: Callable[[str], str | None]
) -> _Ran:
    """Run the jobs on the batch's engine with a progress bar across workers, writing each
    report as it comes to ``target(name)`` when that names a file."""
    from newsprism.scale import engine

    ran = _Ran({}, [])
    runner = engine(batch.engine, batch.workers, batch.address)
    progress = _Progress(len(jobs), enabled=not batch.quiet, unit="story")
    try:
        for out in runner.map(task, jobs):
            progress.step(out.name)
            for w in out.warnings:
                click.echo(f"warning: story {out.name}: {w}", err=True)
            if out.error is not None:
                ran.failed.append(_failed(out.name, out.error, batch.skip_bad))
                continue
            path = target(out.name)
            if path is not None and out.text is not None:
                _write(out.text, path)
            ran.written[out.name] = path
            ran.cached += out.cached
    except (NewsprismError, OSError):
        wrote = [p for p in ran.written.values() if p]
        click.echo(f"stopped after writing {len(wrote)} of {len(jobs)} reports", err=True)
        for p in wrote:
            click.echo(f"  wrote {p}", err=True)
        raise
    finally:
        progress.close()
        runner.close()
    return ran


def _batch_end(
    total: int, failed: list[str], where: str | None, skip_bad: bool, source: str, note: str = ""
) -> None:
    """The batch's summary line; exit 1 when a story failed (unless --skip-bad) or all did."""
    bad = len(failed)
    into = f" into {where}" if where else ""
    click.echo(f"{total - bad} of {total} stories done{into}{note}; {bad} failed", err=True)
    if total and bad == total:
        raise InputError(source, "no story could be analysed")
    if bad and not skip_bad:
        sys.exit(1)


_DB_HELP = (
    "The store: a file path or a sqlite:/// or postgresql:// URL "
    "[default: $NEWSPRISM_DB, else ./newsprism.db]."
)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help=_DB_HELP)
@click.option(
    "--no-fetch",
    is_flag=True,
    help="Keep a feed entry's own text instead of fetching the page it links to.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-input warnings.")
def ingest(paths: tuple[str, ...], db: str | None, no_fetch: bool, quiet: bool) -> None:
    """Add articles to the store and sort them into stories. PATHS: files, folders, '-' for
    stdin, http(s) URLs of pages or feeds; .txt .html .jsonl, RSS/Atom (.rss .atom .xml),
    WARC (.warc .warc.gz). Bad inputs are skipped with their reasons; re-ingesting is a no-op."""
    from tqdm import tqdm

    from newsprism.store import Store
    from newsprism.store import ingest as run_ingest

    bar = tqdm(
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        unit="article",
        leave=False,
        dynamic_ncols=True,
    )
    with _at_the_edge(), contextlib.closing(bar), Store.open(db) as store:
        result = run_ingest(
            store, list(paths), fetch=not no_fetch, progress=lambda _o: bar.update(1)
        )
    if not quiet:
        for o in result.outcomes:
            if o.status == "skipped":
                click.echo(f"skipped: {o.source}: {o.reason}", err=True)
        for note in result.notes:
            click.echo(f"read in part: {note}", err=True)
    click.echo(result.line(), err=True)
    if result.outcomes and all(o.status == "skipped" for o in result.outcomes):
        sys.exit(1)


@main.command()
@click.option("--db", default=None, help=_DB_HELP)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the stories and their articles as JSON."
)
def stories(db: str | None, as_json: bool) -> None:
    """List the stories in the store, newest activity first."""
    import json

    from newsprism.store import Store, story_json

    with _at_the_edge(), Store.open(db) as store:
        found = store.stories()
    if as_json:
        out = [story_json(s) for s in found]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for s in found:
        span = s["first"] if s["first"] == s["last"] else f"{s['first']} … {s['last']}"
        click.echo(
            f"{s['id']:>6}  {span or '(undated)':<23}  {_count(len(s['articles']), 'article')}  "
            f"{_count(s['outlets'], 'outlet')}  {_one_line(s['title'])}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n:>4} {noun}{'' if n == 1 else 's'}"


def _one_line(text: str | None, width: int = 90) -> str:
    flat = " ".join((text or "(untitled)").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@main.command()
@click.argument("story_id", type=int, required=False)
@click.option("--db", default=None, help=_DB_HELP)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every story in the store: computed where not cached (on the engine) and kept in the "
    "store; with -o, a folder that gets OUTPUT/<id>.<ext>.",
)
@_output(
    "Report file; the format comes from the extension (.json, .md, .html). '-' prints JSON. "
    "With --all, a folder (default: keep the reports in the store only)."
)
@_format("Output format, when the file name does not tell it (and for --all; default json).")
@_summary_words
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_engine_options
def report(
    story_id: int | None,
    db: str | None,
    every: bool,
    output: str,
    fmt: str | None,
    summary_words: int,
    quiet: bool,
    engine: str,
    workers: int | None,
    ray_address: str | None,
) -> None:
    """Write the report of story STORY_ID (computed on first use, then cached until the story
    changes); or, with --all, bring every story's report up to date."""
    from newsprism.store import Store

    opts = Options(summary_words=summary_words)
    batch = _Batch(engine, workers, ray_address, quiet)
    with _at_the_edge(output):
        if every:
            if story_id is not None:
                raise UsageError("give either STORY_ID or --all, not both")
            _report_all(db, output, fmt or "json", opts, batch)
            return
        if story_id is None:
            raise UsageError("give a STORY_ID (see `newsprism stories`), or --all")
        batch.refuse()
        fmt = fmt or format_for(output)
        with Store.open(db) as store:
            text = store.report(story_id, fmt, opts)
        _write(text, output)


def _report_all(db: str | None, outdir: str, fmt: str, opts: Options, batch: _Batch) -> None:
    """Every live story's report, computed by the workers, each writing its own story's report
    into the store in one transaction."""
    from newsprism.scale import Job, StoreReport
    from newsprism.store import Store

    with Store.open(db) as store:
        found = store.stories()
        url = store.shareable_url()
    if outdir != "-":
        _writable(outdir, folder=True)
    jobs = [Job(str(s["id"]), story_id=s["id"], size=len(s["articles"])) for s in found]
    folder = None if outdir == "-" else Path(outdir)

    def target(name: str) -> str | None:  # without -o, the reports stay in the store only
        return None if folder is None else str(folder / f"{name}.{fmt}")

    ran = _run_batch(jobs, StoreReport(url, opts, fmt), batch, target)
    note = f" ({ran.cached} already up to date)" if ran.cached else ""
    _batch_end(len(jobs), ran.failed, None if folder is None else outdir, False, "store", note)


@main.command()
@click.option("--db", default=None, help=_DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    default=None,
    envvar="NEWSPRISM_TOKEN",
    help="Require 'Authorization: Bearer TOKEN' for writes (POST) [env: NEWSPRISM_TOKEN].",
)
def serve(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the web app and HTTP API over the store (loopback only, unless --host says)."""
    import uvicorn

    from newsprism.web import create_app

    with _at_the_edge():
        app = create_app(db, token)
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(
            "warning: serving beyond this machine without --token: anyone can post", err=True
        )
    uvicorn.run(app, host=host, port=port, log_level="info")


@main.command("compare")
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help="Print the judgement as JSON.")
def compare_cmd(a: str, b: str, as_json: bool) -> None:
    """Do sentences A and B state the same claim? Prints same / partial / different / conflict,
    the probability of the same claim and what decided it."""
    import json

    from newsprism.relation import compare, to_dict

    try:
        result = compare(a, b)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except NewsprismError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.relation} (score {result.score:.2f})")
    for r in result.why:
        pull = f" ({r.effect:+.2f})" if r.effect else ""
        click.echo(f"  {r.name}: {r.detail}{pull}")


if __name__ == "__main__":  # pragma: no cover
    main()
