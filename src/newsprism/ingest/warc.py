"""WARC and WARC.gz crawls (warcio): every HTML response record is one page, read as HTML."""

from __future__ import annotations

import io
import warnings

from newsprism.errors import InputError
from newsprism.ingest import html
from newsprism.model import RawArticle
from newsprism.options import Options


def parse(data: bytes, source: str, stem: str, options: Options) -> list[RawArticle]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from newsprism.ingest import PartialInput, SkippedInput

    out: list[RawArticle] = []
    pages = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode()
            if "html" not in ctype or status != "200":
                continue
            pages += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record{pages}"
            body = record.content_stream().read(options.max_file_bytes + 1)
            where = f"{source}#{uri}"
            try:
                for art in html.parse(body, where, f"{stem}-{pages}", options):
                    art.url = art.url or uri
                    out.append(art)
            except InputError as exc:  # one bad page does not spoil the crawl
                warnings.warn(str(exc), SkippedInput, stacklevel=2)
    except ArchiveLoadFailed as exc:
        if not out:
            raise InputError(source, f"not a readable WARC file: {exc}") from exc
        broken: Exception | None = exc
    except Exception as exc:  # warcio on a malformed or cut-off record: AttributeError, EOFError,
        if not out:  # zlib.error, ValueError...; the crawl's untrusted bytes decide which
            raise InputError(
                source, f"malformed WARC record ({type(exc).__name__}: {exc})"
            ) from exc
        broken = exc
    else:
        broken = None
    if broken is not None:  # a crawl cut off mid-record: what was read before stands
        warnings.warn(
            f"{source}: the rest is unreadable after {pages} HTML pages "
            f"({type(broken).__name__}: {str(broken)[:120]}); kept {len(out)} article"
            + ("" if len(out) == 1 else "s"),
            PartialInput,
            stacklevel=2,
        )
    if not out:
        raise InputError(source, f"no HTML pages with article text in the WARC ({pages} pages)")
    return out
