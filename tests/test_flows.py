import re

from newsprism.extract.flows import flows, opposite, place_key, shared


def _flows(text, *places):
    return flows(text, [(m.start(), m.end(), p) for p in places for m in [re.search(p, text)]])


def test_place_keys_join_countries_and_peoples():
    assert place_key("Russia’s") == place_key("Russian") == "russ"
    assert place_key("China") == place_key("Chinese")


def test_direction_of_trade_from_its_wording():
    russia_to_china = {("russ", "chin")}
    assert _flows("China increased its imports of Russian raw materials.", "China", "Russian") == (
        russia_to_china
    )
    assert _flows(
        "Chinese purchases of Russian crude reached $35 billion.", "Chinese", "Russian"
    ) == (russia_to_china)
    assert _flows("Russian oil exports to China totaled 7 million tons.", "Russian", "China") == (
        russia_to_china
    )
    assert _flows(
        "Chinese exports to Russia of microchips have increased.", "Chinese", "Russia"
    ) == {("chin", "russ")}
    assert _flows("Russia’s imports from China have been a huge help.", "Russia", "China") == {
        ("chin", "russ")
    }


def test_one_end_known_and_no_trade_at_all():
    assert _flows("it has increased its purchases of Russian oil and gas", "Russian") == {
        ("russ", None)
    }
    assert _flows("Putin will seek to boost energy exports to China.", "China") == {(None, "chin")}
    assert _flows("China and Russia held joint military exercises.", "China", "Russia") == set()


def test_opposite_and_shared_flows():
    imports = frozenset({("russ", "chin")})
    exports = frozenset({("chin", "russ")})
    partial = frozenset({("russ", None)})
    assert opposite(imports, exports) and not shared(imports, exports)
    assert shared(imports, partial) and not opposite(imports, partial)
    assert not shared(exports, partial)
