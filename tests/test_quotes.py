import pytest

from newsprism.extract.quotes import find, quote_spans
from newsprism.extract.speakers import Reader, described, genders
from tests.conftest import annotated, make_article

pytestmark = pytest.mark.model  # the speaker rules read the parse


def _parsed(aid, sentences, published=None, mentions=None):
    return make_article(aid, sentences, published, mentions, parse=True)


def _spans(text):
    return [(text[s.start : s.end], s.closed) for s in quote_spans(text, 0, len(text))]


def test_quote_styles():
    assert _spans("He said “curly words here” today.") == [("curly words here", True)]
    assert _spans('He said "straight words here" today.') == [("straight words here", True)]
    assert _spans("He said ``backtick words here'' today.") == [("backtick words here", True)]
    assert _spans("He said «guillemet words here» today.") == [("guillemet words here", True)]


def test_unclosed_quote_runs_to_paragraph_end():
    text = "“The first part of a long quote that never closes in this paragraph"
    assert _spans(text) == [(text[1:], False)]


def _quotes(sentences, mentions):
    article = _parsed("a", sentences, None, mentions)
    return [(q.text, q.speaker, q.kind) for q in find(article)]


def test_speaker_after_quote_inverted_and_told():
    got = _quotes(
        [
            "“We will not change our willingness to work together,” said Yun Sun.",
            "“It is important to show Russia is not isolated,” Alexander Gabuev told "
            "The Moscow Times.",
        ],
        [("Yun Sun", "PERSON"), ("Alexander Gabuev", "PERSON"), ("The Moscow Times", "ORG")],
    )
    assert got == [
        ("We will not change our willingness to work together,", "Yun Sun", "direct"),
        ("It is important to show Russia is not isolated,", "Alexander Gabuev", "direct"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "After saying her right foot was “so swollen I could barely get my shoe on,” she rested.",
        "It’s denouncing what it calls “the single-biggest coordinated media attack in history.”",
    ],
)
def test_a_capitalised_word_that_is_no_noun_never_speaks(sentence):
    assert all(speaker is None for _, speaker, _ in _quotes([sentence], []))


def test_pronoun_and_continuation_paragraph():
    got = _quotes(
        [
            "“These interests match with Russian ones in many ways,” he said.",
            "“Beijing, like no other, benefits from the current situation.”",
        ],
        [],
    )
    assert got[0][1] is None  # no one named before: unknown, not a guess
    got = _quotes(
        [
            "Umarov spoke at length to the press about the meeting.",
            "“These interests match with Russian ones in many ways,” he said.",
            "“Beijing, like no other, benefits from the current situation.”",
        ],
        [("Umarov", "PERSON")],
    )
    assert [s for _, s, _ in got] == ["Umarov", "Umarov"]


def test_scare_quotes_are_not_speech():
    got = _quotes(["The two declared a “no limits” friendship in the capital city."], [])
    assert got == []


def test_names_of_things_are_not_partial_quotes():
    got = _quotes(
        ["Putin said he backs Beijing’s “One China” policy on Taiwan without doubt."],
        [("Putin", "PERSON")],
    )
    assert got == []


def test_transcript_speaker_label():
    got = find(
        _parsed(
            "a",
            [
                "PENCE: Well, look, this is serious business for the voters.",
                "WALLACE: But I have got to ask you about the debate tonight.",
            ],
        )
    )
    assert [(q.speaker, q.text[:9]) for q in got] == [
        ("PENCE", "Well, loo"),
        ("WALLACE", "But I hav"),
    ]


def test_attribution_in_the_line_before():
    got = _quotes(["He said:", "“We have a situation where our inner cities are in trouble.”"], [])
    assert got and got[0][1] is None  # a pronoun with no one named before it stays unknown
    art = _parsed(
        "a",
        [
            "Yun Sun spoke to reporters.",
            "She said:",
            "“We have a situation where our inner cities are in trouble.”",
        ],
        mentions=[("Yun Sun", "PERSON")],
    )
    (quote,) = [q for q in find(art) if q.kind == "direct"]
    assert quote.speaker == "Yun Sun" and art.text[slice(*quote.source)] == "She"


