"""Reported speech without quote marks, read from each sentence's kept parse: a speech verb with a
clause under it ("X said (that) …", "…, said X", "X told Y (that) …") whose subject names,
stands for or describes its speaker (read as for direct quotes: a tagged person or
organisation, "he" or "she" resolved, a description such as "the senator" or "experts"), and
"according to X, …". What was said is the clause; where, when and to
whom it was said ("said in an interview", "told reporters last week") hang from the verb, not the
clause, so the parse leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.extract import grammar, speakers
from newsprism.extract.cues import SPEAKER_LABELS, speech_verb
from newsprism.extract.tree import SUBJECTS, according, children, subtree
from newsprism.model import Article, Mention, Quote, Sentence, Token


@dataclass(frozen=True, slots=True)
class IndirectConfig:
    least_said: int = 3  # words of what was said, at least ("said it would")
    least_according: int = 5  # words of what "according to X" reports, at least


@dataclass(frozen=True, slots=True)
class Who:
    """Who says it: a name, where the sentence names them, and the rule that found them."""

    name: str | None  # None: described ("experts", "a source"), not named
    source: tuple[int, int]
    rule: str
    also: tuple[Mention, ...] = ()  # others named with them: "Xi ... and Putin ... say ..."


Said = tuple[tuple[int, int], Who]  # what was said (characters) and who said it
_CLAUSES = ("ccomp", "parataxis")  # the clause a speech verb reports
_EDGE = ("PUNCT", "SPACE", "CCONJ")
_WH = ("WP", "WDT")  # "what", "whatever", "which": the object of a free relative


def _opens(tok: Token) -> bool:
    """The word that opens a reported clause: "that", "if", "whether" (a relative "that" when
    the tagger read the clause as relative)."""
    return tok.dep == "mark" or (tok.lemma == "that" and tok.dep == "dobj")


def _span(toks: list[Token], keep: set[int]) -> tuple[int, int] | None:
    """The characters from the first to the last kept token, edge punctuation and a leading
    "that" aside."""
    kept = sorted(keep)
    while kept and (toks[kept[0]].pos in _EDGE or _opens(toks[kept[0]])):
        kept.pop(0)
    while kept and toks[kept[-1]].pos in _EDGE:
        kept.pop()
    return (toks[kept[0]].start, toks[kept[-1]].end) if kept else None


def _speaker(
    sent: Sentence, k: int, mentions: list[Mention], reader: speakers.Reader | None
) -> Who | None:
    """The speech verb's subject: a tagged person or organisation; with a ``reader``, "he" or
    "she" resolved to the person it stands for (``speakers.referent``), a name the tagger
    missed, or a description read as for direct quotes (``grammar.description``: "the
    senator" the person it refers back to; "experts", "a source" located, left unnamed)."""
    toks = sent.tokens
    subj = grammar.subject(toks, k)
    if subj is None:
        return None
    tok = toks[subj]
    named = next((m for m in mentions if m.start <= tok.start < m.end), None)
    if named is not None:
        where = named.phrase or (named.start, named.end)
        return Who(named.text, where, "indirect-said", _conjoined(toks, subj, mentions))
    if reader is None:
        return None
    if tok.lemma in speakers.PERSONAL:
        pronoun = reader.text[tok.start : tok.end]
        who = speakers.referent(pronoun, tok.start, reader, None)
        return None if who is None else Who(who, (tok.start, tok.end), "indirect-said-pronoun")
    gov = grammar.Governor(sent, k, subj)
    if tok.pos == "PROPN":  # a name the tagger missed
        a, b = gov.name(subj)
        return Who(reader.text[a:b], (a, b), "indirect-said-untagged-name")
    if tok.pos != "NOUN":
        return None
    found = grammar.description(reader.text, gov, reader, tok.start)
    rule = found.rule.replace("governing-verb", "indirect-said")
    return Who(found.speaker, found.source or (tok.start, tok.end), rule)


def _conjoined(toks: list[Token], subj: int, mentions: list[Mention]) -> tuple[Mention, ...]:
    """The names conjoined with a subject ("Xi, ..., and Putin, ..., say ..."): each says it too.
    The parser may hang the second on the first's appositive ("Xi, the son of ..., and Putin")."""
    heads = {subj} | {j for j, t in enumerate(toks) if t.head == subj and t.dep == "appos"}
    out: list[Mention] = []
    for j, t in enumerate(toks):
        if t.head in heads and t.dep == "conj" and j != t.head:
            m = next((m for m in mentions if m.start <= t.start < m.end), None)
            if m is not None and m not in out and not m.start <= toks[subj].start < m.end:
                out.append(m)
    return tuple(out)


def _set_off(toks: list[Token], under: set[int]) -> int | None:
    """A clause that opens with "that" after a comma, under the verb: "says at a stop in
    Toledo, Ohio, that Trump never paid …" (the tagger's relative clause of "Ohio": none is
    set off by a comma and "that")."""
    kids = children(toks)
    for j in sorted(under):
        if toks[j].dep != "relcl":
            continue
        first = min(subtree(toks, j, kids=kids))
        if toks[first].lemma == "that" and first > 0 and toks[first - 1].lemma == ",":
            return j
    return None


def _said(
    sent: Sentence,
    k: int,
    mentions: list[Mention],
    cfg: IndirectConfig,
    reader: speakers.Reader | None = None,
) -> Said | None:
    """What the speech verb ``k`` reports and who says it: its clause ("X said the talks
    stalled"), or, when the verb hangs from the clause ("The talks stalled, X said"), the
    clause without the verb's own words."""
    toks = sent.tokens
    verb = toks[k]
    speaker = _speaker(sent, k, mentions, reader)
    if speaker is None:
        return None
    if any(t.head == k and t.tag in _WH and t.dep == "dobj" for t in toks):
        return None  # "the media published what Li said": the words named, none reported
    clause = next(
        (j for j, t in enumerate(toks) if t.head == k and j != k and t.dep in _CLAUSES), None
    )
    if clause is None:
        clause = _set_off(toks, subtree(toks, k))
    if clause is not None and not any(
        t.head == clause and t.dep in (*SUBJECTS, "expl") for t in toks
    ):
        return None  # "Everything Trump says is a lie": a clause with no subject is not said
    if clause is not None:
        keep = subtree(toks, clause)
    elif verb.dep in _CLAUSES and verb.head != k and verb.head < k:
        keep = subtree(toks, verb.head) - subtree(toks, k)
        keep = {j for j in keep if j < k}
    else:
        return None
    span = _span(toks, keep)
    if span is None or sum(toks[j].pos not in _EDGE for j in keep) < cfg.least_said:
        return None
    return span, speaker


def _according(sent: Sentence, mentions: list[Mention], cfg: IndirectConfig) -> Said | None:
    """ "According to X, …" and "…, according to X": the sentence without that phrase."""
    toks = sent.tokens
    for k in range(len(toks)):
        if not according(toks, k):
            continue
        phrase = subtree(toks, k)
        named = [j for j in phrase if toks[j].dep == "pobj"]
        at = toks[named[0]].start if named else -1
        speaker = next((m for m in mentions if m.start <= at < m.end), None)
        keep = set(range(len(toks))) - phrase
        if speaker is None or sum(toks[j].pos not in _EDGE for j in keep) < cfg.least_according:
            return None
        span = _span(toks, keep)
        where = speaker.phrase or (speaker.start, speaker.end)
        who = Who(speaker.text, where, "indirect-according-to")
        return (span, who) if span is not None else None
    return None


def _quote(article: Article, i: int, span: tuple[int, int], who: Who, cue: str) -> Quote:
    start, end = span
    return Quote(
        article.id,
        i,
        start,
        end,
        article.text[start:end] + ".",
        who.name,
        "indirect",
        cue,
        who.source,
        who.rule,
    )


def find(
    article: Article,
    skip: set[int],
    config: IndirectConfig | None = None,
    reader: speakers.Reader | None = None,
) -> list[Quote]:
    """Reported speech without quote marks in the sentences not in ``skip``; without a
    ``reader`` of the article, only that of tagged names."""
    cfg = config or IndirectConfig()
    out: list[Quote] = []
    by_sent: dict[int, list[Mention]] = {}
    for m in article.mentions:
        if m.label in SPEAKER_LABELS:
            by_sent.setdefault(m.sentence, []).append(m)
    for i, sent in enumerate(article.sentences):
        if i in skip or sent.heading or any(c in sent.text for c in '“”"«»') or "''" in sent.text:
            continue
        mentions = by_sent.get(i, [])
        reported = _according(sent, mentions, cfg)
        if reported is not None:
            out.append(_quote(article, i, *reported, "according to"))
            continue
        for k, t in enumerate(sent.tokens):
            said = _said(sent, k, mentions, cfg, reader) if speech_verb(t) else None
            if said is not None:
                cue = article.text[t.start : t.end]
                span, who = said
                out.append(_quote(article, i, span, who, cue))
                for m in who.also:  # one quote a speaker: each is on record saying it
                    other = Who(m.text, m.phrase or (m.start, m.end), who.rule)
                    out.append(_quote(article, i, span, other, cue))
                break
    return out
