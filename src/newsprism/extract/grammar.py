"""Who a quote's attribution verb names as its speaker, read from the kept parse: the speech verb
that governs the quoted words ("X said [that] “…”", "“…,” X said", "X attacked Y, saying “…”"),
and that verb's subject (a name, a pronoun, or a description such as "the senator")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsprism import lexicon
from newsprism.extract import speakers
from newsprism.extract.cues import (
    SPEAKER_LABELS,
    Cue,
    Found,
    Span,
    aspectual,
    possessive,
    speech_verb,
    verb_cue,
)
from newsprism.extract.tree import SUBJECTS, definite, subtree
from newsprism.model import Sentence, Token

_BORROWS = ("advcl", "xcomp", "conj", "acl")  # "…, saying": the verb's subject is its head's
_PHRASE_SKIPS = ("appos", "punct", "relcl", "acl", "advcl", "cc", "conj")


@dataclass(slots=True, frozen=True)
class Governor:
    """A quote's speech verb and that verb's subject, as token indexes in one sentence."""

    sentence: Sentence
    verb: int
    subject: int | None

    def span(self, i: int) -> tuple[int, int]:
        """The characters of token ``i``'s phrase: its subtree without appositives and clauses
        ("one Democratic source on the panel", not ", who asked not to be named")."""
        toks = self.sentence.tokens
        phrase = subtree(toks, i, _PHRASE_SKIPS)
        return toks[min(phrase)].start, toks[max(phrase)].end

    def name(self, i: int) -> tuple[int, int]:
        """The proper name token ``i`` ends: it and the proper nouns compounded before it."""
        toks = self.sentence.tokens
        lo = i
        while (
            lo > 0
            and lo - 1 != self.verb
            and toks[lo - 1].pos == "PROPN"
            and toks[lo - 1].head in (i, lo)
        ):
            lo -= 1
        return toks[lo].start, toks[i].end

    def cue(self, text: str) -> Cue:
        found = verb_cue(text, self.sentence.tokens[self.verb])
        assert found is not None  # the governor is a speech verb
        return found

    def binders(self, climb: int) -> Iterator[int]:
        """Subjects of the verbs above the speech verb (up to ``climb`` steps), nearest first:
        "Ditto said she expects …": "she" is most likely Ditto."""
        toks = self.sentence.tokens
        k = self.verb
        for _ in range(climb):
            if toks[k].head == k:
                return
            k = toks[k].head
            subj = subject(toks, k)
            if subj is not None:
                yield subj


def subject(toks: list[Token], verb: int, quoted: tuple[int, int] = (0, 0)) -> int | None:
    """The subject of a verb (a participle's or infinitive's is its head's: "…, saying"), not
    one inside the ``quoted`` characters (a misparse: "“My reaction …,” the strategist said" given
    two subjects)."""
    for _ in range(3):
        subj = next(
            (
                j
                for j, t in enumerate(toks)
                if t.head == verb
                and t.dep in SUBJECTS
                and j != verb
                and not quoted[0] <= t.start < quoted[1]
            ),
            None,
        )
        if subj is not None or toks[verb].dep not in _BORROWS or toks[verb].head == verb:
            return subj
        verb = toks[verb].head
    return None


def governor(sentences: list[Sentence], start: int, end: int, climb: int) -> Governor | None:
    """The speech verb governing the quoted words ``[start, end)`` in the sentences they touch
    (the nearest up the parse from the words' heads, at most ``climb`` steps), with its
    subject."""
    found: list[tuple[int, int, Governor]] = []  # climb, distance, governor
    for sent in sentences:
        toks = sent.tokens
        inside = [j for j, t in enumerate(toks) if start <= t.start and t.end <= end]
        tops = [j for j in inside if toks[j].head not in inside or toks[j].head == j]
        for top in tops:
            k = top
            for step in range(climb):
                if (
                    not start <= toks[k].start < end
                    and speech_verb(toks[k])
                    and not aspectual(toks, k)
                ):
                    away = min(abs(toks[k].start - end), abs(start - toks[k].end))
                    found.append((step, away, Governor(sent, k, subject(toks, k, (start, end)))))
                    break
                if toks[k].head == k:
                    break
                k = toks[k].head
    return min(found, key=lambda f: f[:2])[2] if found else None


def _pronoun(gov: Governor, reader: speakers.Reader, last: str | None) -> str | None:
    """Who the subject "he" or "she" is: the subject of a verb above it that it fits ("Ditto
    said she expects …"), else as a reader resolves it."""
    subj = gov.sentence.tokens[gov.subject]  # type: ignore[index]
    for b in gov.binders(reader.config.climb):
        m = reader.mention_at(gov.sentence.tokens[b].start, ("PERSON",))
        if m is not None and speakers.fits(m.text, subj.lemma, reader.genders):
            return m.text
    return speakers.referent(subj.lemma, subj.start, reader, last)


def _a_party(toks: list[Token], head: int, at: int) -> bool:
    """Does the token at character ``at`` hang from ``head`` after a preposition of
    ``data/parties_prepositions.txt``: "The meeting between Xi and Putin" (not Xi speaking)?"""
    k = next((j for j, t in enumerate(toks) if t.start <= at < t.end), None)
    while k is not None and k != head and toks[k].head != k:
        if toks[k].dep == "prep" and toks[k].lemma in lexicon.words("parties_prepositions.txt"):
            return True
        k = toks[k].head
    return False


def description(text: str, gov: Governor, reader: speakers.Reader, before: int) -> Found:
    """A subject that describes its speaker: a person in the phrase or its appositive ("Kremlin
    adviser Ushakov", "the foreign minister, Jean-Marc Ayrault,"), the person a definite
    description refers back to ("the senator"; else, "the Vermont senator", the person the
    article is about), or who issued a document ("the IMF report")."""
    toks = gov.sentence.tokens
    subj = gov.subject
    assert subj is not None
    a, b = gov.span(subj)
    apposed = [toks[j].start for j, t in enumerate(toks) if t.head == subj and t.dep == "appos"]
    cue = gov.cue(text)
    for m in reader.mentions:
        inside = (
            a <= m.start
            and m.end <= b
            and not possessive(text, m.end)
            and not _a_party(toks, subj, m.start)
        )
        if m.label == "PERSON" and (inside or any(m.start <= k < m.end for k in apposed)):
            return Found.named(m, cue, "governing-verb")
    head = toks[subj].lemma
    document = head in lexicon.words("documents.txt")
    if document:
        for m in reader.mentions:  # "the IMF report stated", "Ivana Trump's brief said"
            if a <= m.start and m.end <= b and m.label in ("PERSON", "ORG", "GPE"):
                return Found.named(m, cue, "governing-verb-document")
    refers_back = definite(toks, subj)
    if refers_back and head in lexicon.words("collectives.txt"):  # "the union": not a person
        who = speakers.named_group(head, before, reader)
        return Found(who, cue, (a, b), "governing-verb-group")
    who = speakers.described(head, before, reader) if refers_back else None
    if who is None and not document and refers_back:
        who = speakers.salient(before, reader)
    return Found(who, cue, (a, b), "governing-verb-description")


def attribute(
    text: str, sentences: list[Sentence], q: Span, reader: speakers.Reader, last: str | None
) -> Found | None:
    """Who the speech verb governing the quote names as its subject: a name, a pronoun resolved,
    a description (found, or located and left unknown); None when no speech verb governs it or
    its subject stands inside the quote."""
    gov = governor(sentences, q.start, q.end, reader.config.climb)
    if gov is None or gov.subject is None:
        return None
    subj = gov.sentence.tokens[gov.subject]
    if q.start <= subj.start < q.end:
        return None
    m = reader.mention_at(subj.start, SPEAKER_LABELS)
    if m is not None:
        return Found.named(m, gov.cue(text), "governing-verb")
    if subj.lemma in speakers.PERSONAL:
        who = _pronoun(gov, reader, last)
        return Found(who, gov.cue(text), (subj.start, subj.end), "governing-verb-pronoun")
    if subj.pos == "PROPN":  # a name the tagger missed
        a, b = gov.name(gov.subject)
        return Found(text[a:b], gov.cue(text), (a, b), "governing-verb-untagged-name")
    if subj.pos == "NOUN":
        return description(text, gov, reader, q.start)
    return None