def test_inverted_indirect_speech_needs_its_comma():
    art = _parsed(
        "a",
        [
            "During the rally Monday, the former president said taxes would fall.",
            "Beijing will watch the front lines closely, said Alexander Gabuev.",
        ],
        mentions=[("Alexander Gabuev", "PERSON")],
    )
    described, quote = find(art)
    assert quote.speaker == "Alexander Gabuev" and quote.kind == "indirect"
    assert quote.text.startswith("Beijing will watch")
    assert art.text[slice(*described.source)] == "the former president"  # a description
    assert described.text.startswith("taxes would fall") and described.kind == "indirect"


def test_reported_subject_is_not_the_speaker():
    art = _parsed(
        "a",
        ["Speaking at a rally, Trump says he is making “a demand” of the president tonight."],
        mentions=[("Trump", "PERSON")],
    )
    (quote,) = find(art)
    assert quote.speaker == "Trump" and art.text[slice(*quote.source)] == "Trump"


def test_where_it_was_said_is_not_who_said_it():
    got = _quotes(
        [
            "“Absolutely hate this framing of the necessity of voting,” a writer said on Twitter.",
            "According to exit polls, Mitt Romney had a ten-point lead among the group in 2012.",
        ],
        [("Twitter", "ORG"), ("Mitt Romney", "PERSON")],
    )
    assert [s for _, s, _ in got] == [None]


def test_appositive_subject_speaks_not_the_name_after_said():
    art = _parsed(
        "a",
        [
            "Derek Mitchell, who served as ambassador to Burma until this year, said Clinton "
            "reached out to McConnell on Burma in 2009."
        ],
        mentions=[("Derek Mitchell", "PERSON"), ("Clinton", "PERSON"), ("McConnell", "PERSON")],
    )
    (quote,) = find(art)
    assert quote.speaker == "Derek Mitchell" and quote.text.startswith("Clinton reached out")


def test_a_country_reports_speech_and_a_clause_with_no_subject_is_not_said():
    got = _quotes(
        [
            "Russian troops have been killed by the hundreds near Kharkiv, Ukraine said.",
            "Everything Trump says is a lie unless proven otherwise.",
        ],
        [("Ukraine", "GPE"), ("Kharkiv", "GPE"), ("Trump", "PERSON")],
    )
    assert got == [
        ("Russian troops have been killed by the hundreds near Kharkiv.", "Ukraine", "indirect")
    ]


def test_trailing_attribution_and_adverbials_are_not_content():
    art = _parsed(
        "a",
        [
            "Trump could be persuaded if it is a good business decision, Sen. Lindsey Graham "
            "told The Huffington Post on Thursday.",
            "Clinton says at a stop in Toledo, Ohio, that Trump never paid for Pell Grants.",
            "Everything Trump says is a lie unless proven otherwise.",
        ],
        mentions=[
            ("Lindsey Graham", "PERSON"),
            ("The Huffington Post", "ORG"),
            ("Clinton", "PERSON"),
            ("Trump", "PERSON"),
        ],
    )
    got = [(q.speaker, q.text) for q in find(art)]
    assert got == [
        ("Lindsey Graham", "Trump could be persuaded if it is a good business decision."),
        ("Clinton", "Trump never paid for Pell Grants."),
    ]


def test_double_apostrophe_quotes_open_and_close():
    text = "He called it ''a very productive partnership with everyone,'' and left."
    assert _spans(text) == [("a very productive partnership with everyone,", True)]


def test_long_title_case_quotes_are_names():
    got = _quotes(
        ["On an episode of “The Steve Harvey Morning Show,” Clinton said she would speak."],
        [("Clinton", "PERSON")],
    )
    assert all("Steve Harvey" not in t for t, _, _ in got)


def test_calling_names_is_a_partial_quote_of_the_caller():
    got = _quotes(
        [
            "At a fundraiser in New York, Clinton called half of Trump’s supporters “deplorables.”",
            "The union called Clinton a “champion” for its members across the country.",
            "She would install what has become known as the ''Buffett rule'' on the richest.",
        ],
        [("Clinton", "PERSON"), ("Trump", "PERSON")],
    )
    assert got == [("deplorables.", "Clinton", "partial")]


def test_quote_signed_with_a_dash():
    art = _parsed(
        "a",
        ["“He represents our greatest shame as a country, and I say it loudly.” ― Sonya Herridge"],
    )
    (quote,) = find(art)
    assert quote.speaker == "Sonya Herridge" and quote.cue == "―"
    assert art.text[slice(*quote.source)] == "Sonya Herridge"
    art = _parsed("a", ["“We will win this fight, whatever it costs us.” — That was the message."])
    assert find(art)[0].speaker is None


