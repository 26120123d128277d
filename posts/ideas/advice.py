"""Advice, or only text around it: what a reader can act on, told from what merely frames it.

An editor posts an instruction, a recommendation, a warning or an answer. She does not post the
text an article wraps around its advice, even when it speaks of the skin:

* an announcement of advice given elsewhere ("Ci sono delle raccomandazioni da fare.",
  "Il existe des solutions pour ...", "There are a few things you can do.");
* background statistics: how many people have something, how often it is searched for
  ("up to 15 percent of adult women", "+1700 Prozent bei den Google-Anfragen");
* a description of a method or of the article itself ("repose sur trois piliers", "This initial
  phase is about ...");
* the article's opening hook: how a problem feels, or a teaser ("It can do a number on your
  self-esteem", "nous avons la sensation d'avoir la peau sèche", "cảm giác khó chịu",
  "everything you think you know about dead skin cells is wrong").

:func:`advice_in` tells whether an idea holds advice at all (an imperative at a sentence's
start is counted by :mod:`.selection`; here the words of a recommendation anywhere: "should",
"sollte", "il faut", "se debe", "bisogna", "nên" ...). :func:`framing_cues` lists what marks an
idea as framing; the scoring reads them only for an idea with no advice in it, so "Avoid hot
water, which 60 % of people use" stays a tip.

Phrases are matched on folded text (lower case, apostrophes as ``'``), as :mod:`.lexicon` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tipqueue.posts.ideas.encouragement import encouragement_cue
from tipqueue.posts.ideas.lexicon import INSTRUCTION_START, count_in, register_tables, starts_with_any

#: Words of a recommendation or a warning, anywhere in an idea.
ADVICE: Mapping[str, tuple[str, ...]] = {
    "en": (
        "should ",
        "shouldn't",
        "must ",
        "need to",
        "needs to",
        "recommend",
        "it's best",
        "it is best",
        "be sure to",
        "it's time to",
        "make sure",
        "avoid",
        "try to",
    ),
    "de": (
        "sollte",
        "solltest",
        "müssen",
        "muss ",
        "empfehl",
        "empfiehlt",
        "ratsam",
        "am besten",
        "unbedingt",
        "vermeide",
        "verzichte",
        "achten sie",
        "achte auf",
    ),
    "fr": (
        "il faut",
        "faut-il",
        "vous devez",
        "doit ",
        "doivent",
        "recommand",
        "conseill",
        "préconis",
        "mieux vaut",
        "il vaut mieux",
        "évitez",
        "éviter",
        "n'oubliez",
        "privilégiez",
        "on évite",
        "on opte",
        "on adopte",
        "on nettoie",
        "on se méfie",
        "on se contente",
        "on privilégie",
        "on applique",
        "on protège",
        "on choisit",
        "attention au",
        "attention à",
    ),
    "es": (
        "debes",
        "deberías",
        "se debe",
        "no se debe",
        "debe ",
        "deben ",
        "hay que",
        "recomiend",
        "se recomienda",
        "aconseja",
        "conviene",
        "es mejor",
        "lo mejor",
        "mejor optar",
        "lo ideal",
        "nunca ",
        "evita",
        "evitar",
        "asegúrate",
        "no olvides",
        "la solución está",
    ),
    "it": (
        "dovresti",
        "dovremmo",
        "dovreste",
        "devi ",
        "deve ",
        "devono",
        "bisogna",
        "bisognerebbe",
        "si consiglia",
        "consigliabile",
        "consiglio di",
        "si raccomanda",
        "è bene",
        "è meglio",
        "meglio ",
        "evitate",
        "evitare",
        "non dimenticate",
        "non lasciatevi",
        "utilizzate",
        "applicate",
        "scegliete",
        "proteggete",
        "preferire",
    ),
    "vi": ("nên", "cần ", "khuyên", "khuyến cáo", "lưu ý", "hạn chế", "tránh "),
}

#: Words that hold an advice word without advising ("trở nên": to become; "se debe a": is due
#: to). Scanned with the
#: others so that the longer phrase takes the place: never counted as advice.
LOOKALIKES: Mapping[str, tuple[str, ...]] = {
    "en": ("don't know", "don't have to"),
    "fr": ("doit à", "doivent à"),
    # "si te preguntas qué recomiendan los dermatólogos": a question about advice, not advice
    "es": ("se debe a ", "se deben a ", "debe a ", "deben a ", "qué recomiend"),
    "vi": ("trở nên", "nên tảng"),
}

#: The article's opening hook: how a problem feels, a teaser of what the reader thinks she knows,
#: or how hard the season is on the skin ("ist unser größtes Organ vermehrt Strapazen
#: ausgesetzt"). Read only in the article's first idea, where it sets the scene for the advice
#: after it.
HOOK: Mapping[str, tuple[str, ...]] = {
    "en": (
        "self-esteem",
        "self-confidence",
        "your confidence",
        "feel uncomfortable",
        "you may feel",
        "embarrass",
        "do a number on",
        "everything you think you know",
        "what you think you know",
        "do you know what?",
        "hard to keep up",
        "let's face it",
        "let's be honest",
        "we've all been there",
        "a toll on",
        "a beating on",
    ),
    "de": (
        "selbstwertgefühl",
        "selbstbewusstsein",
        "unangenehm",
        "fühlen wir",
        "wir fühlen",
        "alles, was du",
        "seien wir ehrlich",
        "wer kennt das nicht",
        "kennen wir alle",
        "strapazen ausgesetzt",
        "auf eine harte probe",
    ),
    "fr": (
        "la sensation",
        "estime de soi",
        "confiance en soi",
        "on se sent",
        "nous nous sentons",
        "gêne",
        "tout ce que vous croyez savoir",
        "soyons honnêtes",
        "on connaît tous",
        "mise à rude épreuve",
        "mettent à rude épreuve",
    ),
    "es": (
        "sienten temor",
        "tienen miedo",
        "autoestima",
        "la sensación",
        "nos sentimos",
        "incómod",
        "todo lo que crees saber",
        "seamos sinceros",
        "a todos nos ha pasado",
        "pone a prueba",
        "ponen a prueba",
    ),
    "it": (
        "autostima",
        "la sensazione",
        "ci sentiamo",
        "disagio",
        "imbarazz",
        "tutto quello che pensi di sapere",
        "siamo sinceri",
        "capita a tutti",
        "a dura prova",
    ),
    "vi": ("khó chịu", "bức bối", "khóc thét", "tự ti", "mặc cảm", "ai cũng từng"),
}

#: A method or the article described: what it rests on, not what the reader does.
METHOD: Mapping[str, tuple[str, ...]] = {
    "en": ("pillars", "our approach", "an approach", "this phase", "initial phase", "our philosophy"),
    "de": ("säulen", "unser ansatz", "ein ansatz", "diese phase", "unsere philosophie"),
    "fr": ("piliers", "une approche", "notre approche", "cette phase", "notre philosophie"),
    "es": ("pilares", "un enfoque", "nuestro enfoque", "esta fase", "nuestra filosofía"),
    "it": ("pilastri", "un approccio", "il nostro approccio", "questa fase", "la nostra filosofia"),
    "vi": ("trụ cột", "phương pháp tiếp cận", "giai đoạn này"),
}

#: Who is counted in a statistic: people, or searches for something.
COUNTED: Mapping[str, tuple[str, ...]] = {
    "en": ("people", "women", "men ", "adults", "americans", "searches", "google", "survey", "of us"),
    "de": ("menschen", "frauen", "männer", "deutschen", "suchanfragen", "google", "umfrage", "anfragen"),
    "fr": ("personnes", "femmes", "hommes", "français", "recherches", "google", "sondage", "enquête"),
    "es": ("personas", "mujeres", "hombres", "búsquedas", "google", "encuesta"),
    "it": ("persone", "donne", "uomini", "italiani", "ricerche", "google", "sondaggio"),
    "vi": ("người", "phụ nữ", "nam giới", "tìm kiếm", "google", "khảo sát"),
}

#: Advice given without an imperative or a "should": what the reader can, may need to or had best
#: do ("You may need a combination of ...", "the best ways to soften lines", "Es ist wichtig ...").
#: With :data:`ADVICE` and an instruction, it tells the reader what to do: the cover then counts
#: tips; an idea with none of them (background, an explanation) is a post, not a tip.
ADVISING: Mapping[str, tuple[str, ...]] = {
    "en": (
        "you can ",
        "you may need",
        "you might need",
        "you'll need",
        "you will need",
        "you want to",
        "you want it",
        "you'll want",
        "it's important",
        "it is important",
        "the key is",
        "the best way",
        "is best",
        "are best",
        "always best",
        "our advice",
        "look for ",
        "pick one",
        "opt for",
        "if you choose",
        "consult ",
        "see a dermatologist",
        "see your dermatologist",
        "talk to your",
    ),
    "de": (
        "wichtig",
        "am besten",
        "empfehl",
        "ratsam",
        "kann man",
        "können sie",
        "kannst du",
        "sollten sie",
        "achten sie",
        "vermeiden",
    ),
    "fr": (
        "important",
        "conseill",
        "mieux vaut",
        "il vaut mieux",
        "vous pouvez",
        "pensez",
        "n'hésitez pas",
        "éviter",
        "ne pas ",
        "la règle",
        "privilégier",
        "boire ",
    ),
    "es": (
        "importante",
        "conviene",
        "es mejor",
        "lo mejor",
        "puedes",
        "puede usted",
        "a evitar",
        "evitar ",
        "recomiendo",
        "recomendable",
        "aconsejable",
        "consultar",
    ),
    "it": (
        "importante",
        "è meglio",
        "conviene",
        "puoi",
        "potete",
        "da evitare",
        "evitare ",
        "consigliabile",
        "è bene ",
    ),
    "vi": ("quan trọng", "cần ", "không nên", "nên ", "hãy ", "tránh "),
}

register_tables(ADVICE, ADVISING, LOOKALIKES, HOOK, METHOD, COUNTED)

#: A share or a count of people: "15 percent", "+1700 Prozent", "3 millions", "1 in 5".
_FIGURE = re.compile(
    r"\d[\d.,]*\s*(?:%|percent\b|per cent\b|prozent\b|pour cent\b|por ciento\b|per cento\b|phần trăm\b|"
    r"million|millionen\b|millones\b|milioni\b|triệu\b)|\b\d+ in \d+\b|\b\d+ von \d+\b|\b\d+ sur \d+\b"
)

_ANNOUNCED = {
    "en": r"there (?:are|is) (?:a few|some|several|many|a number of|\d+) (?:\w+ ){0,2}"
    r"(?:things|ways|steps|tips|solutions|recommendations|rules|options)\b"
    # the article's promise of a guide: "here's our complete guide to ..."
    r"|\bhere(?:'s| is) (?:a|our) (?:\w+ ){0,2}guide\b",
    "de": r"es gibt (?:einige|ein paar|mehrere|viele|verschiedene) (?:\w+ ){0,2}"
    r"(?:tipps|möglichkeiten|wege|lösungen|regeln|empfehlungen)\b"
    r"|\bhier (?:finden sie|findest du) (?:einen|unseren) (?:\w+ ){0,2}(?:leitfaden|ratgeber)\b",
    "fr": r"il existe (?:des|plusieurs|quelques|de nombreuses|différentes) (?:\w+ ){0,2}"
    r"(?:solutions|moyens|astuces|règles|recommandations|conseils|options)\b"
    r"|\bvoici (?:un|notre) (?:\w+ ){0,2}guide\b",
    "es": r"(?:hay|existen) (?:algunas|varias|muchas|unas|\w+ )?(?:\w+ ){0,2}"
    r"(?:soluciones|formas|maneras|recomendaciones|reglas|opciones|consejos)\b"
    r"|\baquí te (?:compartimos|dejamos|traemos|presentamos) (?:una|nuestra|la) guía\b",
    "it": r"ci sono (?:delle|alcune|diverse|molte|\d+) (?:\w+ ){0,2}"
    r"(?:raccomandazioni|soluzioni|regole|consigli|modi|accorgimenti)\b"
    r"|\becco (?:una|la nostra) (?:\w+ ){0,2}guida\b",
    "vi": r"có (?:một số|nhiều|vài) (?:cách|biện pháp|giải pháp|lời khuyên|quy tắc)\b",
}
_ANNOUNCED_RE = {k: re.compile(v) for k, v in _ANNOUNCED.items()}


def announced_advice(first: str, language: str) -> bool:
    """True when an idea's first sentence (folded) says there is advice without giving it."""
    for code in dict.fromkeys((language, "en")):
        pattern = _ANNOUNCED_RE.get(code)
        if pattern is not None and pattern.search(first):
            return True
    return False


