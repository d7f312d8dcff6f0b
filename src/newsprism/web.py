"""The web app and HTTP API over a store (FastAPI): a thin shell over :mod:`newsprism.store`.

Pages: ``/`` (stories: search, date and outlet filters, pages), ``/stories/{id}`` (the story's
report, every citation opening its sentence in ``/articles/{id}#s12``), ``/articles/{id}``.
API: ``GET /api/stories``, ``GET /api/stories/{id}`` (the ``newsprism.report/1`` report),
``GET /api/articles/{id}``, ``POST /api/articles`` (a JSON object like a JSONL line, or a file
upload), documented at ``/docs`` (Swagger UI served by the app itself) and ``/openapi.json``.

Reports are computed by one background worker (the models are not shared between threads) and
cached in the store; a page whose report is being computed says so and reloads itself. Article
text is escaped everywhere and every page is served with a Content-Security-Policy that allows no
script (the API docs page excepted: Swagger UI is a script, and shows no article text).
"""

import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from newsprism.errors import InputError, NewsprismError, UsageError
from newsprism.model import Ref
from newsprism.options import Options
from newsprism.store import story_json

try:
    from fastapi import APIRouter, FastAPI, File, Query, Request, UploadFile
    from fastapi.concurrency import run_in_threadpool
    from fastapi.exceptions import RequestValidationError
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
except ImportError as exc:  # pragma: no cover - the web extra is not installed
    raise UsageError("the web app needs FastAPI: pip install newsprism") from exc

LOG = logging.getLogger("newsprism.web")
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(slots=True, frozen=True)
class WebConfig:
    max_body: int = 5_000_000  # bytes a POST may carry
    page_size: int = 25  # stories a page of the story list
    refresh_seconds: int = 3  # a page waiting for its report reloads this often


MAX_PAGE = 1000  # stories a page of the API, at most
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATE_OR_EMPTY = r"^(\d{4}-\d{2}-\d{2})?$"


@dataclass
class Reports:
    """One worker computes reports (and runs posted ingests): the models are not thread-safe."""

    store: Any
    options: Options
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="newsprism")
    )
    running: dict[int, Future[str]] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, story_id: int) -> Future[str]:
        with self.lock:
            job = self.running.get(story_id)
            if job is None or job.done():
                self.failed.pop(story_id, None)
                job = self.pool.submit(self._compute, story_id)
                self.running[story_id] = job
            return job

    def _compute(self, story_id: int) -> str:
        try:
            return str(self.store.report(story_id, "json", self.options))
        except NewsprismError as exc:
            self.failed[story_id] = str(exc)
            raise

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a model-using job on the worker and wait for it."""
        return self.pool.submit(fn, *args, **kwargs).result()


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def create_app(
    db: str | None = None, token: str | None = None, config: WebConfig | None = None
) -> FastAPI:
    """The app over the store at ``db``; with ``token``, writes need ``Authorization: Bearer``."""
    from importlib import resources

    from newsprism import __version__
    from newsprism.store import Store

    store = Store.open(db)
    reports = Reports(store, Options())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        reports.pool.shutdown(wait=False, cancel_futures=True)
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsprism",
        version=__version__,
        description="Stories from many news articles: cited summaries, facts, quotes, timelines.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.reports = reports
    app.state.config = config or WebConfig()
    app.state.token = token
    assets = resources.files("fastapi_offline") / "static"  # Swagger UI 5, no CDN
    app.mount("/static/swagger", StaticFiles(directory=str(assets)), name="swagger")
    app.middleware("http")(_guard)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.include_router(api)
    app.include_router(pages)
    return app


api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)


def _state(request: Request) -> tuple[Any, Reports, WebConfig]:
    st = request.app.state
    return st.store, st.reports, st.config


def _page(name: str, code: int = 200, **context: Any) -> HTMLResponse:
    from newsprism.render.html import _env  # the report's templates, shared

    return HTMLResponse(_env().get_template(name).render(**context), status_code=code)


async def _guard(request: Request, call_next: Any) -> Response:
    """Size cap on bodies; security headers on every response."""
    cap = request.app.state.config.max_body
    length = request.headers.get("content-length")
    if length and (not length.isdigit() or int(length) > cap):
        return _problem(413, f"request body too large (the cap is {cap} bytes)")
    response: Response = await call_next(request)
    docs = request.url.path.startswith(("/docs", "/static/swagger"))
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else PAGE_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):  # /stories/abc: no such id
        return _not_found(request, f"{request.url.path}: no such page")
    where = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
    )
    if request.url.path.startswith("/api/"):
        return _problem(422, where or "invalid request")
    return _page("web/message.html.j2", 422, heading="Bad request", message=where)


def _not_found(request: Request, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return _problem(404, message)
    return _page("web/message.html.j2", 404, heading="Not found", message=message)


# --- API ----------------------------------------------------------------------------------
@api.get("/stories", tags=["stories"])
def api_stories(
    request: Request,
    response: Response,
    q: Annotated[str | None, Query(max_length=200, description="full-text search")] = None,
    since: Annotated[str | None, Query(pattern=DATE)] = None,
    until: Annotated[str | None, Query(pattern=DATE)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[dict[str, Any]]:
    """Stories, newest activity first, as `newsprism stories --json` prints them (one page; the
    total is in the `X-Total-Count` header)."""
    store, _reports, _cfg = _state(request)
    total, found = store.list_stories(q, since, until, outlet, limit, offset)
    response.headers["X-Total-Count"] = str(total)
    return [story_json(s) for s in found]


@api.get("/stories/{story_id}", tags=["stories"])
def api_story(request: Request, story_id: int) -> Response:
    """The story's report (`newsprism.report/1`), computed on first request and cached."""
    store, reports, _cfg = _state(request)
    try:
        sid = store.resolve(story_id)
        text = store.cached_report(sid) or reports.start(sid).result()
    except InputError as exc:
        return _not_found(request, str(exc))
    except NewsprismError as exc:
        return _problem(422, str(exc))
    return Response(text, media_type="application/json")