def test_the_one_talked_about_after_a_cue_is_not_the_speaker():
    got = _quotes(
        [
            "The Indiana governor said Democrats are to blame for focusing on “he said this.”",
            "Clinton says Donald Trump’s late-night tweets were “unhinged, even for him.”",
            "Though she called Wells Fargo’s behavior “outrageous” and called for more, she left.",
        ],
        [
            ("Democrats", "NORP"),
            ("Clinton", "PERSON"),
            ("Donald Trump", "PERSON"),
            ("Wells Fargo", "ORG"),
        ],
    )
    assert ("unhinged, even for him.", "Clinton", "partial") in got
    assert all(s not in ("Democrats", "Donald Trump", "Wells Fargo") for _, s, _ in got)


def test_an_unnamed_speaker_is_located_but_not_named():
    art = _parsed("a", ["“We do not see a link to terrorism at this point,” the mayor said."])
    (quote,) = find(art)
    assert quote.speaker is None and art.text[slice(*quote.source)] == "the mayor"
    art = _parsed(
        "a",
        ["“They are in a frenzy that is disorganized,” said one Democratic source on the panel."],
    )
    (quote,) = find(art)
    assert art.text[slice(*quote.source)] == "one Democratic source on the panel"


def test_the_name_next_to_the_cue_wins():
    art = _parsed(
        "a",
        [
            "The White House may wait while Secretary of State John Kerry negotiates, Schiff "
            "said. “The other factor is the appearance of tipping the scales,” he added.",
            "“My reaction, that was outrageous,” Obama’s former campaign strategist said Friday.",
        ],
        [("John Kerry", "PERSON"), ("Obama", "PERSON")],
    )
    got = {q.text[:12]: (q.speaker, art.text[slice(*q.source)]) for q in find(art)}
    assert got["The other fa"][0] == "Schiff"
    assert got["My reaction,"] == (None, "Obama’s former campaign strategist")


def test_according_to_keeps_what_was_said_not_who_said_it():
    art = _parsed(
        "a",
        [
            "One likely outcome is an agreement to boost technology exports, according to Temur "
            "Umarov, an expert on China at the Carnegie Endowment.",
            "According to Temur Umarov, an expert on China, the two sides will sign a deal soon.",
        ],
        mentions=[("Temur Umarov", "PERSON")],
    )
    assert [q.text for q in find(art)] == [
        "One likely outcome is an agreement to boost technology exports.",
        "the two sides will sign a deal soon.",
    ]


# "he" and "she": the person the pronoun fits, by an honorific or a given name; one case a line:
# (sentences, mentions, the speaker of the last quote)
PRONOUN_CASES = [
    (  # the last person quoted, when the pronoun fits
        [
            "“We will win this state,” said Hillary Clinton.",
            "Donald Trump answered her at a rally in Ohio.",
            "“Our plan is working very well,” she said.",
        ],
        [("Hillary Clinton", "PERSON"), ("Donald Trump", "PERSON")],
        "Hillary Clinton",
    ),
    (  # ... and not when it does not: the last person named whom it fits
        [
            "“We will win this state,” said Hillary Clinton.",
            "Donald Trump answered her at a rally in Ohio.",
            "“Our plan is not working at all,” he said.",
        ],
        [("Hillary Clinton", "PERSON"), ("Donald Trump", "PERSON")],
        "Donald Trump",
    ),
    (  # an honorific tells it for a name no list knows
        [
            "Mr. Putney met Jennifer Roberts at city hall on Tuesday.",
            "“The footage does not give absolute evidence,” he said.",
        ],
        [("Putney", "PERSON"), ("Jennifer Roberts", "PERSON")],
        "Putney",
    ),
    (  # unknown gender fits either pronoun: the subject before it, not the nearest name
        [
            "Kim Jong Un met Xi Jinping in Beijing on Monday.",
            "“The talks went very well for both sides,” he said.",
        ],
        [("Kim Jong Un", "PERSON"), ("Xi Jinping", "PERSON")],
        "Kim Jong Un",
    ),
    (  # ... and with no subject to go by, the last person named
        [
            "The talks in Beijing on Monday brought Kim Jong Un and Xi Jinping together.",
            "“The talks went very well for both sides,” he said.",
        ],
        [("Kim Jong Un", "PERSON"), ("Xi Jinping", "PERSON")],
        "Xi Jinping",
    ),
]


