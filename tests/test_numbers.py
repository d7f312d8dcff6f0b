import pytest

from newsprism.extract.numbers import value_of


@pytest.mark.parametrize(
    "text,value",
    [
        ("$35 billion", 35e9),
        ("50,000", 50000),
        ("7.6%", 7.6),
        ("4 percent", 4),
        ("7.15 million tons", 7.15e6),
        ("five", 5),
        ("3,500 square miles", 3500),
        ("nothing", None),
    ],
)
def test_value_of(text, value):
    assert value_of(text) == value
