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


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, figure, measure",
    [
        ("Police found three teen-agers in the hall.", "three", "teen-ager"),
        ("They held a three-way summit.", "three", None),
        ("China's No. 3 official, Li Zhanshu, spoke.", "3", None),
        ("Last week, China's number three, Li Zhanshu, spoke.", "three", None),
        ("He is the only leader of the Group of 20 industrialized nations to stay.", "20", None),
        ("Of 20 passengers, 12 died.", "20", "passenger"),
        ("A total of 20 people died in the blast.", "20", "people"),
        (
            "Estrada declared Catanduanes and three other provinces under a state of calamity.",
            "three",
            None,
        ),
        ("Rescuers found two more bodies on Sunday.", "two", None),
        ("Another 20 people died in the floods.", "20", None),
        ("Talks are over items in the remaining seven bills.", "seven", None),
        ("Since 1998, 176 people were kidnapped and 90 of them released.", "90", None),
        ("Since 1998, 176 people were kidnapped and 90 of them released.", "176", "people"),
        ("More than 20 people died in the floods.", "More than 20", "people"),
        ("The fire killed 60 people and injured 162 others.", "162", None),
        ("The fire killed 60 people and injured 162 others.", "60", "people"),
        ("The heat rose to 600 degrees (1,100 F) in minutes.", "1,100", None),
        ("Exports reached $35 billion last year.", "$35 billion", "export"),
        ("The blast killed two and wounded 21 Israelis.", "two", None),
        ("The death toll reached 83 on Friday.", "83", "toll"),
        ("The death toll rose to 85 on Saturday.", "85", "toll"),
    ],
)
def test_what_a_figure_measures(sentence, figure, measure):
    from newsprism.extract.numbers import find
    from newsprism.nlp import pipeline

    found = {n.text: n.measure for n in find(pipeline()(sentence), lambda _: 0)}
    assert found[figure] == measure
