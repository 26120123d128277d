"""An interview's questions, as a post asks them: without who asks and whom they are asked.

A printed interview labels its questions with the interviewer ("PV: Khô da mùa đông ... ?",
"Interviewer: ...?", the magazine's name on every question) and addresses them to the expert
("Dr. med. Meli, wie werden wir Pickel ... los?", "..., thưa bác sĩ?"). On a clinic's post the
question is the reader's: the label and the address go, the question stays word for word:

* "PV: Khô da mùa đông thường có dấu hiệu gì, thưa bác sĩ?" -> "Khô da mùa đông thường có dấu
  hiệu gì?";
* "Dr. med. Meli, wie werden wir Pickel am Kinn über Nacht los?" -> "Wie werden wir Pickel am
  Kinn über Nacht los?";
* "Vogue: What should I use?" -> "What should I use?" when the same label asks two questions or
  more (a speaker's label, not a topic's).

Generic labels ("Q.", "Question:", "Frage:") are the article's layout and stay. Questions are
touched (headings and the questions of question+answer blocks), and of the answers only the
interviewee's label: her initials or name before two answers or more ("A. C.-L. : On ne peut
pas dire cela." -> "On ne peut pas dire cela.").
"""

from __future__ import annotations

import re
from collections import Counter

from tipqueue.posts.reading.raw import RawBlock

#: Labels naming the interviewer (en, de, fr, es, it, vi).
_INTERVIEWER = (
    r"PV|P\.V\.|Phóng viên|Interviewer|Interviewerin|Reporter|Reporterin|Journalist|Journalistin|"
    r"Redaktion|Rédaction|Journaliste|Entrevistador|Entrevistadora|Redacción|Intervistatore|"
    r"Intervistatrice|Redazione"
)
_LABEL = re.compile(rf"^(?:{_INTERVIEWER})\s*[:：]\s+(?=\S)")
#: Any short label before a question ("Vogue: ...?"): an interviewer's when it asks two or more.
_ANY_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w.&’' -]{0,24}?)\s*[:：]\s+(?=\S)")
#: Generic labels that are the article's layout, not a speaker.
_GENERIC = frozenset(
    [
        "q",
        "question",
        "questions",
        "frage",
        "fragen",
        "f",
        "question",
        "réponse",
        "pregunta",
        "p",
        "domanda",
        "d",
        "hỏi",
        "câu",
        "hỏi",
        "a",
        "answer",
    ]
)
_TITLE = (
    r"(?:Dr\.|Dr|Dra\.|Prof\.|Prof|Frau|Herr|Mr\.|Mrs\.|Ms\.|Madame|Monsieur|Doctora|Doctor|Dottoressa|"
    r"Dottore|Dott\.|Dott\.ssa|Bác sĩ|BS\.?|Thưa bác sĩ)"
)
_NAME = r"[A-ZÀ-ÖØ-ÞĐ][\wÀ-ỹ'’-]+"
#: "Dr. med. Meli, wie ...?", "Frau Dr. Hartmann, ...?": the expert addressed before the question
_ADDRESS_START = re.compile(rf"^{_TITLE}(?: (?:med\.|{_TITLE}))*(?: {_NAME}){{0,3}},\s+(?=[^\W\d_])")
#: "..., thưa bác sĩ?", "..., Frau Doktor?", "..., docteur ?": the expert addressed after it
_ADDRESS_END = re.compile(
    rf",\s*(?:thưa (?:bác sĩ|chuyên gia|BS\.?|tiến sĩ|giáo sư)(?: {_NAME}){{0,3}}|(?:Frau|Herr) (?:Doktor|Dr\.|Professor)(?: {_NAME})?|"
    rf"(?:docteur|doctor|doctora|dottore|dottoressa)(?: {_NAME})?|{_TITLE} {_NAME}(?: {_NAME})?)\s*(?=[?？]$)",
)


def _asks(text: str) -> bool:
    return text.rstrip().endswith(("?", "？"))


def _question_of(block: RawBlock) -> str | None:
    if block.kind == "heading" and _asks(block.text):
        return block.text
    if block.kind == "qa" and block.title and _asks(block.title):
        return block.title
    return None


def plain_question(question: str, speakers: frozenset[str] = frozenset()) -> str:
    """``question`` without the interviewer's label and the address to the expert."""
    text = question.strip()
    label = _LABEL.match(text)
    any_label = _ANY_LABEL.match(text)
    if label is not None:
        text = text[label.end() :]
    elif any_label is not None and any_label.group("label").casefold() in speakers:
        text = text[any_label.end() :]
    start = _ADDRESS_START.match(text)
    if start is not None and len(text) - start.end() >= 10:
        rest = text[start.end() :]
        text = rest[:1].upper() + rest[1:]
    text = _ADDRESS_END.sub("", text)
    return text if text != question.strip() else question


def speaker_labels(blocks: list[RawBlock]) -> frozenset[str]:
    """Labels (folded) that stand before two questions or more and are not generic layout."""
    counts: Counter[str] = Counter()
    for block in blocks:
        question = _question_of(block)
        m = _ANY_LABEL.match(question.strip()) if question else None
        if m is not None:
            counts[m.group("label").casefold()] += 1
    return frozenset(label for label, n in counts.items() if n >= 2 and label not in _GENERIC)


def _looks_like_a_name(label: str) -> bool:
    """ "A. C.-L.", "Dr. Meli", "Anna Muster": initials or capitalised words, with a stop or two
    words or more ("Tipp", "Wichtig" and other one-word labels are the article's layout)."""
    words = label.split()
    return all(w[:1].isupper() for w in words) and ("." in label or len(words) >= 2)


def answer_speakers(blocks: list[RawBlock]) -> frozenset[str]:
    """Labels (folded) that open two answers or more and read as the interviewee's name or
    initials ("A. C.-L. : On ne peut pas dire cela ...")."""
    counts: Counter[str] = Counter()
    for block in blocks:
        m = _ANY_LABEL.match(block.text) if block.kind == "qa" and ":" in block.text[:30] else None
        if m is not None and _looks_like_a_name(m.group("label")):
            counts[m.group("label").casefold()] += 1
    return frozenset(label for label, n in counts.items() if n >= 2 and label not in _GENERIC)


def plain_questions(blocks: list[RawBlock]) -> list[RawBlock]:
    """The blocks with every question heading and interview question asked plainly, and every
    answer without the interviewee's label (on a clinic's post the answer is the clinic's)."""
    speakers = speaker_labels(blocks)
    answering = answer_speakers(blocks)
    out: list[RawBlock] = []
    for block in blocks:
        if answering and block.kind == "qa":
            m = _ANY_LABEL.match(block.text)
            if m is not None and m.group("label").casefold() in answering and len(block.text) - m.end() >= 10:
                rest = block.text[m.end() :]
                block = block.but(text=rest[:1].upper() + rest[1:])
        question = _question_of(block)
        plain = plain_question(question, speakers) if question else None
        if plain is None or plain == question:
            out.append(block)
        elif block.kind == "heading":
            out.append(block.but(text=plain))
        else:
            out.append(block.but(title=plain))
    return out