@pytest.mark.parametrize(("sentences", "mentions", "speaker"), PRONOUN_CASES)
def test_he_and_she_go_to_the_person_they_fit(sentences, mentions, speaker):
    assert _quotes(sentences, mentions)[-1][1] == speaker


def test_genders_from_honorifics_and_given_names():
    text = "Mr. Putney met Hillary Clinton and Chris Smith."
    art = _parsed(
        "a",
        [text],
        None,
        [("Putney", "PERSON"), ("Hillary Clinton", "PERSON"), ("Chris Smith", "PERSON")],
    )
    found = genders(text, art.mentions)
    assert found == {"Putney": "m", "Hillary Clinton": "f", "Clinton": "f"}  # Chris: either


# a definite description's role word refers back to the person named with that role
DESCRIBED_CASES = [
    ("Vermont Sen. Bernie Sanders spoke first.", "senator", "Bernie Sanders"),
    ("President Barack Obama arrived on Friday.", "president", "Barack Obama"),
    ("Kerr Putney, the Charlotte police chief, spoke.", "chief", None),  # no role word
    ("Kerr Putney, the city's mayor, spoke.", "mayor", "Kerr Putney"),
    ("Bernie Sanders spoke first.", "senator", None),  # never named with that role
]


@pytest.mark.parametrize(("before", "role", "speaker"), DESCRIBED_CASES)
def test_the_person_a_description_refers_to(before, role, speaker):
    name = speaker or next(n for n in ("Bernie Sanders", "Kerr Putney") if n in before)
    art = _parsed("a", [before], None, [(name, "PERSON")])
    reader = Reader(art.text, art.sentences, art.mentions, {}, [])
    assert described(role, len(before), reader) == speaker


def test_an_indefinite_description_brings_in_someone_new():
    art = _parsed(
        "a",
        [
            "Vermont Sen. Bernie Sanders spoke first.",
            "“We do not see a link to terrorism at this point,” a senator said.",
        ],
        None,
        [("Bernie Sanders", "PERSON")],
    )
    (quote,) = find(art)
    assert quote.speaker is None and art.text[slice(*quote.source)] == "a senator"


