"""The domain vocabulary shared by every package.

Plain frozen dataclasses: the store converts its rows to these at its edge, the splitter makes
them, the publisher and the reply tools read them. Times are timezone-aware UTC datetimes; a
post's scheduled time is shown in its account's IANA zone only at the front doors.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"
    #: The line that introduces a list ("What to look for in a cleanser:", "It includes:").
    LIST_TITLE = "list_title"
    #: A title and the paragraph it introduces ("1. Product name" + its description, "Step 1: Cleanse ...").
    PAIR = "pair"
    #: A question and its answer ("Q. ..." / "A. ...", "Question: ..." / "Answer: ...").
    QA = "qa"
    #: Quoted text (a blockquote, or a paragraph that is one quotation).
    QUOTE = "quote"


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, list title, title+body pair, question+answer or quote of an article."""

    kind: BlockKind
    text: str
    #: The block's sentences as the splitter found them (text == " ".join(sentences)).
    sentences: tuple[str, ...] = ()
    #: PAIR: the title line; QA: the question (both are also the first of ``sentences``).
    title: str | None = None
    #: List items: the text of their list's title or lead-in, if the list has one.
    lead_in: str | None = None
    #: List items and list titles: which list of the article (1, 2, ...) they belong to.
    list_id: int | None = None


@dataclass(frozen=True)
class Section:
    """A heading (None for the text before the first heading) and its blocks."""

    heading: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Dropped:
    """Article text that must never become a post, and why it was dropped."""

    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    title: str
    author: str | None
    sections: tuple[Section, ...]
    source_path: Path | None
    content_hash: str
    dropped: tuple[Dropped, ...] = ()
    call_to_action: str | None = None
    #: Heading of the section the call to action was found in (the CTA post's topic).
    call_to_action_section: str | None = None
    #: The article's sentences that make up its call to action, as found.
    call_to_action_sentences: tuple[str, ...] = ()
    #: Language code used for sentence segmentation ("en", "de", ...).
    language: str = "en"
    #: Where the title came from: "text" (the article's first line or heading), "front matter",
    #: "page heading" (<h1>), "og:title", "<title>", "syndication footer", or "topic" (a guess written
    #: from the article's topic when it names no title; "file name" in series written before).
    title_source: str = "text"
    #: Where the language came from: "given" (--language), "page" (lang attribute, front matter),
    #: "detected" (from the text), or "default".
    language_source: str = "default"

    @property
    def title_guessed(self) -> bool:
        """True when the article names no title and tipqueue wrote one (flagged for the review)."""
        return self.title_source in ("topic", "file name", "none")

    @property
    def slug(self) -> str:
        # a written title is the same for many articles ("Tips for healthy skin"): the file names them
        if self.title_guessed and self.source_path is not None:
            return slugify(self.source_path.stem)
        return slugify(self.title)


@dataclass(frozen=True)
class Tip:
    """One self-contained idea: the quote text, where it came from, and its source sentences."""

    text: str
    section: str | None
    position: int
    sentences: tuple[str, ...]
    #: The article's opening paragraph: shown in the cover post's caption, not as a tip card.
    lead: bool = False
    #: How many leading sentences stand alone on the first card (a list's lead-in, a title, a question).
    title_card: int = 0
    #: A list carousel: sentences per item after the title card; each item starts a new line.
    items: tuple[int, ...] = ()
    #: A list item posted on its own: its list's lead-in ("Avoid:"), shown with it.
    context: str | None = None


class PostKind(StrEnum):
    COVER = "cover"
    TIP = "tip"
    CTA = "cta"


class MediaKind(StrEnum):
    PHOTO = "photo"
    CAROUSEL = "carousel"
    STORY = "story"


class PostStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"
    CANCELLED = "cancelled"
    #: held at its slot: its compliance flags have no valid reviewer sign-off yet
    NEEDS_APPROVAL = "needs_approval"
    #: its sign-off did not come within the grace period; it is not posted late
    EXPIRED = "expired"


#: States from which a post may still be cancelled, moved or edited.
EDITABLE_STATUSES = frozenset(
    {
        PostStatus.DRAFT,
        PostStatus.APPROVED,
        PostStatus.SCHEDULED,
        PostStatus.FAILED,
        PostStatus.NEEDS_APPROVAL,
        PostStatus.EXPIRED,
    }
)


@dataclass(frozen=True)
class Slide:
    """One image of a post: the text on the card, its alt text and the rendered file."""

    text: str
    alt_text: str
    image: Path | None = None


