"""The words stance is read from: cues per language, negators, relays, sarcasm and clause marks.

Kept apart from the rules in stance.py so the vocabulary can grow without the logic around it
growing too. Phrases are folded (lower case, no accents) as the text they are looked for in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_POSITIVE = """
love|loved|loving|luv|obsessed|obsessed with|swear by|swears by|recommend|recommended|recommending
highly recommend|can't recommend enough|cant recommend enough|can't recommend it enough
can't say enough good things|the best|favorite|favourite|favorito|favorita|fave|fav|faves
amazing|awesome|incredible|fantastic|wonderful|excellent|brilliant|perfect|game changer|great|good
nice|super|fan|better|yes|daily|every day|everyday|every night|every morning|best
game-changer|gamechanger|holy grail|hg|must have|must-have|can't live without|cant live without
cannot live without|couldn't live without|wouldn't be without|couldn't be without|can't be without
worth it|worth every penny|worth the money|worth the hype|worth the price|worth the splurge
works|worked|it works|they work|does work|do work|really works|actually works|works wonders
glow up|glowing skin|made a difference|makes a difference|see a difference|saw a difference
noticed a difference|could see a difference|a difference|happy with|impressed|lifesaver|life saver
life changing|life-changing|changed my|saved my|helped|helps|effective|godsend|saving grace
10/10|100/10|11/10|goat|top notch|my go to|my go-to|go-to|ride or die|hands down the best
religiously|still use|still using|still going strong|never without|staple|big fan|huge fan
winner|legit|slaps|chef's kiss|underrated|so good|really good|never looked better|no regrets
couldn't be happier|can't stop using|cant stop using|never looked back|nothing beats|nothing compares
nothing works like|never leaves my|addicted to|thank me later|best purchase|best thing|all i need
miss it|miss mine|soothing|relaxing|satisfying|easy to use|lifted|tighter|firmer|smoother|clearer
brighter|glowy|plumper|cleaner|glowing|difference|see results|saw results|seeing results|got results|real results|great results|amazing results|good results|tightening|trusty|get this|easy|unbelievably easy
nuts about|helping|i like|i really like|i liked|the only one with|cute|gentle|handy|come in handy
leader of the pack|prefer|prefiero|preferisco|prefere|aiment|aime|vantent les merites|vanter les merites|embellir|raffermir|differenze|regenerative|believer|a believer|so hooked|hooked|converted|convert|thrilled
loving it|enjoyed|really enjoyed|so glad|glad i|love my|love this|essential part|essential
everybody needs|everyone needs|you will see|worth|superior|brilliant tool|truly transforms
true blessing|blessing|baby soft|a dream|like a dream|so relaxing|hypnotized|smart|nice luxury
significant improvement|improvement|results outweigh|outweigh|did the trick|does the trick
me encanta|encanta|lo amo|la amo|los amo|recomiendo|lo recomiendo|la recomiendo|increible|lo mejor
maravilla|maravilloso|genial|el mejor|la mejor|cómprate|comprate|j'adore|adore|j'affectionne
affectionne|je recommande|recommande|incroyable|c'est top|au top|parfait|indispensable|bons outils
repulpe|liebe|ich liebe|empfehle|empfehlenswert|toll|klasse|ihr geld wert|geld wert|effektiver
adoro|consiglio|consigliatissimo|consigliate|fantastico|amo|recomendo|perfeito|maravilhoso|ottimo
bellissimo|vero gioiello|nuova ossessione|vanno pazze|vanno pazzi|una joya|un bijou|differenza|risultati|irrinunciabile|10 e lode|lode|risolto|효과가 있|확실히 달라|좋아졌|밝아진|푹 빠졌|매일 쓰고
効果あると思|効果がある|おすすめ
enjoyable|therapeutic|pleasant|comfortable|convenient|impressive|worthwhile|lovely|fabulous|terrific
superb|outstanding|reliable|well-made|well made|beautifully designed|user-friendly|user friendly
noticeable difference|visible results|radiant|boosted|transformed|significant improvement|bang for your buck
been shown|clinically proven|proven to|a must|a keeper|keeper|recommendable|do recommend|definitely recommend
angenehm|begeistert|zufrieden|lohnt sich|empfehlen|empfehle ich|super|wirksam|effektiv
genial|efficace|ravie|ravi|satisfaite|satisfait|je conseille|conseille|agreable|pratique|bluffant
encantada|encantado|efectivo|eficaz|vale la pena|merece la pena|recomendable|comodo|me gusta|me gustó
efficace|soddisfatta|soddisfatto|vale la pena|piacevole|utile|comodissimo|mi piace|ne vale la pena|vantaggioso|vantaggiosa|vantaggiose|vantaggiosi|vorteilhaft|avantageux|ventajoso|ventajosa
良かった|よかった|満足|気に入|オススメ|お気に入り|効果を感じ|効果を実感|実感|最高|優秀|手放せない|愛用|スッキリ|ハリが出|違う
좋아요|좋았|만족|추천|강추|효과를 봤|효과 봤|효과 있|효과가 있|촉촉|맑아졌|탱탱|쫀쫀|최고|대박|잘 쓰고|꾸준히 쓰|좋더라
한다고 밝혔|하고 있다고 밝혔|하고 있다고 했|한다고 전했|하고 있다고 전했|쓴다고 밝혔|쓰고 있다고 밝혔
never go back|never going back|won't go back|wouldn't go back|can't go back|stayed loyal|loyal|gaga for
gaga over|raving about|rave about|raves about|preferred|of choice|simple to use|don't forget to|do not forget to
sinnvoll|unverzichtbar|vale a pena|ca vaut le coup|vaut le coup
j'aime|j'aime beaucoup|ama|aman|adora|adoran|liebt|lieben|schwore auf|schwort auf|schworen auf|ich schwore
je ne jure que par|jure par|juro por|giuro su|la adoro|lo adoro|la amo
使いやすい|しやすい|効果が出|効いた|좋다|좋은 효과|편하
😍|🥰|❤|💕|💖|💗|🙌|👍|🔥|✨|🤩|👏|😊|💯|💜|🫶
calming|feels nice|feels good|feels great|feels calming|feels amazing|i do like|do like|does help|it does help
swearing by|swear by them|fait craquer|craquer pour|plus clair|plus lumineux
最適|달라졌|♡|♥|efectivas|efectivos|eficaces|重宝|애장품|챙겨다니|챙겨 다니|환해졌|환해진|뽀송
should try|you should try|must try|worth trying|worth a try|je vous conseille|a essayer
a tester|vale la pena probar|deberias probar|te lo recomiendo|consigliabile|consigliamo|da provare
sollte man|solltest du|ausprobieren|empfehlenswert|使うべき|ぜひ使|ぜひ試|試してみて|써보세요|써 보세요
강력 추천|molto buona|molto buono|valutazione molto buona|buona opzione|muy buena opcion|buena opcion
tres bonne option|bonne option|sehr gut|sehr gute|excellente
restent presents|ne poussent plus|constate de diminution|constate une diminution|repoussent moins|moins de poils|ca marche|ca fonctionne|ha funzionato
funziona|funciona|me funciono|wirkt|hat gewirkt|funktioniert
sworn by|swore by|have sworn by|can't get enough|cant get enough|ne s'en passent plus|ne s'en passe plus
ne peut plus s'en passer|ne peuvent plus s'en passer|je ne m'en passe plus|louanges|eloges|dithyrambiques
ne tarissent pas d'eloges|s'est impose|ganan seguidoras|ganan adeptos|gana adeptos|arrasa|triunfa
no puedo vivir sin|non posso farne a meno|non ne posso fare a meno|spopola|kann nicht mehr ohne|nicht mehr wegzudenken
sollten sie lieber|greifen sie zu|recomendado|recomendada|valga la pena|deutlich zu erkennen|女子力|使えそう|手放せな|上がった|이제 없으면|없어서는 안
ganz gut|richtig gut|echt gut|wirklich gut|buono|buona|buoni|buone|buonissimo|buonissima
a success|a huge success|un exito|todo un exito|exito|un succes|un franc succes|un successo|successo|ein erfolg
easy to handle|facil de usar|muy facil|facile a utiliser|facile d'utilisation|simple d'utilisation|facile da usare
semplice da usare|einfach zu bedienen|einfach anzuwenden|einfache anwendung|leicht anzuwenden
reasonably priced|reasonable price|precio razonable|prix raisonnable|prezzo ragionevole|gunstig
ally|best friend|aliado|aliada|mejor aliado|mejor aliada|allie|alliee|meilleur allie|meilleure alliee
alleato|alleata|fedele alleato|bester freund|verbundeter
a miracle|miracle worker|un milagro|un miracle|un miracolo|ein wunder|wahres wunder|wundermittel|wunderwaffe
disappeared|cleared up|went away|faded|verschwunden|disparu|disparus|disparues|desaparecieron|desaparecio
sono sparite|sono spariti|scomparse|scomparsi|消えた|없어졌
nightly
hailed|hailed as|acclaimed|lauded|praised|championed|championing|endorsed|endorses|endorsing
popularized|popularised|gelobt|hochgelobt|gefeiert|salue|saluee|encense|encensee|acclame|acclamee
elogiado|elogiada|aclamado|aclamada|alabado|alabada|popularizado|popularizada|respaldando|respaldan
respalda|respaldado|elogiato|elogiata|acclamato|acclamata|osannato|osannata|perorato|perorare|perorano
beloved|my beloved|reach for|i reach for|always reach for|generally like|actually like|still like|like it a lot
cheaper alternative|affordable alternative|budget alternative|great alternative|good alternative
alternative moins chere|alternativa mas barata|alternativa economica|alternativa piu economica
gunstige alternative|gunstigere alternative|opt for|optez pour|opta por|optar por|opta per|look for a
ne jurent que par|ne jure que par|vante ses merites|vante les merites|m'a vante|ont vante
promosso|promossa|promossi|promoted|promu|promue|promus|promocionado|promocionada
revolutionary|revolutionnaire|revolucionario|revolucionaria|rivoluzionario|rivoluzionaria|revolutionar
notan mejora|notan una mejora|nota mejora|notar mejora|notaron mejora|una mejora|mejoria
consigue ralentizar|consigue reducir|consigue mejorar|logra reducir|logra mejorar
ideal pour|ideale per|ideal para|ideal for|la magie opere|works like magic|fait des merveilles
la sua utilita|sua utilita|son utilite|su utilidad
sung the praises|sing the praises|sings the praises|singing the praises|sung its praises|sing its praises
sings its praises|singing its praises|sung their praises|sing their praises|praises
convaincue par|convaincues par|convaincu par|convaincus par|auf empfehlung|die empfehlung|empfehlung
"""

_NEGATIVE = """
au fond du placard|au placard|dans un tiroir|prend la poussiere|tres long|fastidieux|contraignant
en un cajon|en el cajon|acumula polvo|nel cassetto|in un cassetto|prende polvere|ben diversa
in der schublade|staubt ein|langwierig|muhsam|time consuming|time-consuming|tedious|so slow
タンスの肥やし|置物|방치해|방치했|방치 중|방치되|방치하고|방치된
sconsiglia|sconsigliano|sconsigliamo|sconsigliato|sconsigliata|deconseille|deconseillent|desaconseja
desaconsejan|desaconsejo|desaconsejable|rat davon ab|raten davon ab|rat ab|abraten|abgeraten|advise against
advises against|warns against|warn against|使わない方がいい|おすすめしません|비추
returned|return it|returning|returned mine|returned it|sent it back|sent back|refund|refunded|hate
hated|hates|hating|useless|waste|waste of money|waste of time|wasted|didn't work|doesn't work|disappoint|disappoints
did not work|does not work|don't work|didnt work|doesnt work|dont work|did nothing|does nothing
doesn't do anything|didn't do anything|didn't do much|doesn't do much|don't do much|nothing special
broke|broken|stopped working|died|dead|broke me out|flare-up|flare up|irritated|irritation
irritating|burned|burnt|burns|rash|regret|regretted|disappointed|disappointing|disappointment
overrated|overhyped|over hyped|not worth|meh|gimmick|gimmicky|stopped using|gave up|in the drawer
in a drawer|in my drawer|collecting dust|gathering dust|covered in dust|graveyard|don't bother
dont bother|avoid|scam|rip off|ripoff|junk|garbage|trash|worst|terrible|awful|horrible|sucks|sucked
nothing|use none|never again|not impressed|no difference|no results|zero results|no visible change|sold it|sold mine
threw it out|threw it away|throw the thing out|threw the thing out|tossed it|donated it|nope
painful|hurt|hurts|too harsh|too weak|underwhelming|underwhelmed|pointless|bad|not for me
did not like|didn't like|didnt like|gave me breakouts|never use|would never use|too expensive
overpriced|headache|oh sure|yeah right|will fix my|thanks for nothing|tiring|incur costs|over-exfoliate|over exfoliate|complaining|complaints|discontinue|pain in the ass|pain in the butt|never charged
never could keep it up|couldn't keep it up|awkward|tedious|a faff|faff|don't stack up|doesn't stack up
chilling|cheaper washing machine|not cheap|bleak|breeding ground|torture|skin torture|disaster
don't waste|hickey|bruise|bruising|damage|damaging|dislike|don't need|no need|shortcomings
catastrophic|off-putting|marketing hype|not necessarily|less than enthused|problem|sad to see
no funciona|no sirve|lo devolvi|devolvi|decepcion|decepcionada|decepcionado|malisimo|evitar
abandoned|abandonne|abandonnee|ditched|abandonado|abandonada|abbandonato|abbandonata|smesso|aufgegeben
no son imprescindibles|nul|nulle|decu|decue|deception|renvoye|arnaque|traumatisant|boutons
enttauscht|zuruckgeschickt|schrott|nutzlos|schnickschnack|ohne schnickschnack|deludente|delusa
inutile|inutili|costose|pessimo|nao funciona|horrivel|사기|돈 버렸|효과는 없는|못하고|효과가 떨어|미미
거의 이용 안|得られません|ニセモノ|オブジェ|面倒
hassle|a hassle|annoying|uncomfortable|harsh|scratchy|sore|flimsy|cheaply made|noisy|too loud|bulky|fiddly
messy|mediocre|lackluster|lacklustre|ineffective|unimpressive|worthless|broke out|breakouts|stung|stings
pain in the neck|a pain|a chore|not worth the|same effect as|same results as|no better than|not any better
schade|unangenehm|nervig|umstandlich|bringt nichts|nicht zufrieden|enttauschend|teuer|wirkungslos
decevant|decevante|desagreable|ca ne sert a rien|ne sert a rien|sans effet|aucun effet|aucun resultat
decepcionante|no vale la pena|inutil|incomodo|sin resultados|no noto nada|no note nada
scomodo|non funziona|spreco|evita|evitate|evitare|evitez|vermeiden|mittelmasig|mediocri|mediocres|赤くなる|ヒリヒリ|nessun risultato|nessun effetto|non vale la pena|fastidioso
効果なし|効果がない|効果ない|感じられない|残念|後悔|微妙|痛い|肌荒れ|使わなくなった|しんどい|シンドい|イマイチ|いまいち|劇的な効果は得られ
효과가 없|효과 없|별로|실망|후회|안 써|안 쓰|귀찮|불편|아쉽|아쉬|못 느끼|못 느꼈|부작용|따가|트러블|안 좋
didn't deliver|did not deliver|doesn't deliver|does not deliver|failed to deliver|fails to deliver
limitation|limitations|inflexible|same effects|the same effect|fad|fads|a fad|just a trend|just don't
don't do it|do not do it|not worth the hype|a letdown|let down|let me down|gave it away
ne vaut pas le coup|pas convaincue|pas convaincu|no me convence|non mi convince|nicht uberzeugt|sinnlos
hasse|kaputt|kaputtgegangen|zuruckgegeben|je deteste|deteste|casse|cassee|en panne|odio|se rompio|roto
rota|devuelto|si e rotto|rotto|rotta|restituito|restituita
効果を感じない|もったいない|無駄|낭비|소용없
👎|😡|🤮|😒|🙄|💩|😤
marginali|risultati marginali|costano tanto|nichts sehen|nichts gesehen|keinen unterschied|kein unterschied
no se nota|non si nota|in pain
no nos enganemos|pickel|ausschlag|글쎄|良くない|何だったんだろう
el problema con|el problema es|il problema e|il problema con|le probleme c'est|le probleme avec|das problem ist|das problem mit|no era comoda
no era comodo|apenas duro|duro poco|ヒリヒリ|ほとんどありません|ほとんどない|날렸|돈만|효과 없었
schlimm|schlimmer|gleichen effekt|gleiche effekt|den gleichen effekt|nicht notwendig|nicht notig|unnotig
uberflussig|unnecessary|not necessary|pas necessaire|no es necesario|innecesario
subtle at best|subtle, at best|modest at best|minimal at best|marginal at best|temporary at best
innecesaria|non e necessario|no advantage|no benefit|no real benefit|aucun avantage
aucun benefice|ningun beneficio|ninguna ventaja|keinen vorteil|keinen nutzen|nessun vantaggio|nessun beneficio
costano molto|costa molto|cuestan mucho|cuesta mucho|coutent cher|coute cher|kosten viel|kostet viel
warns|warned|warning that|advierte|advierten|advirtiendo|advirtio|avverte|avvertono|avvertendo|met en garde
mettent en garde|mettant en garde|warnt|warnen|warnte|경고했|警告
no suele recomendar|no suelen recomendar|rarely recommend|rarely recommends|recommande rarement
presenter un risque|presentent un risque|pose a risk|poses a risk|un riesgo para|un rischio per|ein risiko fur
leider nein|eher nein|the answer is no|la reponse est non|la respuesta es no|la risposta e no
火傷した|火傷して|やけどした|やけどして|화상을 입었|止めさせ|やめさせ
"""

# Intentions and questions: the reader has not used it (yet), whatever the other words say.
_INTENT = """
want to try|wanna try|want one|want to buy|wanting to try|thinking about|thinking of|considering
wishlist|wish list|on my list|saving up|eyeing|curious about|has anyone|have any of you|anyone tried
anyone use|anyone used|anyone here|does anyone|should i|is it worth|are they worth|which is better
debating|haven't tried|havent tried|never tried|not tried|looking into|planning to|i'm curious
would like to try|would love to try|would love to get|on the fence|thoughts on|opinions on
any thoughts|can someone|explain this|tell me more|i've wanted one|wanted one|i had to try
i had to find out|decided to give it a go|decided to try|going to try|gonna try|i'll keep you posted
keep you posted|we'll see|needed to try|need to try|brand recommends|company recommends
manufacturer recommends|it is recommended|recommended to use|perfect excuse|quiero probar|j'aimerais essayer|vorrei provare|気になり
works by|work by|working by|how it works|how they work|how does it work|used to treat|is thought to
are thought to|is believed to|como funciona|comment ca marche|comment ca fonctionne|come funziona
wie es funktioniert|wie funktioniert
so-so|so so|mixed feelings|jury is still out|jury's still out|too early to tell|too soon to tell
not sure yet|not sure if|remains to be seen|time will tell|ni fu ni fa|bof|mitigee|mitige|geteilter meinung
too good to be true|sounded too good|seems too good|intrigued|intriguee|intrigue|worked my way|concerned about
somewhat concerned|a bit worried|気になる|궁금
という噂|噂|不安|얼마나 될까|될까|있을까
"""

#: A maker's or a page's claim: no verdict by itself ("promises firmer skin"), but the reader's
#: complaint beside it stands ("la realta e ben diversa da quella che promettono").
_CLAIM = """
promising|promises|promise to|promised|claims to|claim to|claimed to|supposed to|is said to|are said to
marketed as|advertised as|touted as|designed to|meant to|intended to|aims to|aim to
verspricht|versprechen|versprochen|versprechend|soll|sollen|promet|promettent|promis|promettant|cense|censee
promete|prometen|prometiendo|prometido|supuestamente|promette|promettono|promesso|promettendo
と言われ|とされ|다고 한다|알려져
promesas|las promesas|les promesses|promesses|le promesse|versprechungen|die versprechen
can work|may work|might work|could work
"""

#: Phrases whose words are no verdict though a cue is among them ("70 percent at best", "curiosity
#: got the better of me", "for best results"): they are read first and then set aside.
_NEUTRAL = """
at best|great care|good care|got the better of|get the better of|gets the better of|for better or worse|for better or for worse
best before|all the best|had better|you'd better|good luck|good to know|good morning|good night
for best results|best to|it's best to|best way to|the best way to|best time to|the best time to
lo mejor es|le mieux est de|la cosa migliore|am besten|au mieux|bestenfalls|im besten fall
en el mejor de los casos|nel migliore dei casi|so gut wie|gut zu wissen
"""

#: How often, not how good ("daily", "twice a week"): a verdict only when nothing else is said.
_HABITUAL = frozenset(
    [
        "daily",
        "everyday",
        "religiously",
        "nightly",
        "every day",
        "every night",
        "every morning",
        "every evening",
    ]
)

#: Skin troubles a device is said to treat ("a solution for skin problems", "pour traiter les
#: irritations"): after one of _REMEDY in the same clause such a word is the target, no complaint.
_TROUBLES = frozenset(
    [
        "problem",
        "problems",
        "irritation",
        "irritations",
        "rash",
        "rashes",
        "breakouts",
        "breakout",
        "pain",
        "headache",
        "headaches",
        "bruising",
        "damage",
        "pickel",
        "ausschlag",
        "boutons",
        "probleme",
        "problemes",
        "problemas",
        "problemi",
        "irritaciones",
        "irritazioni",
        "irritationen",
    ]
)
_REMEDY = frozenset(
    [
        "for",
        "against",
        "treat",
        "treats",
        "treating",
        "treated",
        "reduce",
        "reduces",
        "reducing",
        "fight",
        "fights",
        "fighting",
        "combat",
        "combats",
        "prevent",
        "prevents",
        "preventing",
        "tackle",
        "tackles",
        "target",
        "targets",
        "targeting",
        "soothe",
        "soothes",
        "relieve",
        "relieves",
        "solution",
        "solutions",
        "remedy",
        "pour",
        "contre",
        "traiter",
        "traite",
        "reduire",
        "reduit",
        "combattre",
        "prevenir",
        "apaiser",
        "soulager",
        "para",
        "contra",
        "tratar",
        "trata",
        "reducir",
        "combatir",
        "prevenir",
        "aliviar",
        "calmar",
        "per",
        "contro",
        "trattare",
        "tratta",
        "ridurre",
        "riduce",
        "combattere",
        "prevenire",
        "lenire",
        "calmare",
        "gegen",
        "fur",
        "behandeln",
        "behandelt",
        "reduzieren",
        "reduziert",
        "bekampfen",
        "lindern",
        "vorbeugen",
    ]
)
#: Words that end the look-back for a remedy: a person or the device as a subject ("I bought it for
#: my wedding and it gave me a rash").
_REMEDY_STOP = frozenset(
    [
        "i",
        "me",
        "my",
        "it",
        "she",
        "he",
        "they",
        "we",
        "you",
        "je",
        "il",
        "elle",
        "ils",
        "elles",
        "ich",
        "es",
        "sie",
        "er",
        "wir",
        "yo",
        "ella",
        "io",
        "lui",
        "lei",
    ]
)


#: Cues whose words stand apart ("schwören seit Jahren viele auf", "wish I'd done it sooner"):
#: the first word, the last, how many words may stand between, and the polarity.
_SPLIT_CUES: dict[str, tuple[frozenset[str], int, int]] = {
    **dict.fromkeys(
        ["schwore", "schwort", "schworen", "schwor", "schwur", "schwuren"], (frozenset(["auf"]), 8, 1)
    ),
    **dict.fromkeys(["wish", "should've"], (frozenset(["sooner", "earlier"]), 6, 1)),
    "ojala": (frozenset(["antes"]), 6, 1),
    "aurais": (frozenset(["tot"]), 6, 1),
}
#: Words that ask which one ("investigué cuál era el mejor"): a superlative after them is a question.
_WHICH = frozenset(
    [
        "which",
        "cual",
        "cuales",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "lequel",
        "laquelle",
        "quale",
        "quali",
        "welche",
        "welcher",
        "welches",
    ]
)

#: Markers of sarcasm: praise in their sentence is read as its opposite.
_SARCASM = re.compile(
    r"(?:\boh sure\b|\byeah right\b|\bsure,? (?:a|that|because)\b|\bbecause that'?s (?:gonna|going to)\b|"
    r"^\s*as if\b|/s\b|\bwhat a (?:joke|scam)\b|\bthanks for nothing\b|\bgreat,? (?:another|just)\b|"
    r"will fix (?:my|your|all)\b|\bmagic(?:al)? cure\b|\blol sure\b)"
)
#: "X beats Y", "better than Y", "prefer X over Y": the gadget after the marker loses.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|je|j'|moi|ich|mir|yo|io|mi)\b")
_LOSER = re.compile(r"\b(?:beats|better than|over|rather than|instead of|more than|superior to|que en)\b")
_PREFER = re.compile(r"\b(?:prefer|prefiero|preferisco|préfère|prefere|beats|better|best)\b")

_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "can't",
        "cant",
        "couldn't",
        "couldnt",
        "hardly",
        "barely",
        "nothing",
        "nobody",
        "nor",
        "aren't",
        "arent",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "zero",
        "ni",
        "nunca",
        "jamais",
        "pas",
        "nicht",
        "kein",
        "keine",
        "non",
        "nao",
        "nie",
        "nessuna",
        "nessun",
        "niente",
        "nada",
        "rien",
        "aucun",
        "aucune",
    ]
)
_POST_NEGATORS = frozenset({"pas", "nicht", "nie", "kein", "keine"})
#: What follows a Korean or Japanese verb to negate it, within a few characters of the cue.
_CJK_NEGATED = re.compile(
    r"[^.!?。！？\n]{0,10}?(?:지 ?않|지 ?못|진 ?않|지는 ?않|없|아니|모르겠|ない|なかった|ません|ず[、。]|にくい|なく)"
)
#: Punctuation between words that ends the reach of a negator.
_CLAUSE_STOP = re.compile(r"[,;.!?]")
_WORD = re.compile(r"[a-z0-9']+")

# Sentence ends: . ! ? not after an abbreviation like "Dr." and followed by space or the end.
# A sentence ends at . ! ? before a space, a closing quote or the end, at ! ? before Japanese or
# Korean (written without spaces), at the full-width 。！？ (but not at a 。 closing a quotation 「…。」: the
# sentence goes on to what says whose words they are) and at a line break. Most texts are
# ASCII once folded, and for them a shorter pattern says the same.
_SENTENCE_END = re.compile(
    r"[.!?]+(?=\s|$|[\"'”’」』)）])|[!?]+(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|[。！？]+(?!(?<=。)[」』])|\n+"
)
_SENTENCE_END_ASCII = re.compile(r"[.!?]+(?=[\s\"')]|$)|\n+")


def sentence_ends(low: str) -> Iterator[re.Match[str]]:
    """The marks that end the sentences of a folded text, in order."""
    return (_SENTENCE_END_ASCII if low.isascii() else _SENTENCE_END).finditer(low)


_ABBREVIATION = re.compile(r"(?:^|[^a-z])(?:dr|mr|mrs|ms|vs|st|[a-z]\.[a-z])$")
_PUNCT_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]+\s")
_CONTRAST_WORDS = frozenset(
    [
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "except",
        "unlike",
        "yet",
        "pero",
        "mais",
        "aber",
        "ma",
    ]
)
#: A sentence opening with one of these turns against the one before ("... But they don't do much.").
_CONTRAST_OPENER = re.compile(
    r"\s*(?:but|however|yet|still|aber|doch|mais|pourtant|cependant|pero|sin embargo|ma|pero|tuttavia|"
    r"しかし|でも|だけど|ただ|하지만|그런데|그러나|그래도)(?![a-z])"
)
#: Words that start a new clause: contrasts, and comparisons ("X is better than Y").
_BREAK_WORDS = _CONTRAST_WORDS | frozenset(
    ["while", "than", "instead", "rather", "alternative", "compared", "vs", "versus"]
)


#: Things praise or blame is often aimed at instead of the device ("my favorite YouTube channel
#: for gua sha tips", "we adore our shared Sonicare"): a cue followed closely by one of these,
#: with no device named in between, says nothing about the device.
_OTHER_OBJECTS = frozenset(
    [
        "channel",
        "channels",
        "video",
        "videos",
        "youtube",
        "post",
        "posts",
        "article",
        "blog",
        "tips",
        "tip",
        "tutorial",
        "tutorials",
        "serum",
        "serums",
        "cream",
        "creams",
        "moisturizer",
        "moisturiser",
        "moisturizers",
        "cleanser",
        "cleansers",
        "sunscreen",
        "spf",
        "oil",
        "oils",
        "essence",
        "lotion",
        "shop",
        "store",
        "seller",
        "service",
        "packaging",
        "sale",
        "deal",
        "discount",
        "code",
        "app",
        "podcast",
        "book",
        "show",
        "movie",
        "song",
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "dog",
        "cat",
        "coffee",
        "wine",
        "toothbrush",
        "sonicare",
        "dentist",
        "dermatologist",
        "esthetician",
        "facialist",
        "influencer",
        "account",
        "page",
        "website",
        "review",
        "reviews",
        "rating",
        "ratings",
        "policy",
        "item",
        "items",
        "warmth",
        "heat",
    ]
)
#: Words that open a concession: in "although it was tedious the results outweigh this" the
#: later cue is the verdict.
_CONCESSIVE = (
    "although ",
    "though ",
    "even though ",
    "even if ",
    "obwohl ",
    "aunque ",
    "bien que ",
    "sebbene ",
    "anche se ",
    "quoique ",
)
#: Both sides reported ("some swear by it, others call it a waste"): the reader takes neither.
_TWO_SIDED = re.compile(
    r"\b(?:some (?:people )?(?:say|swear|love|think|find|claim)|others (?:say|find|hate|think|call|claim)|"
    r"while others|mixed reviews|e chi|y quienes?|et d'autres|die einen|les uns|unos dicen|divided)\b"
    r"|一方で|반면|극과 극"
)
#: A question opened by one of these with a complaint in it is a complaint ("why did it break?").
#: Questions that state what they ask about: "did you know it does nothing?"
_RHETORICAL = re.compile(
    r"\bdid you know\b|\bsaviez-vous\b|\bsabias que\b|\bwusstest du\b|\bsapevate che\b"
    r"|って知って|と知って|を知って|알고 계셨|알고 있었"
)
_WHY = ("why ", "but why", "warum ", "pourquoi ", "por que ", "perche ")
#: Modal verbs that make a cue after them a claim about what a device may do, not a verdict
#: ("it can help reduce puffiness", "LED may improve acne").
#: ... but only before cues of that kind ("can see a difference" is still a verdict).
_MODAL_CUES = frozenset(
    [
        "help",
        "helps",
        "helping",
        "work",
        "works",
        "make",
        "makes",
        "helfen",
        "hilft",
        "aide",
        "ayuda",
        "aiuta",
    ]
)
_MODALS = frozenset(
    ["can", "may", "might", "could", "kann", "konnen", "peut", "peuvent", "puede", "pueden", "puo", "possono"]
)

#: Verbs of causing: after a modal ("can cause", "will lead to", "peut provoquer") what follows,
#: to the end of the sentence and across a list, is a risk the text warns of, not what the
#: reader went through ("can cause bruising, broken blood vessels, or ...").
_CAUSATIVE = frozenset(
    [
        "cause",
        "causes",
        "causing",
        "lead",
        "leads",
        "leading",
        "result",
        "results",
        "trigger",
        "triggers",
        "provoke",
        "provokes",
        "causer",
        "provoquer",
        "provoque",
        "provoquent",
        "entrainer",
        "entraine",
        "entrainent",
        "causar",
        "causa",
        "causan",
        "provocar",
        "provoca",
        "provocan",
        "producir",
        "causare",
        "causano",
        "provocare",
        "provocano",
        "verursachen",
        "verursacht",
        "auslosen",
        "fuhren",
        "fuhrt",
    ]
)
#: Words only a sentence saying what holds in general has: it runs _GENERIC only then.
_GENERIC_WORDS = frozenset(
    [
        "generally",
        "typically",
        "general",
        "rule",
        "regle",
        "generalement",
        "generalmente",
        "genere",
        "solito",
        "solitamente",
        "allgemeinen",
        "regel",
        "normalerweise",
        "grundsatzlich",
    ]
)
#: The modals that make such a cause a risk; "will" and "could" too ("daily use will cause ...").
_RISK_MODALS = frozenset(
    [
        "can",
        "may",
        "might",
        "could",
        "will",
        "would",
        "kann",
        "konnen",
        "konnte",
        "wird",
        "werden",
        "peut",
        "peuvent",
        "pourrait",
        "puede",
        "pueden",
        "podria",
        "puo",
        "possono",
        "potrebbe",
    ]
)
#: Words saying what holds of a kind in general ("generally", "in der Regel", "一般的に"): a
#: sentence with one and nobody in it describes the device, it gives no verdict.
_GENERIC = re.compile(
    r"\b(?:generally|typically|in general|as a rule|en general|generalement|en regle generale|"
    r"generalmente|por lo general|in genere|di solito|solitamente|im allgemeinen|in der regel|"
    r"normalerweise|grundsatzlich)\b|一般的に|一般に|通常は|일반적으로|대체로|보통은"
)
#: The Japanese and Korean words of _GENERIC, looked for as substrings before it is run.
_GENERIC_CJK = ("一般", "通常は", "일반적으로", "대체로", "보통은")
#: Someone in the sentence: the reader or a person whose habit or verdict it is. In Japanese and
#: Korean only the reader's own words are looked for.
_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|we|our|us|she|he|her|his|je|j'|moi|nous|ich|mir|mich|wir|yo|mi|nosotros|"
    r"io|noi|sister|friend|mom|mum|mother)\b|私|僕|わたし|저는|제가|나는|내가|저도"
)
#: Comparatives: a cue right after one compares kinds ("más efectiva que los rodillos", "do more
#: damage"); without the reader in the sentence it describes, it gives no verdict.
_COMPARATIVE = frozenset(["more", "less", "mas", "menos", "plus", "moins", "piu", "meno", "mehr", "weniger"])
#: Words opening a clause that supposes ("just in case I hate it", "if it breaks"): a cue in that
#: clause says what might happen, not what did.
#: Each word with the words it must follow (none: any), "as if" and "even if" are read elsewhere.
_HYPOTHETICAL: dict[str, frozenset[str]] = {
    **dict.fromkeys(["if", "whether", "falls", "ob", "qualora"], frozenset()),
    "case": frozenset(["in"]),  # in case, just in case
    "ou": frozenset(["cas"]),  # au cas où
    "si": frozenset(["por"]),  # por si
    "caso": frozenset(["nel", "en", "in"]),  # nel caso, en caso de que
}
_NOT_SUPPOSING = frozenset(["as", "even"])
#: Giving a device up (returning, abandoning, no longer using it): told after praise, in a later
#: sentence naming no other device, it is how the story ends ("... l'a recommandé ... Elle l'a
#: abandonné en 2014.").
_ABANDON = frozenset(
    p.strip()
    for p in """returned|return it|returned mine|returned it|sent it back|sent back|stopped using|gave up
    sold it|sold mine|gave it away|abandoned|abandonne|abandonnee|ditched|aufgegeben|zuruckgeschickt
    zuruckgegeben|abandonado|abandonada|lo devolvi|devolvi|devuelto|abbandonato|abbandonata|smesso
    restituito|restituita|renvoye|使わなくなった|안 써|안 쓰""".replace("\n", "|").split("|")
    if p.strip()
)
