"""Plain-text articles: the whole file is one article; cleaning recovers its metadata."""

from __future__ import annotations

from newsprism.ingest.common import decode
from newsprism.model import RawArticle
from newsprism.options import Options


def parse(data: bytes, source: str, stem: str, options: Options) -> list[RawArticle]:
    return [RawArticle(id=stem, source=source, text=decode(data, source, options))]
