"""The ``newsprism`` command: a thin shell over the library.

Exit codes: 0 ok, 1 bad input, 2 usage.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from newsprism import __version__
from newsprism.errors import InputError, NewsprismError, UsageError
from newsprism.options import BOUNDS, Options
from newsprism.pipeline import analyze as run_analysis
from newsprism.render import format_for, render

STAGES = ("read", "annotate", "entities", "quotes", "facts", "summary")


class _Progress:
    """A progress bar on stderr that only appears once a run takes more than a moment."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total,
            file=sys.stderr,
            delay=2.0,
            disable=not enabled or not sys.stderr.isatty(),
            unit="step",
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
def analyze(
    paths: tuple[str, ...],
    output: str,
    each: str | None,
    fmt: str | None,
    summary_words: int,
    skip_bad: bool,
    no_embeddings: bool,
    quiet: bool,
) -> None:
    """Analyse PATHS (files, folders, '-' for stdin) as one story and write a report."""
    opts = Options(summary_words=summary_words, skip_bad=skip_bad, embeddings=not no_embeddings)
    with _at_the_edge(output):
        if each:
            if paths:
                raise UsageError("give either PATHS or --each PARENT, not both")
            _analyze_each(Path(each), output, fmt or "json", opts, quiet)
            return
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


def _analyze_each(parent: Path, outdir: str, fmt: str, opts: Options, quiet: bool) -> None:
    if not parent.is_dir():
        raise InputError(str(parent), "no such folder")
    if outdir == "-":
        raise UsageError("--each needs -o OUTDIR, a folder for the reports")
    stories = sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not stories:
        raise InputError(str(parent), "holds no subfolders to analyse")
    _writable(outdir, folder=True)
    progress = _Progress(len(stories), enabled=not quiet)
    failed, written = 0, []
    try:
        for story in stories:
            progress.step(story.name)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        report = run_analysis([story], opts)
                    finally:
                        _show_warnings(caught)
            except InputError as exc:
                if not opts.skip_bad:
                    raise
                click.echo(f"warning: skipped story {story.name}: {exc}", err=True)
                failed += 1
                continue
            target = str(Path(outdir) / f"{story.name}.{fmt}")
            _write(render(report, fmt), target)
            written.append(target)
    except (NewsprismError, OSError):
        click.echo(f"stopped after writing {len(written)} of {len(stories)} reports", err=True)
        for target in written:
            click.echo(f"  wrote {target}", err=True)
        raise
    finally:
        progress.close()
    if failed == len(stories):
        raise InputError(str(parent), "no story could be analysed")


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
@click.argument("story_id", type=int)
@click.option("--db", default=None, help=_DB_HELP)
@_output("Report file; the format comes from the extension (.json, .md, .html). '-' prints JSON.")
@_format("Output format, when the file name does not tell it.")
@_summary_words
def report(story_id: int, db: str | None, output: str, fmt: str | None, summary_words: int) -> None:
    """Write the report of story STORY_ID (computed on first use, then cached until the story
    changes)."""
    from newsprism.store import Store

    with _at_the_edge(output):
        fmt = fmt or format_for(output)
        with Store.open(db) as store:
            text = store.report(story_id, fmt, Options(summary_words=summary_words))
        _write(text, output)


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