@api.get("/articles/{article_id}", tags=["articles"])
def api_article(request: Request, article_id: int) -> Response:
    """One stored article: cleaned text, metadata, its story."""
    store, _reports, _cfg = _state(request)
    try:
        return JSONResponse(store.article(article_id))
    except InputError as exc:
        return _not_found(request, str(exc))


@api.post("/articles", tags=["articles"], status_code=201)
async def api_post_article(
    request: Request, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """Add articles and cluster them: a JSON object like a JSONL line (`text` required; `title`,
    `url`, `outlet`, `published`, `authors` optional) or a list of them, or a file upload
    (multipart field `file`: .txt, .html, .jsonl, RSS/Atom, WARC)."""
    from newsprism.store import ingest

    store, reports, cfg = _state(request)
    token = request.app.state.token
    if token and request.headers.get("authorization") != f"Bearer {token}":
        return _problem(401, "this server needs a token for writes: Authorization: Bearer <token>")
    try:
        raws = await _posted(request, file, cfg)
        result = await run_in_threadpool(reports.run, ingest, store, raws, fetch=False)
    except NewsprismError as exc:
        return _problem(400, str(exc))
    except Exception as exc:  # untrusted text that breaks a stage: the poster's 422, our log
        LOG.exception("posted article could not be processed")
        return _problem(422, f"the posted article could not be processed ({type(exc).__name__})")
    outcomes = [
        {k: getattr(o, k) for k in ("source", "status", "article", "story", "reason")}
        for o in result.outcomes
    ]
    if outcomes and all(o["status"] == "skipped" for o in outcomes):
        return _problem(400, "; ".join(f"{o['source']}: {o['reason']}" for o in outcomes))
    code = 201 if result.count("new") else 200
    body = {"summary": result.line(), "articles": outcomes, "notes": result.notes}
    return JSONResponse(body, status_code=code)


# --- pages --------------------------------------------------------------------------------
@pages.get("/docs")
def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="newsprism API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon.png",
    )