#: A last sentence that leads on to the advice after it: "Here's my advice to keep your skin
#: hydrated.", "Voici nos conseils.", "Hier sind unsere Tipps:", "Ecco alcuni accorgimenti.".
#: Read on folded text (lower case, plain quotes).
_LEADS_ON = {
    "en": r"^(?:so,? )?here(?:'s| is| are) (?:\w+ ){0,3}(?:advice|tips|ways|steps|suggestions|recommendations)\b"
    # the writer's question the sections after it answer: "So how do we treat teen acne?"
    r"|^(?:so,? |but |and )?(?:how|what) (?:do|can|should|could) (?:we|you|i) (?:[\w']+ ){0,6}[\w']+\?"
    r"|^(?:so,? )?what can (?:be done|you do)\b",
    "de": r"^(?:hier (?:sind|kommen|gibt es) (?:\w+ ){0,3}(?:tipps|ratschläge|empfehlungen)\b)"
    r"|^wir (?:verraten|nennen|zeigen|erklären)(?: ihnen| dir| euch)? (?:\w+ ){0,4}"
    r"(?:fehler|tipps|tricks|regeln|schritte|wege|gründe)\b"
    r"|^(?:doch |aber |also )?(?:wie|was) (?:kann|können|sollte|sollten|kannst) (?:man|ich|wir|sie|du) (?:\w+ ){0,6}\w+\?",
    "fr": r"^voici (?:\w+ ){0,3}(?:conseils|astuces|recommandations|gestes)\b"
    r"|^(?:alors,? |mais )?(?:comment (?:faire|y remédier|l'éviter)|que faire)\b[^.!]*\?"
    r"|^nous vous (?:livrons|présentons|donnons) ",
    "es": r"^(?:estos|estas|aquí) (?:son |tienes |te dejamos )?(?:\w+ ){0,3}(?:consejos|recomendaciones|trucos|pasos)\b"
    r"|^(?:entonces,? )?(?:cómo|qué) (?:podemos|puedes|hacer)\b[^.!]*\?"
    r"|^te (?:contamos|explicamos|mostramos|damos) ",
    "it": r"^ecco (?:\w+ ){0,3}(?:consigli|suggerimenti|raccomandazioni|accorgimenti|regole)\b"
    r"|^(?:e )?(?:come|cosa) (?:fare|possiamo fare|si può fare)\b[^.!]*\?"
    r"|^(?:vi|ti) (?:sveliamo|spieghiamo|diciamo) ",
    "vi": r"^dưới đây là (?:\w+ ){0,3}(?:lời khuyên|cách|mẹo|bí quyết)\b",
}
_LEADS_ON_RE = {k: re.compile(v) for k, v in _LEADS_ON.items()}