@dataclass(frozen=True)
class Post:
    """A post as staff review it and as the queue stores it.

    ``id`` is stable: the article slug and the position (``facial-muscles-03``). ``handle`` is
    the short name people type instead (``FMG-3``); every command accepts either.
    """

    id: str
    kind: PostKind
    series_label: str
    quote: str
    caption: str
    hashtags: tuple[str, ...] = ()
    alt_text: str = ""
    first_comment: str | None = None
    slides: tuple[Slide, ...] = ()
    media_kind: MediaKind = MediaKind.PHOTO
    account: str | None = None
    status: PostStatus = PostStatus.DRAFT
    scheduled_at: datetime | None = None
    article_slug: str = ""
    position: int = 0
    collect_replies: bool = False
    media_id: str | None = None
    permalink: str | None = None
    published_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = None
    source_dir: Path | None = None
    #: pinned to its time with ``queue add/move --at``: shuffling the queue leaves it alone
    pinned: bool = False
    #: the short name staff type ("FMG-3"), given by the store when the post is queued
    handle: str = ""

    @property
    def ref(self) -> str:
        """What to show a person and what they type back: the handle, else the id."""
        return self.handle or self.id

    @property
    def published_caption(self) -> str:
        """The text Instagram receives: the caption, then the hashtags it does not already carry."""
        return compose_caption(self.caption, self.hashtags)

    #: when the current claim runs out (publishing posts only)
    lease_expires_at: datetime | None = None
    #: when a runner first passed the point of no return (the configure request) for this post;
    #: None: nothing was ever sent. Only the store's publishing methods change it.
    sent_at: datetime | None = None
    #: a configure request was sent and no answer was recorded: the post may be live. Only
    #: reconciliation, ``queue confirm-live`` and ``queue resend`` clear it; moving, importing or
    #: editing the post never does.
    outcome_unknown: bool = False
    #: ids Instagram or we gave the attempts (upload ids, a media id), matched by reconciliation
    sent_ids: tuple[str, ...] = ()


class ReplyKind(StrEnum):
    COMMENT = "comment"
    REPLY = "reply"
    DM = "dm"
    MENTION = "mention"
    IMPORTED = "imported"


class Stance(StrEnum):
    RECOMMENDS = "recommends"
    MENTIONS = "mentions"
    DISLIKES = "dislikes"


@dataclass(frozen=True)
class GadgetMention:
    """One gadget named in a reply: canonical name, category, stance and the words matched."""

    gadget: str
    category: str
    stance: Stance
    matched: str
    brand: str | None = None
    #: Found from the context (the comment answered, the post, the reader's earlier reply), not
    #: named in the reply itself: "mine broke after a year".
    inferred: bool = False
    #: The verdict is someone else's, reported by the reader: "my sister swears by it".
    relayed: bool = False
    #: The words that decided the stance ("returned", "swear by"), empty if none did.
    cue: str = ""


@dataclass(frozen=True)
class Reply:
    platform_id: str
    text: str
    kind: ReplyKind = ReplyKind.COMMENT
    post_id: str | None = None
    parent_id: str | None = None
    username: str | None = None
    user_id: str | None = None
    created_at: datetime | None = None
    collected_at: datetime | None = None
    mentions: tuple[GadgetMention, ...] = field(default_factory=tuple)

    @property
    def gadgets(self) -> tuple[str, ...]:
        """Canonical names of the gadgets found, in order, without repeats."""
        return tuple(dict.fromkeys(m.gadget for m in self.mentions))


@dataclass(frozen=True, slots=True)
class ThreadReply:
    """What reading a stored reply in its thread needs: who answered which comment, with what
    text and which gadgets (the pass that finds the gadgets meant by "mine" reads every reply
    of an import, so it reads no more of each)."""

    platform_id: str
    post_id: str | None
    parent_id: str | None
    username: str | None
    user_id: str | None
    text: str
    mentions: tuple[GadgetMention, ...]


# --- What the Instagram seam hands back ---


INSTAGRAM_URL = "https://www.instagram.com"


@dataclass(frozen=True)
class PublishedMedia:
    """A media that now exists on Instagram.

    The optional fields describe it for reconciliation (0 / empty when the backend did not say):
    ``media_type`` 1 photo, 8 carousel; ``slides`` how many images; ``width``/``height`` of the
    (first) image; ``ids`` every id the answer carried (pk, id, upload ids).
    """

    media_id: str
    code: str
    taken_at: datetime
    caption: str = ""
    #: where the media can be seen: Instagram, or the sandbox's own page for it
    link_base: str = INSTAGRAM_URL
    media_type: int = 0
    slides: int = 0
    width: int = 0
    height: int = 0
    ids: tuple[str, ...] = ()
    caption_missing: bool = False

    @property
    def permalink(self) -> str:
        return f"{self.link_base.rstrip('/')}/p/{self.code}/"


