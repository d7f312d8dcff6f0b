"""newsprism: what many news articles about one event say together and apart."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from newsprism.errors import InputError, NewsprismError, UsageError
from newsprism.model import Article, Entity, Fact, Quote, RawArticle, Ref, Report
from newsprism.options import Options
from newsprism.pipeline import analyze
from newsprism.relation import Comparison, compare
from newsprism.render import render, to_dict

try:
    __version__ = version("newsprism")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "Comparison",
    "Entity",
    "Fact",
    "InputError",
    "NewsprismError",
    "Options",
    "Quote",
    "RawArticle",
    "Ref",
    "Report",
    "UsageError",
    "__version__",
    "analyze",
    "compare",
    "render",
    "to_dict",
]
