import pytest

from newsprism.shorten import variants
from tests.conftest import make_article

pytestmark = pytest.mark.model  # the cuts read the parse

SHORTENED = [  # sentence, its shortest form (None: nothing may be left out)
    (
        "Amid new threats to test a bomb in the Pacific, President Trump tweeted a warning.",
        "President Trump tweeted a warning.",
    ),
    (
        "Kim Jong Un, the North Korean leader, said the test would go ahead.",
        "Kim Jong Un said the test would go ahead.",
    ),
    (
        "The plan, which was announced on Monday, cuts spending by 10 percent.",
        "The plan cuts spending by 10 percent.",
    ),
    ("He met Smith, a spokesman, and Jones on Friday.", "He met Smith and Jones on Friday."),
    (
        "Officials sent workers to Wuhan, China, the epicenter of the outbreak, without training.",
        "Officials sent workers to Wuhan, China, without training.",
    ),
    (
        "The administration proposed a $4.7 trillion budget (the largest ever) on Monday.",
        "The administration proposed a $4.7 trillion budget on Monday.",
    ),
    (
        "Stocks fell by nearly 10 percent, triggering a halt to trading.",
        "Stocks fell by nearly 10 percent.",
    ),
    ("If talks fail, sanctions will follow within a week.", None),  # a condition stays
    ("According to police, the man fled the scene on foot.", None),  # an attribution stays
    ("The leader, Kim Jong Un, said the test would go ahead.", None),  # the name stays
    # a misparse (the aside hangs from the subject, far away) is left alone
    (
        "At least 60 percent of the staff is white, a share in line with the census, "
        "according to 2019 data.",
        None,
    ),
    ("“We will, as always, win the vote,” the minister said.", None),  # quoted words stay
    # asides of one word in a row go together, and a comma stays where another part follows
    (
        "Rute Vicente Oliveira, 48, a manicurist, also planned to vote for Cardoso.",
        "Rute Vicente Oliveira also planned to vote for Cardoso.",
    ),
    (
        "Pinochet, 82, in London for surgery, was held after police received a warrant.",
        "Pinochet, in London for surgery, was held after police received a warrant.",
    ),
    (
        "Police met Rute Vicente Oliveira, 48, a manicurist, on Monday in Rio.",
        "Police met Rute Vicente Oliveira on Monday in Rio.",
    ),
    # a comma never parts the subject from its verb, whatever the parse made of the subject
    (
        "In Lisbon, Jamsheed Marker, the U.N. envoy for East Timor, said late Thursday that "
        "Portugal and Indonesia are mulling a new proposal.",
        "In Lisbon, Jamsheed Marker said late Thursday that Portugal and Indonesia are mulling "
        "a new proposal.",
    ),
    # "he said": who "he" is lies in another sentence; a named speaker stays
    (
        "Seventeen others died in landslides in nearby Camarines Sur province, he said.",
        "Seventeen others died in landslides in nearby Camarines Sur province.",
    ),
    ("The union, she said on Tuesday, will accept the plan.", "The union will accept the plan."),
    ("Seventeen others died in landslides in the province, police said.", None),
    # a closing clause of its own claim goes, a condition stays
    (
        "State radio announced that Kim planned to hold off launching missiles at Guam, "
        "while the United States said it was ready to defend the territory.",
        "State radio announced that Kim planned to hold off launching missiles at Guam.",
    ),
    (
        "The union accepted the plan, although many members opposed it.",
        "The union accepted the plan.",
    ),
    ("Sanctions will follow within a week, unless the talks succeed.", None),
    # a list before the verb is a misparsed subject, not an opening phrase
    (
        "That meeting and the charge of an illegal offer to divide the market for browsers, "
        "the software used to navigate the Web, are central to the suit.",
        None,
    ),
]


@pytest.mark.parametrize(("sentence", "shortest"), SHORTENED)
def test_shortened_forms(sentence, shortest):
    art = make_article("a", [sentence], parse=True)
    forms = variants(art.sentences[0])
    if shortest is None:
        assert forms == []
    else:
        assert min(forms, key=lambda v: len(v.text)).text == shortest
        assert all(v.rules and v.dropped for v in forms)