def leads_on(last: str, language: str) -> bool:
    """True when an idea's last sentence (folded) leads on to advice given after it."""
    pattern = _LEADS_ON_RE.get(language)
    return pattern is not None and pattern.search(last.strip()) is not None


#: The polite imperative, whatever the verb: German "<verb>en Sie ..." ("Meiden Sie die
#: Mittagssonne", "Achten Sie auf ..."), French "<verb>ez ..." ("Privilégiez", "N'oubliez pas").
#: Word lists name a few verbs each; a real article uses many more (read on folded text).
_IMPERATIVE = {
    "de": re.compile(r"^(?!(?:denen|wegen|neben|oben|unten|gegen|zwischen) )[a-zäöüß]+(?:en|ern|eln) sie\b"),
    "fr": re.compile(r"^(?:n'|ne )?(?!(?:chez|assez|nez)\b)[a-zàâçéèêëîïôûùüÿœ]+ez\b(?!-vous)"),
}


#: A French heading in the infinitive gives an instruction ("Éviter l'eau trop chaude", "Adapter
#: son alimentation"); these nouns only end like one.
_INFINITIVE_FR = re.compile(
    r"^(?!(?:hiver|premier|dernier|cher|super|leur|plaisir|loisir|soir|noir|espoir|avenir|désir|"
    r"cuir|laser|dossier|métier|quartier|atelier|panier|clavier|janvier|février)\b)"
    r"(?:ne pas |ne plus |bien )?[a-zàâçéèêëîïôûùüÿœ]{3,}(?:er|ir)\b"
)