# The speech verb that governs the quoted words, read from the parse, and its subject; one case a
# line: (paragraphs, the quote's opening words, its speaker)
GOVERNED_CASES = [
    (  # the subject speaks, not the organisation in its appositive
        [
            "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Security "
            "Council, said North Korea's latest test “cannot be left without consequences.”"
        ],
        "cannot be left",
        "Jean-Marc Ayrault",
    ),
    (  # a characterising verb, its subject far before it past a relative clause
        [
            "Chris Christie, who has campaigned heavily for Donald Trump since February, blasted "
            "Clinton as “a disgrace to the whole country and to her party” on Wednesday."
        ],
        "a disgrace",
        "Chris Christie",
    ),
    (  # "she" inside what Ditto said is Ditto
        [
            "Trump spoke to Clinton in Ohio.",
            "Jessica Ditto said she expects the campaign “to continue calling out examples of "
            "bias and defending ourselves.”",
        ],
        "to continue",
        "Jessica Ditto",
    ),
    (  # a report speaks for who issued it
        [
            "“The ultimate impact of the vote remains very unclear,” the IMF report stated on "
            "Tuesday."
        ],
        "The ultimate impact",
        "IMF",
    ),
    (  # "he" is the subject of the sentence before, not the person named last
        [
            "Carl Anderson largely agreed with Tom Smith about the outreach to voters.",
            "“A lot of these attempts to reach out come across as pandering,” he said.",
        ],
        "A lot of these",
        "Carl Anderson",
    ),
    (  # ... and a quoted speaker's "he said" goes on to the next quote
        [
            "“We will hold the line on taxes this year,” Mr. Obama said in his interview.",
            "“That,” he added, “promises to make life a lot more difficult for all of us.”",
        ],
        "promises to make",
        "Obama",
    ),
    (  # "she" is the main clause's subject, not the person the clause under it is about
        [
            "Karen McLenney said Hillary Clinton does not show consistency on racial issues.",
            "“It is not something that she continuously says,” she said.",
        ],
        "It is not something",
        "Karen McLenney",
    ),
    (  # two people share a surname: his gender is not hers
        [
            "Keith Scott was shot by an officer on Tuesday.",
            "Rakeyia Scott can be heard yelling to the officers that her husband was unarmed.",
            "“Don't shoot him,” she says.",
        ],
        "Don't shoot",
        "Rakeyia Scott",
    ),
    (  # a subject the parser also gave inside the quote does not hide the one outside it
        [
            "David Axelrod on Wednesday called on Howard Dean to apologize to Donald Trump.",
            "“My reaction, that was outrageous,” Obama's former campaign strategist said in an "
            "interview.",
        ],
        "My reaction",
        "David Axelrod",
    ),
    (  # "the commission" is the organisation named with that word before
        [
            "The nonpartisan Commission on Presidential Debates says there was a problem.",
            "The commission says on its website that “there were issues regarding Donald Trump’s "
            "audio that affected the sound level in the debate hall.”",
        ],
        "there were issues",
        "Commission on Presidential Debates",
    ),
    (  # a speech verb of the lexicon other than "said"
        [
            "Rush Limbaugh spoke about the debate on his radio show on Monday.",
            "He concluded: “The left is saying that in this case it is so bad that she would "
            "have no time for anything else.”",
        ],
        "The left is",
        "Rush Limbaugh",
    ),
    (  # a definite description with no role named before: the person the article is about
        [
            "Hillary Clinton spoke at a rally in Ohio on Tuesday.",
            "The former secretary of state said she wanted to speak “directly to white people” "
            "about the shootings.",
        ],
        "directly to white",
        "Hillary Clinton",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("paragraphs", "opening", "speaker"), GOVERNED_CASES)
def test_the_speech_verb_over_the_quote_names_its_speaker(paragraphs, opening, speaker):
    art = annotated(*paragraphs)
    found = [q for q in find(art) if q.text.startswith(opening)]
    assert found, [q.text for q in find(art)]
    assert found[0].speaker == speaker


# the words next to a cue that may describe its speaker, read from the parse: (sentence, the
# words, whether they describe a speaker, the role word of one that refers back)
DESCRIPTION_CASES = [
    ("The mayor said it.", "The mayor", True, "mayor"),
    ("The family said it.", "The family", True, "family"),  # a noun ending in -ly
    (
        "Obama's former campaign strategist said it.",
        "Obama's former campaign strategist",
        True,
        "strategist",
    ),
    ("One Democratic source said it.", "One Democratic source", True, None),  # someone new
    ("The mayor and he said it.", "The mayor and he", False, None),
    ("The report also said it.", "The report also", False, None),
]


@pytest.mark.parametrize(("sentence", "words", "describes", "role"), DESCRIPTION_CASES)
def test_what_describes_a_speaker(sentence, words, describes, role):
    from newsprism.extract.cues import _read_description

    art = _parsed("a", [sentence])
    assert _read_description(art.sentences, 0, len(words)) == (describes, role)


def test_a_closing_mark_typed_for_an_opening_one_still_opens():
    text = "”No help. No police,” he said. ”Just kids helping kids.”"
    assert _spans(text) == [("No help. No police,", True), ("Just kids helping kids.", True)]
    assert _spans("“It was a slip,” he said.") == [("It was a slip,", True)]  # unchanged


def _sentences(text):
    from newsprism.nlp import pipeline

    return [s.text.strip() for s in pipeline()(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a quotation closed by a comma goes on into its attribution
            "”No help. No police. No firemen,” 17-year-old Zuhir Hersi said Friday. "
            "”Just kids helping kids.”",
            [
                "”No help. No police. No firemen,” 17-year-old Zuhir Hersi said Friday.",
                "”Just kids helping kids.”",
            ],
        ),
        (
            "``We are here. We stay,'' he said.",
            ["``We are here. We stay,'' he said."],
        ),
        (  # a question before a lower-case attribution
            "“Why? Who knows?” she asked. “Nobody.” Then he left.",
            ["“Why? Who knows?” she asked.", "“Nobody.”", "Then he left."],
        ),
        (  # a quotation closed by a full stop ends its sentence
            "“We waited a long time. We did it.” The crowd cheered.",
            ["“We waited a long time.", "We did it.”", "The crowd cheered."],
        ),
        (  # a paragraph break is always a sentence break
            "The mayor spoke.\n\n“Help came late,” he said.",
            ["The mayor spoke.", "“Help came late,” he said."],
        ),
    ],
)
def test_sentences_of_a_quotation_stay_with_their_attribution(text, expected):
    assert _sentences(text) == expected
