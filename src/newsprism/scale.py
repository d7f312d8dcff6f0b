"""Batch analysis of many stories on an engine.

``local`` runs the stories one after another in this process (the default; no Ray import).
``ray`` runs them on Ray actors, one per worker, each loading the models once and keeping them
for every story it is given. Both engines run the same task on the same records, so the reports
are the same: the driver reads the files (or names the store's stories), the workers analyse and
render, and only records and report text cross between them.

A story that fails (bad input, a bug, a worker that dies) becomes an :class:`Outcome` with an
``error``; the batch goes on.
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from newsprism.errors import NewsprismError, UsageError
from newsprism.options import Options
from newsprism.pipeline import Gathered, analyze_gathered

EngineName = Literal["local", "ray"]
ENGINES: tuple[EngineName, ...] = ("local", "ray")


@dataclass(frozen=True, slots=True)
class Job:
    """One story to analyse, shipped to a worker whole: either its gathered records or the id
    of a story in the store. ``size`` (characters or articles) starts the biggest first."""

    name: str
    story: Gathered | None = None
    story_id: int | None = None
    size: int = 0


@dataclass(slots=True)
class Outcome:
    """What became of one job: the rendered report, or why there is none."""

    name: str
    text: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    cached: bool = False  # the store already held an up-to-date report
    seconds: float = 0.0


Task = Callable[[Job], Outcome]


def _guarded(name: str, work: Callable[[], tuple[str, bool]]) -> Outcome:
    """Run one story's work, turning its failure into the outcome's error."""
    start = time.perf_counter()
    out = Outcome(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out.text, out.cached = work()
        except NewsprismError as exc:
            out.error = str(exc)
        except Exception as exc:  # a bug in one story must not stop the batch
            out.error = f"internal error: {type(exc).__name__}: {exc}"
    out.warnings = [str(w.message) for w in caught]
    out.seconds = time.perf_counter() - start
    return out


@dataclass(frozen=True, slots=True)
class AnalyseStory:
    """The task of ``analyze --each``: analyse a story's records and render its report."""

    options: Options
    fmt: str

    def __call__(self, job: Job) -> Outcome:
        from newsprism.render import render

        def work() -> tuple[str, bool]:
            if job.story is None:
                raise UsageError(f"job {job.name} carries no story")
            return render(analyze_gathered(job.story, self.options), self.fmt), False

        return _guarded(job.name, work)


