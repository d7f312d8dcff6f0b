from newsprism.model import Article, Ref
from newsprism.origins import Origins, article_origins, copied_sentences, copy_groups
from tests.conftest import make_article

WIRE = [
    "The central bank raised its main interest rate by half a point on Tuesday.",
    "It was the third increase this year as inflation stayed far above the target.",
    "Markets had expected the move after weeks of signals from policymakers.",
]


def test_wire_copies_found_and_counted_once():
    a = make_article("a", WIRE)
    b = make_article("b", [*WIRE[:2], "Shares rose after the decision was announced."])
    c = make_article(
        "c",
        [
            "Rates went up again, a move few traders had doubted after hints.",
            "Officials said prices are rising too fast.",
            "Banks will follow.",
        ],
    )
    assert copy_groups([a, b, c]) == [["a", "b"]]
    origins = Origins([a, b, c], [Ref(x.id, i) for x in (a, b, c) for i in range(3)])
    assert origins.count([Ref("a", 0), Ref("b", 0)]) == 1
    assert origins.count([Ref("a", 0), Ref("b", 0), Ref("c", 0)]) == 2


def test_verbatim_sentence_in_otherwise_different_article():
    a = make_article("a", WIRE)
    b = make_article(
        "b",
        [
            "A different story opens this one with other words entirely.",
            WIRE[0],
            "And it ends differently as well, with a comment.",
        ],
    )
    pairs = copied_sentences([a, b], [Ref("a", 0), Ref("b", 1), Ref("a", 2)])
    assert pairs == [(Ref("a", 0), Ref("b", 1))]


def test_minhashes_sharing_permutations_equal_fresh_ones():
    import numpy as np
    from datasketch import MinHash

    from newsprism.origins import NUM_PERM, _minhash, shingles

    items = shingles("Putin met Xi in Samarkand on Thursday for talks on trade.", 3)
    fresh = MinHash(num_perm=NUM_PERM, seed=7)
    fresh.update_batch(list(items))
    assert np.array_equal(_minhash(items).hashvalues, fresh.hashvalues)
    assert _minhash(items).permutations is _minhash(set()).permutations  # drawn once


def test_copies_of_one_text_share_one_origin():
    arts = [Article(id=i, source=f"{i}.txt", text="x") for i in ("a", "b", "c", "d")]
    got = article_origins(arts, [["b", "d"]])
    assert got["b"] == got["d"]
    assert len({got["a"], got["b"], got["c"]}) == 3
