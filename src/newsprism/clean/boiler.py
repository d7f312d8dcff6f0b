"""Rules that find scraped boilerplate in blocks: widgets, related-link lists, social embeds,
hashtag spam, text in another script or language, captions, truncation marks.

Each rule marks blocks ``removed`` with a kind; nothing is dropped without a record. The rules
describe shapes (a short block made of share words, a ``— Name (@handle) date`` line), never the
exact strings of one site.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from newsprism import lexicon
from newsprism.clean.lines import SIGNATURE, Block

SHARE_WORDS = frozenset(
    [
        "share",
        "shares",
        "tweet",
        "email",
        "e-mail",
        "print",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "copy",
        "link",
        "save",
        "comment",
        "comments",
        "flipboard",
        "messenger",
        "sms",
        "url",
    ]
)
_WIDGET = re.compile(
    r"^(?:share(?: this)?(?: article| story| page)?(?: on \w+)?|print(?:able)?(?: version)?"
    r"|print this (?:article|page|story)|send(?: this)? to a friend|e-?mail (?:this|to a friend)"
    r"|(?:\d+ )?comments?(?: \(\d+\))?|subscribe(?: now| today| here)?|sign up(?: now| here)?"
    r"|subscribe to .{1,80}|sign up (?:for|to) .{1,80}|follow us(?: on .{1,40})?"
    r"|follow (?:[A-Z][\w.'’-]*\s+){1,3}on (?:twitter|x|facebook|instagram|threads)(?:\s+@\w+)?"
    r"|advertisement|sponsored(?: content)?|read more|continue reading|listen to (?:this )?article"
    r"|(?:save|gift|bookmark) (?:this )?article|skip to (?:main )?content|back to top"
    r"|click here.{0,60}|download (?:our|the) app.{0,40}|get (?:our|the) newsletter.{0,40}"
    r"|(?:already a subscriber|log ?in|sign in|register).{0,40})$",
    re.I,
)
_RELATED_HEAD = re.compile(
    r"^(?:see also|related(?: (?:articles?|stories|story|coverage|content|news|reading|topics))?"
    r"|read (?:more|also|next)|more (?:from|on|stories|news).{0,40}|most (?:read|popular|viewed)"
    r"|you (?:may|might) also (?:like|be interested in)|recommended(?: for you)?|trending(?: now)?"
    r"|latest (?:news|stories)|also read|further reading)\s*:?$",
    re.I,
)
_TIMESTAMP = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$", re.I
)
_PIC_LINK = re.compile(r"\s*\b(?:pic\.twitter\.com|t\.co)/\w+")
_POST_SHARED = re.compile(r"^A (?:post|photo|video) shared by .{1,80}\(@[\w.]{1,30}\)", re.I)
_HASHTAG = re.compile(r"#\s?[^\s#]+")
_TRUNCATION = re.compile(r"^(?:…|\.{3}|\[…\]|\[\.\.\.\]|\(…\)|\(continued\)|\(more\))$", re.I)
# a wire editor's note: a line in capitals inside parentheses, "(STORY CAN END HERE. OPTIONAL
# MATERIAL FOLLOWS)", "(MORE)", "(ADVISORY: ...)"
_EDITOR_NOTE = re.compile(r"^\((?=[^a-z]*[A-Z]{3})[^a-z()]{3,120}\)\.?$")
# a wire insert's pointer to where it goes: "&UR; Moussa told, 5th graf", "Turkey often, 15th graf
# pvs", "The tribunal, graf 5 pvs" (the paragraph it replaces or follows)
_GRAF_NOTE = re.compile(
    r"^(?:&\w+;\s*)?[^.!?]{0,60},\s*(?:pick up\s+)?(?:\d+(?:st|nd|rd|th)\s+graf|graf\s+\d+)"
    r"(?:,?\s*pvs)?\.?$",
    re.I,
)
# a typesetting code left in wire copy ("&QL;" quad left, "&UR;" / "&LR;" rules): shaped like an
# entity but none that HTML knows ("&LT;" is one and stays)
_TYPESETTING = re.compile(r"\s*&[A-Z]{2};\s*")
# a wire desk's sign-off after the story: the editors' initials, "(jo-pa-ls-jh)", "(vls/sv/me)",
# "nn", "sn-ggl-jbm", or a line in capitals, "MORE", "XXXX END OF STORY"
_SIGN_OFF = re.compile(
    r"^(?:\(\s*[a-z]{1,5}(?:\s*[-/]\s*[a-z]{0,5})*\s*\)|[a-z]{1,5}(?:[-/][a-z]{1,5})*"
    r"|(?=[^a-z]*[A-Z]{3})[^a-z]{3,40})$"
)
_MARKUP_TAG = re.compile(r"</?[A-Z][A-Z0-9_]{1,30}>")  # SGML left in a wire text: <ANNOTATION>
_CAPTION = re.compile(
    r",\s*(?:left|right|center|centre|second (?:from )?(?:left|right)|top|bottom|front|"
    r"foreground|background)\s*,|\((?:left|right|center|centre|L|R|C)\)|\bpictured\b"
    r"|\b(?:Photo|Photograph|Image|Picture|File photo|Credit)s?\s*[:/|]"
    r"|\b(?:Getty Images|AP Photo|Reuters/|AFP via|EPA-EFE|Shutterstock|Pool Photo)\b",
    re.I,
)
_CREDITS = re.compile(
    r"^(?:\(?(?:Reporting|Writing|Editing|Additional reporting|Compiled) by\b.{0,200})$", re.I
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
OTHER_LANGS = ("it", "es", "fr", "de", "pt", "nl")


def _strip(text: str) -> str:
    return text.strip(" \t|·•–—-:>»«").strip()


def is_widget(block: Block) -> bool:
    text = _strip(block.text)
    if not text or block.words > 12:
        return False
    words = [w.lower() for w in re.findall(r"[\w-]+", text)]
    if words and all(w in SHARE_WORDS for w in words):
        return True
    return bool(_WIDGET.match(text.rstrip(".!")))


def latin_share(text: str) -> float:
    """The share of letters that are Latin script."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def is_hashtag_spam(block: Block) -> bool:
    tags = _HASHTAG.findall(block.text)
    return len(tags) >= 2 and len(tags) >= 0.3 * max(1, block.words - len(tags))


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """The most frequent words of each other language that are not English words too (from
    wordfreq's small lists: the same most frequent words as its large ones, read in a tenth of
    the time, about 0.03 s instead of 0.3 s on each start)."""
    from wordfreq import top_n_list

    english = set(top_n_list("en", 300, wordlist="small")) | lexicon.stop_words()
    return {
        lang: frozenset(set(top_n_list(lang, 400, wordlist="small")) - english)
        for lang in OTHER_LANGS
    }


