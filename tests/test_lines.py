from newsprism.clean.lines import _lines, join_hyphenated, normalize, paragraphs, wrap_width

WRAPPED = """Russian President Vladimir Putin will meet his Chinese counterpart Xi Jinping on
Thursday on the sidelines of a summit in Uzbekistan that has been touted as an Western-
dominated world order and a good deal more besides that we need to say here to pad the
line out. The summit also brings together leaders of many countries across the wide region.

The two men will take part in a gathering of the Shanghai Cooperation Organization in the
Silk Road city of Samarkand as Russia seeks to overcome international isolation over the
war, while the government of Uzbekistan has closed the schools for the whole of the week.
 A new paragraph starts here after a sentence ended, marked only by a leading space on its
line as scrapers often leave them.
"""


def test_wrap_width_detects_hard_wrapped_text():
    assert wrap_width(_lines(WRAPPED)) is not None


def test_wrap_width_none_for_one_paragraph_per_line():
    text = "\n".join(["A whole paragraph on one line that goes on for a long while. " * 4] * 8)
    assert wrap_width(_lines(text)) is None


def test_hard_wrapped_lines_rejoin_into_paragraphs():
    blocks = paragraphs(normalize(WRAPPED))
    assert len(blocks) == 3
    assert "counterpart Xi Jinping on Thursday" in blocks[0].text
    assert blocks[2].text.startswith("A new paragraph starts here")


def test_compound_hyphen_kept_across_line_break():
    blocks = paragraphs(normalize(WRAPPED))
    assert "Western-dominated" in blocks[0].text


def test_word_hyphenated_across_break_loses_hyphen():
    assert join_hyphenated("the govern-", "ment said", "") == "the government said"
    assert join_hyphenated("a well-", "known man", "") == "a well-known man"


def test_hyphen_kept_when_text_spells_it_with_hyphen_elsewhere():
    assert join_hyphenated("re-", "elect him", "they re-elect leaders") == "re-elect him"


def test_one_line_paragraphs_with_headings_stay_apart():
    text = "First paragraph is a full sentence.\nA heading line\nThe body goes on here."
    assert [b.text for b in paragraphs(text)] == [
        "First paragraph is a full sentence.",
        "A heading line",
        "The body goes on here.",
    ]


def test_lowercase_continuation_joins_in_unwrapped_text():
    text = "He said he would look forward to mutually beneficial\ncooperation within it."
    assert [b.text for b in paragraphs(text)] == [
        "He said he would look forward to mutually beneficial cooperation within it."
    ]


def test_normalize_odd_spaces_and_invisible_characters():
    assert normalize("a\u00a0b\u200bc\r\nd\x07") == "a bc\nd"