def tells_in_heading(heading: str, language: str) -> bool:
    """True when an idea's own heading (folded) tells the reader what to do: an instruction
    ("Use ...", a polite imperative, a French infinitive: "Éviter ..."), or advice of
    :data:`ADVICE` or :data:`ADVISING`."""
    return (
        starts_with_any(heading, INSTRUCTION_START, language)
        or polite_imperative(heading, language)
        or (language == "fr" and _INFINITIVE_FR.match(heading) is not None)
        or count_in(heading, ADVICE, language) > 0
        or count_in(heading, ADVISING, language) > 0
    )


def polite_imperative(sentence: str, language: str) -> bool:
    """True when a sentence (folded) opens with a polite imperative and is not a question
    ("Haben Sie trockene Haut?" asks, "Cremen Sie sich ein." tells)."""
    pattern = _IMPERATIVE.get(language)
    return pattern is not None and not sentence.rstrip().endswith("?") and pattern.match(sentence) is not None


def statistic(whole: str, counted: int) -> bool:
    """True for a share or count of people or searches ("15 percent of adult women")."""
    return counted > 0 and _FIGURE.search(whole) is not None


#: The article's closing pep talk: "With the right products and habits, you can keep that
#: fresh-faced look", "so it's not all bad!", "Mit der richtigen Pflege ...", "Avec les bons gestes
#: ...", "Con la rutina adecuada ...", "Con i giusti prodotti ...". Read on folded text.
_PEP_TALK = re.compile(
    r"\bwith the right (?:products|routine|care|habits|approach)\b|\bit'?s not all bad\b|\byou'?ve got this\b|"
    r"\bembrace (?:your|the) (?:glow|skin)\b|\blove (?:your|the) (?:skin|glow) you'?re in\b|"
    r"\bmit der richtigen (?:pflege|routine)\b|\bavec les bons (?:gestes|produits|soins)\b|"
    r"\bcon (?:la rutina|los productos|el cuidado) (?:adecuad[oa]s?|correct[oa]s?)\b|"
    r"\bcon i (?:giusti|prodotti giusti)\b|\bvới (?:quy trình|sản phẩm) phù hợp\b"
)