def foreign_language(text: str) -> str | None:
    """The language code of a Latin-script block that is plainly not English, else None."""
    words = [w.lower() for w in _WORD.findall(text.replace("’", "'"))]
    if len(words) < 5:
        return None
    stop = lexicon.stop_words()
    english = sum(w in stop for w in words) / len(words)
    if english >= 0.3:
        return None  # plainly English: skip loading the other languages' word lists
    best, share = None, 0.0
    for lang, vocab in _function_words().items():
        s = sum(w in vocab for w in words) / len(words)
        if s > share:
            best, share = lang, s
    if best is None or share < 0.2 or share <= 1.5 * english:
        return None
    from wordfreq import zipf_frequency

    # a terse English headline has few stop words too: most words must be more at home in the
    # other language than in English
    theirs = sum(zipf_frequency(w, best) > zipf_frequency(w, "en") + 0.5 for w in words)
    return best if theirs >= 0.5 * len(words) else None


def mark_social_embeds(blocks: list[Block]) -> list[str]:
    """Embedded posts: the ``— Name (@handle) date`` line and the post above it.
    Returns the dates of the embedded posts (evidence for the publication date)."""
    dates: list[str] = []
    for i, block in enumerate(blocks):
        m = SIGNATURE.match(block.text)
        if m:
            block.removed = "social-embed"
            dates.append(m["date"])
            if i > 0 and blocks[i - 1].removed is None and blocks[i - 1].words <= 80:
                blocks[i - 1].removed = "social-embed"
        elif _POST_SHARED.match(block.text):
            block.removed = "social-embed"
    return dates


