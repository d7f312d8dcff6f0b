"""Reported speech without quote marks, sentence by sentence: "X said (that) ...", "..., said X",
"X told Y (that) ...", "according to X, ..." (and "..., according to X"). The speaker is the
tagged person or organisation the cue points at; what follows a cue and is not what was said
(where, when, a relative clause) is left out.
"""

from __future__ import annotations

import re

from newsprism.lexicon import WORD
from newsprism.model import Article, Mention, Quote

_ACCORDING = re.compile(r"\baccording to\b", re.I)
_SAID_THAT = re.compile(
    r"\b(?:said|says|told(?: (?:[\w.’']+ ){1,5}?that| reporters|(?=\s(?-i:[A-Z])))|"
    r"stated|announced|"
    r"noted)\s+(?:that\s+)?",
    re.I,
)


# What follows a cue when it is not what was said: "said is a lie" (a relative clause), "said when
# she resigned"; "said in an interview (that) ...", "said last week" are where and when.
_VERB_NEXT = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|do|does|did|"
    r"when|while|as|because|if|whether|to)\b",
    re.I,
)
_TITLES = re.compile(r"(?:\s*\b[A-Z][a-z]{1,4}\.)+\s*$")
_ADVERBIAL = re.compile(r"(?:in|on|at|during|after|before|of|about|last|this|earlier)\b", re.I)


def _reported(
    article: Article, i: int, start: int, end: int, speaker: Mention, cue: str, rule: str
) -> Quote:
    """Reported speech: ``text[start:end]`` (edge punctuation aside) said by ``speaker``."""
    body = article.text[start:end].strip(" ,.")
    at = article.text.index(body, start)
    return Quote(
        article.id,
        i,
        at,
        at + len(body),
        body + ".",
        speaker.text,
        "indirect",
        cue,
        speaker.phrase or (speaker.start, speaker.end),
        rule,
    )


def _indirect(
    article: Article, i: int, start: int, end: int, speaker: Mention, cue: str, least: int = 3
) -> Quote | None:
    """Reported speech after "said (that)", unless it is too short or not what was said."""
    body = article.text[start:end].strip(" ,.")
    if len(WORD.findall(body)) < least or _VERB_NEXT.match(body):
        return None
    return _reported(article, i, start, end, speaker, cue, "indirect-said")


def _according(article: Article, i: int, ments: list[Mention], acc: re.Match[str]) -> Quote | None:
    """ "According to X, ..." (and "..., according to X")."""
    sent = article.sentences[i]
    after = [m for m in ments if m.start - sent.start >= acc.end()]
    gap = sent.text[acc.end() : after[0].start - sent.start] if after else ","
    if "," not in gap and len(gap) < 25:  # not "according to exit polls, Romney ..."
        head = sent.text[: acc.start()].strip(" ,")
        # "According to X, a senior fellow, ...": the appositive describes X, it is not
        # what X said
        tail = re.sub(r"^,[^,]*,", "", sent.text[after[0].end - sent.start :].strip())
        body = head if len(head.split()) >= 5 else tail
        if len(body.split()) >= 5:
            at = sent.start + sent.text.find(body)
            return _reported(
                article, i, at, at + len(body), after[0], "according to", "indirect-according-to"
            )
    return None


def _said(article: Article, i: int, ments: list[Mention], said: re.Match[str]) -> Quote | None:
    """ "X said (that) ...", "..., said X", "X told Y (that) ..."."""
    sent = article.sentences[i]
    cue = said.group(0).split()[0]
    at, done = sent.start + said.start(), sent.start + said.end()
    rel = [(m.start - sent.start, m.end - sent.start, m) for m in ments]
    after = [m for a, _, m in rel if 0 <= a - said.start() - len(cue) <= 3]
    before = [m for _, b, m in rel if 0 <= said.start() - b < 30]
    head = sent.text[: said.start()].rstrip()
    subject = next(
        (m for a, b, m in rel if a < 25 and b < said.start() and sent.text[b : b + 1] == ","),
        None,
    )
    if after and head.endswith(",") and said.start() > 20 and cue.lower() != "told":
        appositive = (
            re.match(r",\s*(?:who|a|an|the|\d)\b", sent.text[subject.end - sent.start :])
            if subject
            else None
        )
        if subject is not None and appositive:
            # "Derek Mitchell, who served ..., said Clinton reached out": the subject speaks
            return _indirect(article, i, done, sent.end, subject, cue)
        else:  # "..., said Alexander Gabuev, ..."
            return _indirect(article, i, sent.start, at, after[0], cue)
    elif before:
        speaker = before[-1]
        listener = next((m for m in ments if 0 <= m.start - done <= 4), None)
        if cue.lower() == "told" and listener is not None:
            done = listener.end  # "Graham told The Huffington Post (that) ..."
            that = re.match(r",?\s*(?:that\s+)?", article.text[done : sent.end])
            done += that.end() if that else 0
        done += len(article.text[done : sent.end]) - len(article.text[done : sent.end].lstrip())
        rest = article.text[done : sent.end]
        named_at = speaker.phrase[0] if speaker.phrase else speaker.start
        lead = _TITLES.sub("", article.text[sent.start : named_at]).rstrip()
        if _ADVERBIAL.match(rest) and not said.group(0).lower().rstrip().endswith("that"):
            that = re.search(r"\bthat\s+", rest[:80])
            if that:  # "Clinton says at a campaign stop in Toledo, Ohio, that ..."
                done, rest = done + that.end(), rest[that.end() :]
            elif len(WORD.findall(rest)) < 6:
                rest = ""  # "said in his interview.", "told CNBC in August."
        if len(WORD.findall(rest)) < 3 and lead.endswith(","):
            # "... a good business decision, Sen. Graham told The Huffington Post on Thursday."
            return _indirect(article, i, sent.start, sent.start + len(lead), speaker, cue, 5)
        elif rest:
            return _indirect(article, i, done, sent.end, speaker, cue)
    return None


def find(article: Article, skip: set[int]) -> list[Quote]:
    """Reported speech without quote marks: "X said (that) ...", "according to X"."""
    out: list[Quote | None] = []
    by_sent: dict[int, list[Mention]] = {}
    for m in article.mentions:
        by_sent.setdefault(m.sentence, []).append(m)
    for i, sent in enumerate(article.sentences):
        if i in skip or sent.heading or re.search(r"[“”\"«»]|''|``", sent.text):
            continue
        ments = [m for m in by_sent.get(i, []) if m.label in ("PERSON", "ORG")]
        acc = _ACCORDING.search(sent.text)
        if acc:
            out.append(_according(article, i, ments, acc))
            continue
        said = _SAID_THAT.search(sent.text)
        if said:
            out.append(_said(article, i, ments, said))
    return [q for q in out if q is not None]
