"""Stance rules on real-shaped sentences: each case is one rule of replies/stance.py."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Stance
from tipqueue.replies.gadgets import default_matcher


def _verdict(text: str) -> tuple[Stance, str]:
    (mention,) = default_matcher().find(text)
    return mention.stance, mention.cue


@pytest.mark.parametrize(
    ("text", "stance", "cue"),
    [
        # Korean and Japanese negate after the verb; the exported cue includes the negation
        ("LED 마스크는 효과가 있지 않아요", Stance.DISLIKES, "효과가 있지 않"),
        ("LED 마스크는 효과가 있어요", Stance.RECOMMENDS, "효과가 있"),
        ("LEDマスクは効果を感じられない", Stance.DISLIKES, "効果を感じられない"),
        ("LEDマスクは効果を感じた", Stance.RECOMMENDS, "効果を感じ"),
        # praise aimed at something else says nothing about the device
        ("LANSHIN is my favorite YouTube channel for gua sha tips.", Stance.MENTIONS, ""),
        ("I love this serum with my jade roller.", Stance.MENTIONS, ""),
        ("I love my jade roller with this serum.", Stance.RECOMMENDS, "love my"),
        # a concession: the later cue is the verdict
        (
            "Although using the IPL machine was quite tedious the results outweigh this.",
            Stance.RECOMMENDS,
            "results outweigh",
        ),
        # a question that complains is a complaint; one that asks is not a verdict
        ("But why, oh why, did my Foreo have to disappoint me?", Stance.DISLIKES, "disappoint"),
        ("Is the Foreo worth it?", Stance.MENTIONS, ""),
        # both sides reported: the reader takes neither
        (
            "Some people swear by the Foreo, others say it is a waste of money.",
            Stance.MENTIONS,
            "some people swear",
        ),
        # a maker's promise is not a verdict
        ("The LED mask promises firmer skin in four weeks.", Stance.MENTIONS, "promises"),
        # how a device works, and what it can do, are descriptions; a verdict after "can" stays one
        ("Microcurrent works by sending tiny currents into the muscles.", Stance.MENTIONS, "works by"),
        ("An LED mask can help reduce acne.", Stance.MENTIONS, ""),
        ("You can see a difference with the NuFace.", Stance.RECOMMENDS, "see a difference"),
        ("My NuFace works!", Stance.RECOMMENDS, "works"),
        # verdicts in evaluative words rather than 'love' or 'hate'
        ("Honestly my NuFace is such a hassle.", Stance.DISLIKES, "a hassle"),
        ("The Foreo Luna is so therapeutic.", Stance.RECOMMENDS, "therapeutic"),
        ("Die LED-Maske ist wirklich angenehm.", Stance.RECOMMENDS, "angenehm"),
        ("Mi spazzola viso è deludente.", Stance.DISLIKES, "deludente"),
        # a skin trouble a device is said to treat is no complaint
        ("Le masque LED sert à traiter les irritations.", Stance.MENTIONS, ""),
        ("My LED mask gave me irritation.", Stance.DISLIKES, "irritation"),
        # a promise beside a complaint: the reality falls short of it
        ("The LED mask promises a lot and does nothing.", Stance.DISLIKES, "does nothing"),
        # a superlative after "which" asks; after ", which" it judges
        ("I looked up which is the best jade roller.", Stance.MENTIONS, "the best"),
        ("I bought the Foreo Luna, which is the best I've tried.", Stance.RECOMMENDS, "the best"),
        # idioms holding a cue word are set aside
        ("The Silk'n IPL gives a 70 percent hair reduction at best.", Stance.MENTIONS, ""),
        ("The NuFace is mediocre at best.", Stance.DISLIKES, "mediocre"),
        # praise of the reviews is no praise of the device, even with its name between
        ("I read all the glowing NuFace reviews.", Stance.MENTIONS, ""),
        # what may go wrong is a risk, not a verdict
        ("A pore vacuum can cause bruising.", Stance.MENTIONS, "bruising"),
        # a lone "No." answers the question before it
        ("Did my jade roller change anything? No.", Stance.DISLIKES, "no"),
        # a cue whose words stand apart, exported with its two ends
        (
            "I went for it with my dermaplaning tool and I wish I'd done it sooner!",
            Stance.RECOMMENDS,
            "wish ... sooner",
        ),
    ],
)
def test_stance_rules(text: str, stance: Stance, cue: str) -> None:
    assert _verdict(text) == (stance, cue)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # how often the reader uses it never outvotes what they think of it
        ("It was a hassle to remember to use my LED mask every day.", Stance.DISLIKES),
        ("I use my LED mask every day.", Stance.RECOMMENDS),
        # a later sentence opening with a contrast concludes
        ("Ice rollers feel good. And they are not harmful. But they don't do much.", Stance.DISLIKES),
        # skeptical idioms and hedges are no verdict
        ("A NuFace for a five-minute facelift sounded too good to be true.", Stance.MENTIONS),
        # the past tense of a Japanese adjective keeps its meaning
        ("美顔ローラーは毎日しんどかったです。", Stance.DISLIKES),
        # a bare 'results' is a topic, a qualified one a verdict
        ("Here are the results I've gotten after using the Foreo Bear.", Stance.MENTIONS),
        ("I saw results after two weeks with the Foreo Bear.", Stance.RECOMMENDS),
        # advice to avoid, a mediocre verdict, redness, and 'a jewel' in other languages
        ("Meglio evitare il cupping viso fatto in casa.", Stance.DISLIKES),
        ("Die Gesichtsbürste war im Test mittelmäßig.", Stance.DISLIKES),
        ("スチーマーを使うと顔が赤くなる。", Stance.DISLIKES),
        ("La maschera LED è un vero gioiello per la pelle.", Stance.RECOMMENDS),
        # 'with great care' is a warning of use, no praise
        ("The microderm wand is strong and should be used with great care.", Stance.MENTIONS),
        # a burn that happened is a complaint, a possible one is not; stopping others is advice against
        ("ケノンで火傷してしまった。", Stance.DISLIKES),
        ("レーザー美顔器はやけどや炎症が生じる可能性があります。", Stance.MENTIONS),
        ("家族がケノンを使っていたら止めさせます。", Stance.DISLIKES),
        # ideal for, a noticed improvement, its usefulness
        ("Le rouleau de jade est idéal pour dégonfler le visage.", Stance.RECOMMENDS),
        ("Con el rodillo de jade notan mejora en la piel.", Stance.RECOMMENDS),
        # a stated risk is a complaint; a Korean question asks; 방치 of one's skin is no dusty drawer
        ("Ces épilateurs IPL pourraient présenter un risque pour les yeux.", Stance.DISLIKES),
        ("LED 마스크의 효과에 만족하는 사람은 얼마나 될까.", Stance.MENTIONS),
        ("그냥 방치하자니 불안해서 괄사 마사지를 시작했다.", Stance.MENTIONS),
        ("괄사는 서랍에 방치된 지 오래다.", Stance.DISLIKES),
        # a verdict, then a question after "but": the verdict stands; a question alone asks
        ("I love my Foreo Luna, but is the new one worth it?", Stance.RECOMMENDS),
        ("Do you love your Foreo Luna?", Stance.MENTIONS),
    ],
)
def test_stance_beyond_single_cues(text: str, stance: Stance) -> None:
    assert _verdict(text)[0] is stance


@pytest.mark.parametrize(
    ("text", "relayed"),
    [
        ("Jennifer Fisher recommended the NuFace to me.", True),
        ("A friend of mine recommended the Clarisonic.", True),
        ("Lots of gals have been gaga for the Clarisonic for years.", True),
        ("Meine Schwester schwört auf ihre Foreo Luna.", True),
        ("Mi hermana ama su Foreo Luna.", True),
        ("I recommended the NuFace to my sister.", False),
        ("I'm one of those people who loves their Foreo Luna.", False),
        ("Ich liebe meine Foreo Luna, viele finden sie zu teuer.", False),
        # praise that is the public's by its own words, unless the reader is in it
        ("LED masks have been hailed by many as a one-stop solution for skin problems.", True),
        ("La brosse nettoyante Foreo fait craquer toutes les beautystas.", True),
        ("La brosse nettoyante Foreo me fait craquer.", False),
        ("Celebridades como Victoria Beckham han popularizado la máscara LED.", True),
        # German "schwören ... auf" with words between
        ("In den USA schwören schon lange viele Menschen auf das Microneedling.", True),
        # a first person inside a quotation is the quoted speaker's
        ('"I\'m loving it for my hot flashes," raves one customer of the ice roller.', True),
        ("スチーマーは「効果を感じられなかった。」という意見も目にします。", True),
        # "me" is an object: the colleague's verdict stays hers
        ("Una compañera me recomendó la Foreo Luna.", True),
        ("There have been reports of irritation from LED masks.", True),
        # a forum member quoted, a model's confession
        ('카페 한 회원은 "LED 마스크를 쓰고 피부가 좋아졌다"고 했다.', True),
        ("La modella ha svelato la sua nuova ossessione per il cupping viso.", True),
        # a contrast ends the reach of the relay words
        ("Once the Clarisonic was everyone's favorite, but it turns out it is not a good idea.", False),
        # a friend, people, promoters and "calls them" relay in every language
        ("Une amie m'a vanté ses mérites, son rouleau de jade ne la quitte plus.", True),
        ("De plus en plus de gens ne jurent que par le gua sha.", True),
        ("Il rullo di giada viene promosso da molte blogger.", True),
        ("One aesthetician calls them revolutionary, the NuFace above all.", True),
        ("Algunas personas notan mejora con el rodillo de jade.", True),
        ("La dermatóloga no suele recomendar el NuFace.", True),
    ],
)
def test_verdicts_of_someone_else_are_relays(text: str, relayed: bool) -> None:
    (mention,) = default_matcher().find(text)
    assert mention.stance is not Stance.MENTIONS
    assert mention.relayed is relayed