def strip_pic_links(block: Block) -> str | None:
    """Remove inline picture links of embedded posts; return what was removed."""
    found = _PIC_LINK.findall(block.text)
    if not found:
        return None
    block.text = _PIC_LINK.sub("", block.text).strip()
    return " ".join(f.strip() for f in found)


def strip_typesetting(block: Block) -> list[str]:
    """Remove wire typesetting codes from a block; return the codes removed."""
    found: list[str] = []

    def drop(m: re.Match[str]) -> str:
        code = m[0].strip()
        if html.unescape(code) != code:
            return m[0]  # an HTML entity, text
        found.append(code)
        return " "

    text = _TYPESETTING.sub(drop, block.text)
    if found:
        block.text = re.sub(r" {2,}", " ", text).strip()
    return found


def is_sign_off(block: Block) -> bool:
    """A wire desk's sign-off (editors' initials, "MORE"): only ever after the story."""
    return block.words <= 6 and bool(_SIGN_OFF.match(block.text.strip()))


def strip_sign_off_line(block: Block) -> str | None:
    """The editors' initials in parentheses on the last line of the story's last paragraph,
    "... in Expressen.\n(jo-jh)", taken off; return them."""
    last = block.raw[-1].strip() if len(block.raw) > 1 else ""
    if not (last.startswith("(") and _SIGN_OFF.match(last) and block.text.endswith(last)):
        return None
    block.text = block.text[: -len(last)].rstrip()
    return last


def mark_spam(blocks: list[Block]) -> None:
    for block in blocks:
        if block.removed:
            continue
        if is_hashtag_spam(block):
            block.removed = "hashtag-spam"
        elif latin_share(block.text) < 0.5:
            block.removed = "foreign-script"
        elif foreign_language(block.text):
            block.removed = "foreign-language"


def mark_widgets(blocks: list[Block]) -> None:
    for block in blocks:
        if block.removed is None and (is_widget(block) or _CREDITS.match(block.text)):
            block.removed = "widget" if is_widget(block) else "credits"


def _headline_like(block: Block) -> bool:
    text = block.text.strip()
    if _TIMESTAMP.match(text):
        return True
    return block.words <= 25 and not re.search(r"[.:;]$", text)


def mark_related(blocks: list[Block]) -> None:
    """A "See also"/"Related" heading and the list of headlines (and their times) after it."""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.removed is None and _RELATED_HEAD.match(_strip(block.text)):
            block.removed = "related"
            j = i + 1
            while j < len(blocks) and (blocks[j].removed or _headline_like(blocks[j])):
                if blocks[j].removed is None:
                    if j > i + 1 and blocks[j].gap_before and not _TIMESTAMP.match(blocks[j].text):
                        # a blank line ends the list unless the next block is a widget or spam
                        break
                    blocks[j].removed = "related"
                j += 1
            i = j
        else:
            i += 1


def mark_truncation(blocks: list[Block]) -> None:
    """Truncation marks, wire editors' notes, and blocks that are nothing but markup tags."""
    for block in blocks:
        if block.removed is not None:
            continue
        bare = _MARKUP_TAG.sub("", block.text).strip()
        if _TRUNCATION.match(bare):
            block.removed = "truncation"
        elif not bare and block.text.strip():
            block.removed = "markup"
        elif _EDITOR_NOTE.match(bare) or _GRAF_NOTE.match(bare):
            block.removed = "editor-note"


def is_caption(block: Block) -> bool:
    return block.words <= 45 and bool(_CAPTION.search(block.text))