@dataclass(frozen=True)
class ReplyPage:
    """Replies fetched from Instagram and the cursor to resume from next time."""

    replies: tuple[Reply, ...]
    cursor: str | None
    requests: int = 1


# --- helpers every package agrees on ---

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 48) -> str:
    """ASCII slug for ids and folder names: 'Strong Facial Muscles…' -> 'strong-facial-muscles'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "article"


_WS = re.compile(r"\s+")

#: A hashtag as Instagram counts it: '#' then word characters, not inside a word or an entity.
HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")


def compose_caption(caption: str, hashtags: tuple[str, ...] | list[str]) -> str:
    """The one published caption: ``caption``, a blank line, then ``#tag`` for each hashtag.

    ``Post.caption`` is the text staff write and ``Post.hashtags`` the tags they list; this is
    the only place the two are joined, so an edit of either is what goes out. A tag the caption
    already carries (in any case) is not repeated.
    """
    text = caption.strip()
    carried = {t.lower() for t in HASHTAG.findall(text)}
    tags: list[str] = []
    for raw in hashtags:
        tag = raw.strip().lstrip("#")
        if tag and tag.lower() not in carried:
            carried.add(tag.lower())
            tags.append(f"#{tag}")
    if not tags:
        return text
    line = " ".join(tags)
    return f"{text}\n\n{line}" if text else line


def split_hashtag_block(caption: str) -> tuple[str, tuple[str, ...]]:
    """A caption whose last paragraph holds only hashtags -> (the text before it, those tags).

    Captions written before the hashtags were kept apart ended with that paragraph; reading
    them, the paragraph is the post's hashtag list (see ``tipqueue.posts.folder``).
    """
    text = caption.strip()
    head, _, last = text.rpartition("\n\n")
    words = last.split()
    if words and all(HASHTAG.fullmatch(w) for w in words):
        return head.strip(), tuple(w[1:] for w in words)
    return text, ()


def caption_fingerprint(caption: str) -> str:
    """Normalised hash of a caption, used to recognise our own post among recent media.

    Instagram may trim whitespace or normalise Unicode, so compare NFC text with runs of white
    space folded to one space.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFC", caption)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


# --- What the store reports besides posts and replies ---


@dataclass(frozen=True)
class AccountState:
    """An account as the store knows it: whether publishing is paused, and why."""

    name: str
    username: str
    timezone: str
    paused: bool = False
    pause_reason: str | None = None
    paused_at: datetime | None = None


@dataclass(frozen=True)
class Event:
    """One line of a post's history: every change and every publish attempt."""

    post_id: str
    at: datetime
    event: str
    detail: str | None = None
    runner: str | None = None


@dataclass(frozen=True)
class Alert:
    """A notice a person must see: a post needs attention or keeps failing."""

    at: datetime
    level: str
    message: str
    account: str | None = None
    post_id: str | None = None
    #: the store's number for it (what `tipqueue alerts dismiss N` takes); 0 before it is stored
    id: int = 0
    #: when a person dismissed it (None: still open)
    dismissed_at: datetime | None = None


# --- Compliance: what the claims check found, and who signed it off ---


class Severity(StrEnum):
    BLOCK = "block"  # never published as written
    REVIEW = "review"  # published only with a named reviewer's sign-off
    NOTE = "note"  # shown to the reviewer; nothing is held


@dataclass(frozen=True)
class ComplianceFlag:
    """One rule that fired on a post: which rule, on which words of which field, and why."""

    rule_id: str
    severity: Severity
    reason: str
    source: str
    matched: str
    field: str = "caption"
    topic: str = ""

    @property
    def key(self) -> str:
        """What a sign-off accepts: the rule and the words it fired on."""
        return f"{self.rule_id}:{self.matched.lower()}"


@dataclass(frozen=True)
class Signoff:
    """A reviewer's approval of a post's flags, for the post's text as it was then."""

    post_id: str
    reviewer: str
    role: str
    at: datetime
    content_hash: str
    accepted: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Claim:
    """What :meth:`Store.claim` hands a runner: the post as claimed, and as it was just before.

    Both are read in the claim's own transaction, so ``before`` is the post's true state at claim
    time (status, attempts, last error, who held it, whether anything was ever sent), never a
    list read earlier.
    """

    post: Post
    before: Post