class StoreReport:
    """The task of ``report --all``: compute and cache a store story's report, in the worker,
    in one transaction for that story. Each worker opens the store once (PostgreSQL is shared
    by workers on many machines; a SQLite file by workers on one machine)."""

    def __init__(self, db: str, options: Options, fmt: str) -> None:
        self.db, self.options, self.fmt = db, options, fmt
        self._store: Any = None

    def __getstate__(self) -> dict[str, Any]:  # a store connection never travels
        return {"db": self.db, "options": self.options, "fmt": self.fmt}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["db"], state["options"], state["fmt"])  # type: ignore[misc]

    def __call__(self, job: Job) -> Outcome:
        def work() -> tuple[str, bool]:
            if job.story_id is None:
                raise UsageError(f"job {job.name} names no story")
            if self._store is None:
                from newsprism.store import Store

                self._store = Store.open(self.db)
            cached = self._store.cached_report(job.story_id, self.fmt, self.options)
            if cached is not None:
                return cached, True
            return self._store.report(job.story_id, self.fmt, self.options), False

        return _guarded(job.name, work)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class Engine(Protocol):
    name: str
    workers: int

    def map(self, task: Task, jobs: Sequence[Job]) -> Iterator[Outcome]:
        """Run the task on every job; outcomes come as the jobs finish."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """This process, one story after another: the default, no server, no Ray."""

    name = "local"

    def __init__(self, workers: int = 1) -> None:
        if workers != 1:
            raise UsageError(
                "the local engine runs one story at a time; for --workers N use --engine ray"
            )
        self.workers = 1

    def map(self, task: Task, jobs: Sequence[Job]) -> Iterator[Outcome]:
        try:
            for job in jobs:
                yield task(job)
        finally:
            close = getattr(task, "close", None)
            if close is not None:
                close()

    def close(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class RayConfig:
    """How the Ray engine starts and places its workers."""

    cpus_per_worker: float = 1.0
    # one encoder thread a worker: workers share the cores instead of fighting for them (the
    # vectors are the same bit for bit whatever the thread count)
    encoder_threads: int = 1
    max_restarts: int = 3  # a worker that dies is restarted; its story alone fails
    object_store_bytes: int = 256 * 1024 * 1024  # for a cluster this engine starts itself


class _Worker:
    """A Ray actor's body: holds the task (and, through it, the models) for its lifetime. The
    process is the actor's own, so its settings go into its environment before any model
    loads."""

    def __init__(self, task: Task, env: dict[str, str]) -> None:
        os.environ.update(env)
        self.task = task

    def run(self, job: Job) -> Outcome:
        return self.task(job)


class RayEngine:
    """Ray actors, one per worker. Starts a local Ray cluster sized to the workers, or joins
    the cluster at ``address`` (``--ray-address`` / ``$RAY_ADDRESS``)."""

    name = "ray"

    def __init__(
        self, workers: int, address: str | None = None, config: RayConfig | None = None
    ) -> None:
        try:
            import ray
        except ImportError as exc:
            raise UsageError("--engine ray needs Ray: pip install 'newsprism[ray]'") from exc
        self.ray, self.workers, self.config = ray, workers, config or RayConfig()
        address = address or os.environ.get("RAY_ADDRESS") or None
        self._started = False
        self.env = {"NEWSPRISM_ENCODER_THREADS": str(self.config.encoder_threads)}
        if os.environ.get("NEWSPRISM_CACHE"):
            self.env["NEWSPRISM_CACHE"] = os.environ["NEWSPRISM_CACHE"]
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {
                "include_dashboard": False,
                "logging_level": logging.WARNING,
                "log_to_driver": False,
            }
            if address is None:  # a private cluster on this machine, sized to the workers
                # Ray turns token authentication on for it, and says so on every run: keep
                # the protection, drop the notice
                logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
                kwargs["num_cpus"] = max(1, round(workers * self.config.cpus_per_worker))
                kwargs["object_store_memory"] = self.config.object_store_bytes
            try:
                ray.init(address=address or "local", **kwargs)  # "local": never a stray one
            except (ConnectionError, ValueError, RuntimeError) as exc:
                raise UsageError(
                    f"cannot start or join Ray at {address or 'local'}: {exc}"
                ) from exc
            self._started = True

    def map(self, task: Task, jobs: Sequence[Job]) -> Iterator[Outcome]:
        ray = self.ray
        if not jobs:
            return
        from newsprism import nlp

        nlp.prepare_encoder()  # export the model file once, before the workers race to it
        actor = ray.remote(
            num_cpus=self.config.cpus_per_worker,
            max_restarts=self.config.max_restarts,
            max_task_retries=0,
        )(_Worker)
        pool = [actor.remote(task, self.env) for _ in range(min(self.workers, len(jobs)))]
        # the biggest stories first (popped from the end), so that no worker is left with a
        # long one at the end
        queue = sorted(jobs, key=lambda j: j.size)
        running: dict[Any, tuple[Any, Job]] = {}

        def give(worker: Any) -> None:
            if queue:
                job = queue.pop()
                running[worker.run.remote(job)] = (worker, job)

        try:
            for w in pool:
                give(w)
            while running:
                done, _ = ray.wait(list(running), num_returns=1)
                w, job = running.pop(done[0])
                yield self._outcome(done[0], job)
                give(w)
        finally:
            for ref in running:
                ray.cancel(ref, force=True)
            for w in pool:
                ray.kill(w)

    def _outcome(self, ref: Any, job: Job) -> Outcome:
        try:
            out: Outcome = self.ray.get(ref)
            return out
        except self.ray.exceptions.RayError as exc:  # the worker died or Ray failed the task
            return Outcome(job.name, error=f"worker failed: {type(exc).__name__}: {exc}"[:2000])

    def close(self) -> None:
        if self._started:
            self.ray.shutdown()
            self._started = False


def engine(name: str = "local", workers: int | None = None, address: str | None = None) -> Engine:
    """The engine by name: ``local`` (one worker, no Ray) or ``ray`` (``workers`` actors,
    default one per core of this machine)."""
    if name == "local":
        if address:
            raise UsageError("--ray-address needs --engine ray")
        return LocalEngine(1 if workers is None else workers)
    if name == "ray":
        return RayEngine(workers or os.cpu_count() or 1, address)
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
