"""Can a sentence stand alone in a summary? Each rule that says it cannot has a name, read
from the text (:func:`leaning`: "He said", "During the meeting", a piece of a quote) or from the
parse (:func:`unbound`: "In 1994 he made...", "..., he said.", "those bills"); a whole sentence
that only lacks its full stop may be closed (:func:`closable`, :func:`closed`). Used by
:mod:`newsprism.summarize` for each sentence and each of its shortened forms.
"""

from __future__ import annotations

import re

from newsprism import lexicon, shorten
from newsprism.extract.cues import speech_verb
from newsprism.extract.quotes import quoted_tokens
from newsprism.extract.tree import QUOTED, SUBJECTS, according, children, subtree
from newsprism.model import Sentence

_EARLY_PRONOUN = re.compile(r"^[^,]{0,40},\s+(?:this|that|these|those|it|he|she|they)\b")
_END = re.compile(r"[.!?][”\"’)]?$")
SKIP_POS = frozenset({"PUNCT", "SPACE", "SYM", "X"})  # not words
_DANGLING_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX"})  # cannot end one
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})  # a word standing for a noun


def closable(sentence: Sentence) -> bool:
    """A whole sentence that only lacks its full stop (a scrape cut it, or a caption-like lead):
    it ends in a word and its parse has a verb at its root."""
    text = sentence.text.rstrip()
    if not text or not text[-1].isalnum():
        return False
    words = [t for t in sentence.tokens if t.pos not in SKIP_POS]
    if not words or words[-1].pos in _DANGLING_POS:
        return False  # "... $18 billion in new money for": cut mid-phrase
    return any(t.dep == "ROOT" and t.pos in ("VERB", "AUX") for t in sentence.tokens)


def closed(text: str) -> str:
    """The text ending in a full stop (or the end mark it has)."""
    return text if _END.search(text) else text.rstrip() + "."


Speakers = list[tuple[int, frozenset[int]]]  # a speech verb (or "according") and the names it takes


def speakers_of(sentence: Sentence, quoted: set[int] | None = None) -> Speakers:
    """Each speech verb of the sentence outside its quotes (or "according to"), with the proper
    nouns of its subject (or its "to" phrase) outside the quotes: found once per sentence, for
    the sentence and each of its shortened forms."""
    toks = sentence.tokens
    quoted = quoted_tokens(sentence) if quoted is None else quoted
    kids = children(toks)
    out = []
    for k, t in enumerate(toks):
        if k in quoted:
            continue
        if speech_verb(t):
            heads = [j for j in kids[k] if toks[j].dep in SUBJECTS]
        elif according(toks, k):
            heads = [j for j in kids[k] if toks[j].dep == "prep"]
        else:
            continue
        under = {i for j in heads for i in subtree(toks, j, kids=kids)} - quoted
        names = {i for i in under if _name(sentence, i)}
        out.append((k, frozenset(names)))
    return out


def named_speaker(
    sentence: Sentence, dropped: frozenset[int] = frozenset(), speakers: Speakers | None = None
) -> bool:
    """Does the sentence name who speaks (outside its quotes and the ``dropped`` tokens): a speech
    verb whose subject holds a proper noun ("Yun Sun said"), or "according to" a proper noun?
    ``speakers``: the sentence's :func:`speakers_of`, when already found."""
    found = speakers_of(sentence) if speakers is None else speakers
    return any(k not in dropped and names - dropped for k, names in found)


def _name(sentence: Sentence, i: int) -> bool:
    """A proper noun written as one (the tagger also calls "minister" one)."""
    t = sentence.tokens[i]
    return t.pos == "PROPN" and sentence.text[t.start - sentence.start].isupper()


def leaning(text: str, closable: bool = False, attributed: bool = False) -> str | None:
    """The named rule by which a sentence cannot stand alone in a summary, or None when it can;
    ``attributed``: the sentence names who speaks (:func:`named_speaker`)."""
    n = len(text.split())
    if n < 6:
        return "too-short"
    if not _END.search(text) and not closable:
        return "unfinished"
    if not text.lstrip('“"‘«')[:1].isupper():
        return "starts-mid-sentence"
    if lexicon.opening("context_openers.txt").search(text):
        return "opens-on-context"  # "He said", "During the meeting", "These"
    if _EARLY_PRONOUN.search(text):
        return "pronoun-in-opening"  # "For Beijing, this is ..."
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return "piece-of-a-quote"
    in_quotes = sum(len(q.split()) for q in QUOTED.findall(text))
    if (text[:1] in "“\"«‘'" or in_quotes > 0.5 * n) and not attributed:
        return "unattributed-quote"  # "“…,” said Yun Sun." stands; "“…,” he said." does not
    return None


def unbound(
    sentence: Sentence, dropped: frozenset[int] = frozenset(), quoted: set[int] | None = None
) -> str | None:
    """The named rule by which the parse shows a sentence leaning on what came before it (outside
    its quotes and the ``dropped`` tokens of its shortened form), or None:

    - ``the-former``: it opens on "the former" or "the latter" standing for a noun ("The former
      said..."; "The former dictator" stands alone);
    - ``pronoun-speaker``: what it reports is said by "he", "they"... ("Seventeen others died in
      landslides, he said.": the nouns before are what is said, not who says it);
    - ``demonstrative``: "these" or "those" points back ("only four of those bills"; "those who
      fled" says whom it means);
    - ``pro-form-subject``: its subject is "others" or "another", standing for people or things
      named before ("Seventeen others died in landslides"; "other people" names them);
    - ``pronoun-without-antecedent``: a subject, or the owner of one, is "he", "they", "his"...
      and no noun comes before it ("In 1994 he made...", "His trial began...")."""
    toks = sentence.tokens
    quoted = quoted_tokens(sentence) if quoted is None else quoted
    kept = [k for k in range(len(toks)) if k not in dropped and toks[k].pos not in SKIP_POS]
    lemma = [t.lemma.lower() for t in toks]
    if (
        len(kept) > 1
        and lemma[kept[0]] == "the"
        and lemma[kept[1]] in lexicon.having("anaphors.txt", "after-the")
        and toks[kept[1]].dep in _NOUN_DEPS
    ):
        return "the-former"
    outside = [k for k in kept if k not in quoted]
    for k in outside:
        verb = toks[k].head
        if shorten.pronoun_subject_of_speech(toks, k) and (
            toks[verb].dep == "parataxis"
            or any(toks[j].head == verb and toks[j].dep == "ccomp" for j in kept if j < k)
        ):
            return "pronoun-speaker"
    for k in outside:
        head = toks[k].head
        if (
            toks[k].dep == "det"
            and lemma[k] in lexicon.having("anaphors.txt", "determiner")
            and not any(toks[j].head == head and toks[j].dep in ("relcl", "acl") for j in kept)
        ):
            return "demonstrative"
    for k in outside:
        if toks[k].dep in SUBJECTS and lemma[k] in lexicon.having("anaphors.txt", "pro-form"):
            return "pro-form-subject"
    pronouns = lexicon.having("anaphors.txt", "pronoun")
    for k in kept:
        t = toks[k]
        if t.pos in ("NOUN", "PROPN"):
            return None  # a noun before any pronoun: it may be the antecedent
        if k in quoted or lemma[k] not in pronouns:
            continue
        if t.dep in SUBJECTS or (t.dep == "poss" and toks[t.head].dep in SUBJECTS):
            return "pronoun-without-antecedent"
    return None