@pages.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(pattern=DATE_OR_EMPTY)] = None,
    until: Annotated[str | None, Query(pattern=DATE_OR_EMPTY)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10**6)] = 1,
) -> HTMLResponse:
    store, _reports, cfg = _state(request)
    size = cfg.page_size
    total, found = store.list_stories(
        q or None, since or None, until or None, outlet or None, size, (page_no - 1) * size
    )
    asked: dict[str, Any] = {"q": q, "since": since, "until": until, "outlet": outlet}
    params = {k: v for k, v in asked.items() if v}

    def url(n: int) -> str:
        return "/?" + urlencode({**params, "page": n})

    return _page(
        "web/index.html.j2",
        stories=found,
        total=total,
        outlets=store.outlets(),
        prev_url=url(page_no - 1) if page_no > 1 else None,
        next_url=url(page_no + 1) if page_no * size < total else None,
        **asked,
    )


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int) -> Response:
    store, reports, cfg = _state(request)
    try:
        sid = store.resolve(story_id)
    except InputError as exc:
        return _not_found(request, str(exc))
    if sid != story_id:  # merged into another story: its page is the living one
        return Response(status_code=307, headers={"Location": f"/stories/{sid}"})
    fragment = store.cached_report(sid, "page")
    _total, found = store.list_stories(limit=1, only=sid)
    title, articles = found[0]["title"], found[0]["articles"]
    if fragment:
        return _page("web/story.html.j2", title=title, page=fragment)
    job = reports.start(sid)
    if job.done() and sid in reports.failed:
        why = f"The report could not be computed: {reports.failed[sid]}"
        return _page("web/story.html.j2", title=title, status=why, articles=articles)
    return _page(
        "web/story.html.j2",
        title=title,
        status="The report is being computed.",
        articles=articles,
        refresh=cfg.refresh_seconds,
    )


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> Response:
    store, _reports, _cfg = _state(request)
    try:
        art = store.article(article_id)
    except InputError as exc:
        return _not_found(request, str(exc))
    paras = None
    if art["story"] is not None:
        cached = store.cached_report(art["story"])
        if cached:
            paras = _sentences(json.loads(cached), str(article_id))
    plain = [p for p in art["text"].split("\n\n") if p.strip()]
    return _page("web/article.html.j2", article=art, paragraphs=paras, plain=plain)


def _sentences(report: dict[str, Any], article_id: str) -> list[list[tuple[int, Any]]] | None:
    """An article's sentences, from its story's report, grouped by paragraph."""
    from newsprism.model import Sentence
    from newsprism.render.html import group_paragraphs

    art = next((a for a in report.get("articles", []) if a.get("id") == article_id), None)
    if art is None:
        return None
    sentences = [
        Sentence(
            s["start"],
            s["end"],
            s["text"],
            paragraph=s.get("paragraph", 0),
            heading=s.get("heading", False),
            duplicate_of=Ref(**s["duplicate_of"]) if s.get("duplicate_of") else None,
        )
        for s in art.get("sentences", [])
    ]
    return group_paragraphs(sentences)


async def _posted(request: Request, upload: UploadFile | None, cfg: WebConfig) -> list[Any]:
    """The articles a POST carries, read with the same parsers as files."""
    from pathlib import Path

    from newsprism.ingest import PARSERS, jsonl, read_feed
    from newsprism.ingest import kind as format_of

    opts = Options()
    if upload is not None:
        data = await upload.read(cfg.max_body + 1)
        if len(data) > cfg.max_body:
            raise InputError(upload.filename or "upload", "file too large")
        name = Path(upload.filename or "upload.txt").name[:200]
        fmt = format_of(Path(name))
        source = f"upload:{name}"
        if fmt is None:
            raise InputError(
                source,
                "unsupported file type; expected .txt .html .jsonl .rss .atom .xml .warc .warc.gz",
            )
        if fmt == "feed":
            return read_feed(data, source, opts, fetch=False)
        return PARSERS[fmt](data, source, Path(name).stem, opts)
    ctype = request.headers.get("content-type", "")
    if "json" not in ctype:
        raise InputError(
            "request",
            "send a JSON object (Content-Type: application/json) or a file upload "
            "(multipart field 'file')",
        )
    body = await request.body()
    if len(body) > cfg.max_body:
        raise InputError("request", "body too large")
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise InputError("request", f"invalid JSON: {str(exc)[:200]}") from exc
    items = obj if isinstance(obj, list) else [obj]
    if not items or len(items) > 1000:
        raise InputError("request", "send one article object or a list of 1 to 1000")
    try:
        lines = "".join(json.dumps(o) + "\n" for o in items)  # ASCII: escapes survive
    except (ValueError, RecursionError) as exc:  # pragma: no cover - loads refused it first
        raise InputError("request", "invalid JSON") from exc
    return jsonl.parse(lines.encode("ascii"), "request", "posted", opts)
