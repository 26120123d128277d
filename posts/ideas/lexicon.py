"""Word lists per language for reading ideas: what points back, what advises, what narrates.

Data only. Every list is keyed by language code (en, de, fr, es, it, vi); :func:`words_for`
returns the article's language list together with English (articles mix in English phrases,
and an unsupported language still gets the English cues). Phrases are matched on lower-cased
text with apostrophes folded to ``'``; entries ending in a space or a comma match only as
written (a whole phrase at the start of a sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any


def _set(words: str) -> frozenset[str]:
    """Words separated by "|" (a word may hold spaces: "the only one")."""
    return frozenset(words.split("|"))


def _list(phrases: str) -> tuple[str, ...]:
    """Phrases separated by "|", spaces kept: "and " matches only as the whole word "and"."""
    return tuple(phrases.split("|"))


LANGUAGES = ("en", "de", "fr", "es", "it", "vi")


#: First words that stand for something said before: pronouns and demonstratives (with
#: contractions), and "both"/"another"-like determiners.
POINTERS: Mapping[str, frozenset[str]] = {
    "en": _set(
        "another|both|either|he|he's|her|here's|hers|him|his|it|it's|its|neither|others|same|she|she's|such|that|that'll|that's|the first one|the former|the last one|the latter|the only one|the other one|the others|the rest|the same|their|theirs|them|there's|these|they|they'd|they'll|they're|they've|this|those|which|who|whom|whose"
    ),
    "de": _set(
        "beide|beides|dabei|dadurch|dafür|damit|darauf|darum|davon|dazu|deren|dessen|dies|diese|diesem|diesen|dieser|dieses|er|ihm|ihn|ihnen|ihr|ihre|ihrem|ihren|ihrer|jene|jener|jenes|sein|seine|seinem|seinen|seiner|solche|solcher"
    ),
    "fr": _set(
        "c'est|c'était|ce|ceci|cela|celle|celles|celui|ces|cette|ceux|elle|elles|eux|ils|leur|leurs|lui|sa|ses|son|ça"
    ),
    "es": _set(
        "ambas|ambos|aquel|aquella|aquellas|aquellos|ella|ellas|ello|ellos|esa|esas|ese|eso|esos|esta|estas|este|esto|estos|él"
    ),
    "it": _set(
        "ciò|entrambe|entrambi|essa|esse|essi|esso|lei|loro|lui|quella|quelle|quelli|quello|questa|queste|questi|questo|sua|sue|suo|suoi"
    ),
    "vi": _set("chúng|cái này|cái đó|họ|những điều này|nó|điều này|điều đó|đây|đó"),
}
#: Words that point back when they appear among a sentence's first few words.
EARLY_POINTERS: Mapping[str, frozenset[str]] = {
    "en": _set("it|it's|its|others|their|theirs|them|these|they|they're|they've|those"),
    "de": _set(
        "dabei|davon|diese|diesen|dieser|dieses|ihnen|ihre|ihren|solche|solchem|solchen|solcher|solches"
    ),
    "fr": _set("cela|celles|ceux|ces|elles|ils|ça"),
    "es": _set("ellas|ellos|esas|esos|estas|estos"),
    "it": _set("esse|essi|quelle|quelli|queste|questi"),
    "vi": _set("chúng|này|nó|đó"),
}
#: Discourse markers at a sentence's start: they continue an argument begun earlier.
MARKERS: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "second,|secondly|third,|thirdly|for example|for instance|to be fair|well,|also,|also |however|in addition|on the other hand|that said|that being said|as a result|in fact|of course|again,|similarly|likewise|instead|otherwise|plus,|besides|after all|in that case|even so|then,|finally|lastly|as i said|as mentioned|like i said|and |but |or |so |because |since |though|although|still,|yet |thus|hence|therefore|anyway|moreover|furthermore|meanwhile|kind of|sort of|too,|maybe |not only that"
    ),
    "de": _list(
        "zweitens|drittens|zum beispiel|beispielsweise|außerdem|allerdings|jedoch|trotzdem|dennoch|also,|nun,|gut,|ebenso|stattdessen|übrigens|wie gesagt|wie erwähnt|zudem|auch |daher|deshalb|deswegen|denn |aber |doch |und |oder |dazu kommt|hinzu kommt|andererseits|trotz allem"
    ),
    "fr": _list(
        "par exemple|cependant|pourtant|en effet|de plus|en outre|ainsi|bref|enfin|d'ailleurs|par contre|en revanche|eh bien|bon,|comme je l'ai dit|mais |et |donc|car |aussi,|toutefois|néanmoins"
    ),
    "es": _list(
        "por ejemplo|sin embargo|además|también|así que|en cambio|por otro lado|pues|bueno,|de hecho|por eso|como dije|incluso|pero |y |o |porque |aun así|no obstante|por lo tanto"
    ),
    "it": _list(
        "per esempio|ad esempio|un altro |un'altra |tuttavia|inoltre|invece|infatti|quindi|comunque|beh|insomma|anche |come detto|ma |e |perché |però|dunque|pertanto"
    ),
    "vi": _list(
        "ví dụ|chẳng hạn|tuy nhiên|ngoài ra|bên cạnh đó|vì vậy|do đó|thế nên|còn |cũng |hơn nữa|thêm vào đó|như đã nói|nhưng |và |vì thế|tóm lại"
    ),
}
#: References to the page, its images or a link that a post no longer has.
PAGE: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "as you can see|see above|shown above|shown below|see below|pictured|image above|images above|photo above|photos above|picture above|pictures above|image below|photo below|picture below|video above|video below|list above|list below|table below|chart below|here's one i use|here is one i use|here's the one|here's what i use|click here|in this post|in this article|this blog post|in today's post|link below|linked below|linked above|the link in|above:|below:|mentioned above|listed above|listed below|this routine works|this routine is|this guide"
    ),
    "de": _list(
        "wie ihr seht|wie du siehst|wie sie sehen|siehe oben|siehe unten|oben genannt|unten seht|auf dem bild|auf dem foto|im bild|im foto|im video|in diesem beitrag|in diesem artikel|in diesem post|hier klicken|den link|unten verlinkt|diese routine eignet|diese routine ist|dieser ratgeber"
    ),
    "fr": _list(
        "ci-dessus|ci-dessous|sur la photo|sur l'image|en photo|dans cet article|dans ce billet|voici celui que j'utilise|cliquez ici|le lien|cette routine convient|cette routine est|ce guide"
    ),
    "es": _list(
        "como ves|como veis|como puedes ver|en la foto|en la imagen|en las fotos|en este post|en este artículo|aquí os dejo|aquí te dejo|haz clic|el enlace|más arriba|más abajo|esta rutina funciona|esta rutina es|esta guía"
    ),
    "it": _list(
        "come vedete|come puoi vedere|nella foto|in foto|nell'immagine|in questo post|in questo articolo|ecco quello che uso|clicca qui|il link|qui sopra|qui sotto|questa routine funziona|questa routine è|questa guida"
    ),
    "vi": _list(
        "như bạn thấy|ở trên|bên dưới|trong ảnh|hình trên|ảnh trên|bài viết này|dưới đây|link|quy trình này phù hợp|quy trình này"
    ),
}
#: Definite articles: "The product ..." points back when the noun was named just before.
DEFINITE: Mapping[str, frozenset[str]] = {
    "en": _set("the"),
    "de": _set("das|dem|den|der|des|die"),
    "fr": _set("l'|la|le|les"),
    "es": _set("el|la|las|los"),
    "it": _set("gli|i|il|l'|la|le|lo"),
    "vi": _set("các|những"),
}
#: Instruction cues: imperatives and advice (matched at a sentence's start, or anywhere for
#: phrases such as "you should").
INSTRUCTION_START: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "use |apply |avoid |try |wash |don't |do not |never |always |make sure|choose |look for |keep |start |stop |pat |rinse |cleanse |moisturi|wear |reapply |exfoliate |limit |skip |switch |add |give |check |consider |remember |be |ask |see a |talk to |protect |drink |get |introduce |follow up|layer |opt for |stick to |go for |pick |swap "
        "|treat |massage |allow |dab |blot |relax |cut back|cut down|wait |reach for |invest in |aim for |seek |stay |steer clear|remove |replace |reduce |minimi|hydrate |soothe |gently |wipe |store |eat |take |leave it|cover |sleep on|focus on |spot-treat|double cleanse|double-cleanse|incorporate |include |prioriti|hold |press "
    ),
    "de": _list(
        "verwende|nutze|benutze|trage |tragen sie|vermeide|vermeiden sie|achte |achten sie|probiere|wasche|reinige|creme |cremen sie|gönn|trinke|trinken sie|nimm |nehmen sie|setze|verzichte|wähle|lass |lassen sie"
    ),
    "fr": _list(
        "utilisez|utilise |appliquez|applique |évitez|évite |essayez|lavez|nettoyez|choisissez|pensez|n'oubliez|buvez|protégez|hydratez|privilégiez|misez|optez"
    ),
    "es": _list(
        "usa |utiliza|aplica|evita|prueba|lava|limpia|elige|no olvides|bebe |protege|hidrata|recuerda|busca |opta |apuesta"
        "|aplique|evite|utilice|use |lave |elija|proteja|hidrate |no uses|no use |no olvide|mantén|mantenga|toma |tome |sigue |siga |consulta |consulte |acude |acuda |exfolia |retira |retire |desmaquilla|beba |duerme |duerma |cuida |cuide |reaplica|reaplique|lleva |lleve |ponte |póngase|no te expongas|no se exponga"
    ),
    "it": _list(
        "usa |utilizza|applica|evita|prova |lava |pulisci|scegli|non dimenticare|bevi |proteggi|idrata|ricorda"
        "|applicate|usate|utilizzate|evitate|non usare|mantieni|mantenete|bevete|consulta |rivolgiti|rivolgetevi|scegliete|idratate|proteggete|lavate|detergi |esfolia |metti |mettete|indossa|indossate|riapplica|cerca di|cercate di|prediligi|preferisci|non esporti|non esponetevi|non esporre"
    ),
    "vi": _list("hãy |nên |đừng |không nên|tránh |sử dụng|dùng |thoa |rửa |uống |chọn "),
}

INSTRUCTION_ANYWHERE: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "you should|you need to|you can |you may need|you might need|you'll need|you will need|it's important|it is important|the key is|the best way|make sure|we recommend|i recommend|is best|helps |help |because |which means|can cause|causes |prevent|protects|works by"
    ),
    "de": _list(
        "sollte|solltest|müssen|wichtig|empfehle|empfehlen|hilft|helfen|weil |denn |schützt|verhindert|am besten"
    ),
    "fr": _list("il faut|vous devez|important|je recommande|conseill|aide à|permet|car |parce que|protège"),
    "es": _list("debes|deberías|hay que|importante|recomiendo|recomendamos|ayuda|porque |protege|conviene"),
    "it": _list("dovresti|devi|bisogna|importante|consiglio|aiuta|perché |protegge|è meglio"),
    "vi": _list("nên|quan trọng|giúp|vì |bởi vì|bảo vệ|cần "),
}
#: First-person narrative: the author's story rather than the reader's advice.
ANECDOTE: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "i haven't|i noticed|i've noticed|my skin|so far|i'm so|i have been|i just |i bought|i had to|i was |i went|i got |i've been|i remember|my husband|my wife|my boyfriend|my girlfriend|my mom|my mum|my sister|my friend|my daughter|my son|when i was|i used to|i tried|i've tried|i ordered|i received|i fell in love|i love |i'm obsessed|i can't wait|i decided|i started|last week|last year|yesterday|i personally"
    ),
    "de": _list(
        "ich habe|ich war|ich bin|mein mann|meine freundin|meine mutter|ich liebe|letzte woche|gestern|ich musste"
    ),
    "fr": _list("j'ai |j'étais|je suis allée|mon mari|ma mère|mon copain|j'adore|hier|la semaine dernière"),
    "es": _list("yo |compré|me encanta|mi marido|mi madre|mi novio|ayer|la semana pasada|he probado|estuve"),
    "it": _list("ho comprato|ero |mio marito|mia madre|adoro|ieri|la settimana scorsa|ho provato"),
    "vi": _list("mình đã|tôi đã|hồi đó|hôm qua|tuần trước|chồng mình|mẹ mình"),
}
#: Transitions and framing: they introduce or close, they do not advise.
TRANSITION: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "thank you|thanks for|thanks to all|happy holidays|let's |here are|here's how|in this post|in this article|read on|without further ado|now that|so, |first things first|keep reading|stay tuned|more on this|in conclusion|to sum up|to conclude|that's it|that's all|the bottom line|here's what|below are|below, "
    ),
    "de": _list(
        "vielen dank|danke für|danke an|in diesem beitrag|in diesem artikel|hier sind|lies weiter|fazit|zum schluss|los geht|kurz gesagt"
    ),
    "fr": _list("merci |dans cet article|voici |en conclusion|pour conclure|c'est parti|bref"),
    "es": _list(
        "gracias |en este post|en este artículo|aquí tienes|os dejo|en conclusión|para terminar|vamos allá"
    ),
    "it": _list("grazie |in questo post|in questo articolo|ecco |in conclusione|per concludere"),
    "vi": _list("cảm ơn|trong bài viết này|dưới đây là|tóm lại|cùng tìm hiểu|hãy cùng"),
}
#: Promotion and spending: prices, codes, shops, other brands' offers.
PROMOTION: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "discount|promo code|coupon|% off|use code|shop now|buy now|available at|available on amazon|sponsored|affiliate|giveaway|link in bio|on sale|free shipping|add to cart|subscribe|newsletter|sign up"
    ),
    "de": _list(
        "rabatt|gutschein|rabattcode|jetzt kaufen|erhältlich bei|gesponsert|werbung|affiliate|gewinnspiel|versandkostenfrei"
    ),
    "fr": _list("code promo|réduction|en vente|sponsorisé|partenariat|concours|livraison gratuite"),
    "es": _list("descuento|código|a la venta|patrocinado|sorteo|envío gratis|cómpralo"),
    "it": _list("sconto|codice|in vendita|sponsorizzato|giveaway|spedizione gratuita"),
    "vi": _list("giảm giá|mã giảm|khuyến mãi|mua ngay|tài trợ|freeship"),
}

#: Prices and money. Words that begin other words end with their own ending ("euro " and
#: "euro." but not "europäische", "caro " but not "carotenoides").
SPENDING: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "$|£|€|spent |splurge|price|pricey|expensive|cheap|bought |paid |budget|worth the money|dollars"
    ),
    "de": _list("€|euro |euro.|euro,|euros|preis|teuer|günstig|gekauft|ausgegeben|geld"),
    "fr": _list("€|euros|prix|cher |acheté|dépensé|budget"),
    "es": _list("€|euros|precio|caro |caros|barato|compré|gasté"),
    "it": _list("€|euro |euro.|euro,|prezzo|costoso|economico|comprato|speso"),
    "vi": _list("đồng|giá |vnd|rẻ|đắt|mua "),
}

TRAVEL: Mapping[str, tuple[str, ...]] = {
    "en": _list("trip|travel|vacation|holiday|flight|hotel|airport|road trip|plane|suitcase|packing"),
    "de": _list("reise|urlaub|flug|hotel|flughafen|koffer"),
    "fr": _list("voyage|vacances|vol |hôtel|aéroport|valise"),
    "es": _list("viaje|vacaciones|vuelo|hotel|aeropuerto|maleta"),
    "it": _list("viaggio|vacanza|volo|hotel|aeroporto|valigia"),
    "vi": _list("du lịch|chuyến đi|khách sạn|sân bay|máy bay"),
}
#: Statements against a clinic's own message: skip the doctor, treat it yourself instead.
AGAINST_CLINIC: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "skip the dermatologist|skip the derm|no need to see a|no need for a dermatologist|don't need a dermatologist|don't need to see a dermatologist|instead of seeing a|instead of going to a|cheaper than a dermatologist|save yourself a trip|without a dermatologist|dermatologists don't want you to know|doctors don't want you to know|skip the doctor"
    ),
    "de": _list(
        "ohne hautarzt|statt zum hautarzt|kein hautarzt nötig|spart den hautarzt|spar dir den hautarzt"
    ),
    "fr": _list("sans dermatologue|pas besoin de dermatologue|inutile de consulter|au lieu d'aller chez le"),
    "es": _list("sin dermatólogo|no necesitas un dermatólogo|en vez de ir al|olvídate del dermatólogo"),
    "it": _list("senza dermatologo|non serve il dermatologo|invece di andare dal"),
    "vi": _list("không cần bác sĩ|không cần đi khám|thay vì đi bác sĩ"),
}
#: Words of the trade: a tip about skin for a clinic's audience.
TOPIC: Mapping[str, tuple[str, ...]] = {
    "en": _list(
        "skin|spf|sunscreen|moistur|retinol|acne|cleanser|serum|vitamin|pore|wrinkle|hydrat|derm|breakout|rosacea|eczema|barrier"
    ),
    "de": _list("haut|creme|lsf|sonnenschutz|feuchtigkeit|pickel|akne|serum|poren|falten|reinigung"),
    "fr": _list("peau|crème|spf|solaire|hydrat|acné|sérum|pores|rides|nettoy"),
    "es": _list("piel|crema|spf|protector solar|hidrat|acné|sérum|poros|arrugas|limpi"),
    "it": _list("pelle|crema|spf|solare|idrat|acne|siero|pori|rughe|deterg"),
    "vi": _list("da |làn da|kem|chống nắng|dưỡng ẩm|mụn|serum|lỗ chân lông|nếp nhăn|rửa mặt"),
}


@cache
def words_for(table_id: int, language: str) -> tuple[str, ...]:
    """The phrases of one table (by ``id`` of the mapping) for ``language``, English included."""
    table = _TABLES[table_id]
    seen = dict.fromkeys([*table.get(language, ()), *table.get("en", ())])
    return tuple(seen)


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases``, the longest one where several match.

    The phrases are folded into a trie (``"ab(?:c|d(?:e)?)"`` rather than ``"abc|abde|abd"``):
    the same matches as the plain alternation sorted longest first, but the engine reads each
    character once per position instead of once per phrase, which the scoring of every idea of
    a long article pays for on each scan.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def walk(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy: the longer phrase is tried first, the one ending here is the fallback
        return f"(?:{body})?" if ends else body

    return "(?:" + walk(trie) + ")" if trie else "(?!)"


@cache
def _pattern(table_id: int, language: str) -> re.Pattern[str]:
    return re.compile("(?<![\\w])" + alternation(words_for(table_id, language)))


@cache
def _start_pattern(table_id: int, language: str) -> re.Pattern[str]:
    return re.compile(alternation(words_for(table_id, language)))


def starts_with_any(text: str, table: Mapping[str, tuple[str, ...]], language: str) -> bool:
    """True when ``text`` starts with one of the phrases of ``table``."""
    return _start_pattern(id(table), language).match(text) is not None


def first_in(text: str, table: Mapping[str, tuple[str, ...]], language: str) -> re.Match[str] | None:
    """The first phrase of ``table`` in ``text`` (starting at a word's start), or None."""
    return _pattern(id(table), language).search(text)


@cache
def _union(table_ids: tuple[int, ...], language: str) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    owners: dict[str, list[int]] = {}
    for t in table_ids:
        for w in words_for(t, language):
            owners.setdefault(w, []).append(t)
    pattern = re.compile("(?<![\\w])" + alternation(owners))
    return pattern, {w: tuple(ts) for w, ts in owners.items()}


def count_tables(
    text: str, tables: tuple[Mapping[str, tuple[str, ...]], ...], language: str
) -> dict[int, int]:
    """Occurrences of each table's phrases in ``text`` in one scan, keyed by ``id(table)``.

    One pass over the text for all tables (the scoring reads every idea of a 5 MB article); where
    phrases overlap, the longest one at a position counts.
    """
    pattern, owners = _union(tuple(id(t) for t in tables), language)
    counts = dict.fromkeys((id(t) for t in tables), 0)
    for m in pattern.finditer(text):
        for t in owners[m.group(0)]:
            counts[t] += 1
    return counts


def all_in(text: str, table: Mapping[str, tuple[str, ...]], language: str) -> list[str]:
    """Every phrase of ``table`` in ``text`` (each starting at a word's start), in order."""
    return [m.group(0) for m in _pattern(id(table), language).finditer(text)]


def count_in(text: str, table: Mapping[str, tuple[str, ...]], language: str) -> int:
    """How many times phrases of ``table`` occur in ``text`` (each starting at a word's start)."""
    return len(_pattern(id(table), language).findall(text))


def phrases(
    table: Mapping[str, tuple[str, ...]] | Mapping[str, frozenset[str]], language: str
) -> tuple[str, ...]:
    """The phrases of ``table`` for ``language``, English ones after them."""
    return words_for(id(table), language)


_TABLES: dict[int, Mapping[str, tuple[str, ...]] | Mapping[str, frozenset[str]]] = {
    id(t): t
    for t in (
        POINTERS,
        EARLY_POINTERS,
        MARKERS,
        PAGE,
        DEFINITE,
        INSTRUCTION_START,
        INSTRUCTION_ANYWHERE,
        ANECDOTE,
        TRANSITION,
        PROMOTION,
        SPENDING,
        TRAVEL,
        AGAINST_CLINIC,
        TOPIC,
    )
}


def register_tables(*tables: Mapping[str, tuple[str, ...]]) -> None:
    """Let :func:`count_tables` read word tables kept in other modules (promotion, anecdote), so
    the scoring still scans an idea once for all of them."""
    for table in tables:
        _TABLES[id(table)] = table