#: Background that opens an idea: what a condition is, how it shows or how it works ("Eczema is
#: a chronic skin condition ...", "Retinol works by ...", "Signs and symptoms of X include:").
#: Read on an idea's folded first sentence, only when the idea holds no advice.
_DEFINES = {
    "en": r"^(?:the )?(?:signs|symptoms|signs and symptoms) of (?:[\w'-]+ ){0,3}(?:include|are)\b"
    r"|^[\w'-]+(?: [\w'-]+)? (?:is|are) an? (?:(?:common|chronic|inflammatory|genetic|skin) ){0,3}"
    r"(?:condition|disorder|disease)\b"
    r"|^[\w'-]+(?: [\w'-]+)? (?:acts|works) by\b",
    "de": r"^[\w-]+ (?:ist|sind) eine? (?:\w+ ){0,2}(?:erkrankung|hauterkrankung|krankheit|störung)\b",
    "fr": r"^(?:l[ae']\s?)?[\w-]+ (?:est|sont) une? (?:\w+ ){0,2}(?:maladie|affection|pathologie|dermatose)\b",
    "es": r"^(?:el |la |los |las )?[\w-]+ (?:es|son) una? (?:\w+ ){0,2}(?:enfermedad|afección|patología|condición)\b",
    "it": r"^(?:l[ao']\s?|il |i |le |gli )?[\w-]+ (?:è|sono) una? (?:\w+ ){0,2}"
    r"(?:malattia|patologia|affezione|condizione)\b",
    "vi": r"^(?:[\w-]+ ){1,3}là một (?:bệnh|chứng|tình trạng)\b",
}
_DEFINES_RE = {k: re.compile(v) for k, v in _DEFINES.items()}


def background(first: str, language: str) -> bool:
    """True when an idea's first sentence (folded) says what a condition is or how a thing works.

    A heading that asks it ("What is rosacea?") is not read: an editor posts the short answer
    under it in an article of background as readily as she leaves it out of one of advice."""
    pattern = _DEFINES_RE.get(language)
    return pattern is not None and pattern.search(first) is not None


def framing_cues(
    first: str,
    whole: str,
    language: str,
    found: Mapping[int, int],
    *,
    opening: bool,
    last: str = "",
    closing: bool = False,
) -> list[str]:
    """What marks an idea with no advice in it as text around advice (strongest first).

    ``first``: its first sentence and ``whole``: all of it, folded; ``found``: the counts of
    this module's tables (:func:`.lexicon.count_tables`); ``opening``: it is the article's first
    idea after the lead, where the hook (:data:`HOOK`) belongs; ``closing``: its last, where the
    pep talk (:data:`_PEP_TALK`) is.
    """
    cues: list[str] = []
    if announced_advice(first, language):
        cues.append("announces advice it does not give")
    elif last and leads_on(last, language):
        cues.append("sets up the advice that follows, gives none")
    if statistic(whole, found.get(id(COUNTED), 0)):
        cues.append("background statistics, nothing to act on")
    if found.get(id(METHOD), 0):
        cues.append("describes a method, not what to do")
    if opening and found.get(id(HOOK), 0):
        cues.append("the article's opening hook, no advice")
    if closing and _PEP_TALK.search(whole):
        cues.append("the article's closing pep talk, no advice")
    cheer = encouragement_cue(whole)
    if cheer is not None:
        cues.append(cheer)
    return cues
