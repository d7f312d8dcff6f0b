import textwrap

import pytest

from newsprism.clean import clean
from newsprism.model import RawArticle

BODY = (
    "The finance ministers met in Brussels on Monday to agree a common budget for the "
    "coming year, officials said after the talks ended late in the evening."
)


def _clean(text: str):
    return clean(RawArticle(id="t", source="t.txt", text=text))


def _kinds(article):
    return {r.kind for r in article.removed}


def test_share_widgets_removed_and_recorded():
    art = _clean(
        f"Share\nTweet Email Print\n\n{BODY}\n\nSubscribe to Daily Planet alerts\nRead more"
        "\n\nFollow Pam Key on Twitter @pamkeyNEN"
    )
    assert art.text == BODY
    assert _kinds(art) == {"widget"}
    assert {r.text for r in art.removed} >= {"Share", "Tweet Email Print"}


def test_related_headline_list_removed():
    art = _clean(
        f"{BODY}\n\nRelated stories\nMinisters clash over farm subsidies\n"
        "01/02/2023 10:15\nEU unveils plan to cut red tape\n"
    )
    assert art.text == BODY
    assert [r.kind for r in art.removed] == ["related"] * 4


def test_social_embed_with_signature_removed():
    art = _clean(
        f"{BODY}\n\nHuge crowds outside the venue tonight pic.twitter.com/AbC123\n\n"
        "— Jane Reporter (@janereports) March 3, 2023\n\n" + BODY.replace("Monday", "Tuesday")
    )
    assert "Huge crowds" not in art.text and "@janereports" not in art.text
    assert "social-embed" in _kinds(art)
    assert art.published == "2023-03-03"  # an embedded post dates the article


def test_hashtag_spam_and_foreign_script_removed():
    art = _clean(f"{BODY}\n#FreeAll #Resist #Now2023 #Vote\nبراندازیم این بلاک با توئیتر")
    assert art.text == BODY
    assert _kinds(art) == {"hashtag-spam", "foreign-script"}


def test_sign_off_in_another_language_removed():
    art = _clean(f"{BODY}\n“La pace è il nostro compito per il futuro di tutti noi” - Papa")
    assert art.text == BODY
    assert _kinds(art) == {"foreign-language"}


def test_english_paragraph_never_taken_for_foreign():
    text = "In the end, it was not for me to say what the court would do with the case."
    assert _clean(text).text == text


def test_opening_photo_caption_removed():
    art = _clean(f"Finance ministers John Smith, left, and Ana Ruiz in Brussels, in May.\n{BODY}")
    assert art.text == BODY
    assert _kinds(art) == {"caption"}


def test_truncation_mark_removed():
    art = _clean(f"{BODY}\n…")
    assert art.text == BODY and _kinds(art) == {"truncation"}


@pytest.mark.parametrize(
    "note",
    [
        "(STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)",
        "&UR; Moussa told, 5th graf",
        "Turkey often, 15th graf pvs",
        "The tribunal, graf 5 pvs",
        "Turkey amassed troops, pick up 4th graf pvs",
    ],
)
def test_wire_editors_notes_removed(note):
    art = _clean(f"{BODY}\n{note}\n{BODY.replace('Monday', 'Tuesday')}")
    assert note not in art.text and "editor-note" in _kinds(art)
    assert _kinds(art) <= {"editor-note", "typesetting"}  # "&UR;" is a typesetting code


def test_typesetting_codes_removed_and_html_entities_kept():
    art = _clean(
        f"{BODY}\nSupport services &UR;  &LR; are often missing, &LT;b&GT; says.\n\n&QL;\n"
    )
    assert art.text.endswith("Support services are often missing, &LT;b&GT; says.")
    assert "&QL;" not in art.text and _kinds(art) == {"typesetting"}
    assert any(r.kind == "typesetting" and "&UR;" in r.text for r in art.removed)


@pytest.mark.parametrize(
    "sign_off", ["(jo-pa-ls-jh)", "(vls/sv/me)", "nn", "&UR; sn-ggl-jbm", "XXXX END OF STORY &QL;"]
)
def test_a_wire_desks_sign_off_after_the_story_is_removed(sign_off):
    art = _clean(f"{BODY}\n\n{BODY.replace('Monday', 'Tuesday')}\n\n{sign_off}\n")
    assert art.text.endswith("late in the evening.") and "sign-off" in _kinds(art)


def test_a_sign_off_on_the_last_paragraphs_last_line_is_removed():
    wrapped = (
        "“We left Iraq 18 years ago. We didn't want our children to grow\n"
        "up with war and bombs. And then this happens,” the girls' uncle,\n"
        "Hassan Bakir, was quoted as saying in Expressen.\n(jo-jh)\n"
    )
    art = _clean(textwrap.fill(BODY, 66) + "\n\n" + wrapped)
    assert art.text.endswith(
        "grow up with war and bombs. And then this happens,” the girls' "
        "uncle, Hassan Bakir, was quoted as saying in Expressen."
    )
    assert [r.text for r in art.removed if r.kind == "sign-off"] == ["(jo-jh)"]


def test_a_short_line_inside_the_story_is_no_sign_off():
    art = _clean(f"{BODY}\n\nNATO\n\n{BODY.replace('Monday', 'Tuesday')}")
    assert "NATO" in art.text and "sign-off" not in _kinds(art)


def test_a_sentence_naming_a_paragraph_is_kept():
    text = f"{BODY}\nThe clause, he said, was moved to the 5th graf of the draft by the lawyers."
    assert "5th graf" in _clean(text).text


def test_nothing_lost_silently():
    raw = f"Share\n\n{BODY}\n\nSee also\nOther headline here\n"
    art = _clean(raw)
    kept = art.text + "".join(r.text for r in art.removed)
    for word in raw.split():
        assert word in kept


def test_function_words_from_the_small_lists_are_the_large_lists_most_frequent():
    from wordfreq import top_n_list

    from newsprism import lexicon
    from newsprism.clean.boiler import OTHER_LANGS, _function_words

    english = set(top_n_list("en", 300)) | lexicon.stop_words()  # the large lists, slow to read
    expected = {lang: frozenset(set(top_n_list(lang, 400)) - english) for lang in OTHER_LANGS}
    assert _function_words() == expected
    assert "und" in expected["de"] and "the" not in expected["de"]
