"""Fetching pages and feeds over HTTP (httpx): timeouts, a size cap, a polite user agent."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism import __name__ as _pkg
from newsprism.errors import InputError
from newsprism.options import Options

USER_AGENT = f"{_pkg}/0.1 (news story analysis; +https://pypi.org/project/newsprism/)"


@dataclass(slots=True, frozen=True)
class FetchConfig:
    timeout: float = 15.0  # seconds to connect, and between bytes read
    max_redirects: int = 5


@dataclass(slots=True)
class Page:
    url: str  # after redirects
    content_type: str
    data: bytes


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch(url: str, options: Options, config: FetchConfig | None = None) -> Page:
    """GET a URL; refuse what is larger than ``options.max_file_bytes``."""
    import httpx

    cfg = config or FetchConfig()
    cap = options.max_file_bytes
    try:
        with (
            httpx.Client(
                timeout=cfg.timeout,
                follow_redirects=True,
                max_redirects=cfg.max_redirects,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code != 200:
                raise InputError(url, f"HTTP {resp.status_code} {resp.reason_phrase}")
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise InputError(url, f"page too large ({declared} bytes; the cap is {cap})")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise InputError(url, f"page too large (more than {cap} bytes)")
                chunks.append(chunk)
            return Page(str(resp.url), resp.headers.get("Content-Type", ""), b"".join(chunks))
    except httpx.HTTPError as exc:
        raise InputError(url, f"cannot fetch: {type(exc).__name__}: {exc}") from exc
