"""WARC and WARC.gz crawls (warcio): every HTML response record is one page, read as HTML."""

from __future__ import annotations

import io
import warnings

from newsprism.errors import InputError, PartialInput, SkippedInput
from newsprism.ingest import html
from newsprism.model import RawArticle
from newsprism.options import Options


def parse(data: bytes, source: str, stem: str, options: Options) -> list[RawArticle]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

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
    except Exception as exc:  # an unreadable file (ArchiveLoadFailed), or warcio on a malformed
        if not out:  # or cut-off record: AttributeError, EOFError, zlib.error... (untrusted bytes)
            if isinstance(exc, ArchiveLoadFailed):
                raise InputError(source, f"not a readable WARC file: {exc}") from exc
            problem = f"malformed WARC record ({type(exc).__name__}: {exc})"
            raise InputError(source, problem) from exc
        warnings.warn(  # a crawl cut off mid-record: what was read before stands
            f"{source}: the rest is unreadable after {pages} HTML pages "
            f"({type(exc).__name__}: {str(exc)[:120]}); kept {len(out)} article"
            + ("" if len(out) == 1 else "s"),
            PartialInput,
            stacklevel=2,
        )
    if not out:
        raise InputError(source, f"no HTML pages with article text in the WARC ({pages} pages)")
    return out
