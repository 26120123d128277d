"""Read an article (plain text, Markdown or a saved HTML page) into a :class:`posts.models.Article`.

Reading happens in three steps:

1. a format reader turns the text into a title, an optional author and language, and a flat list
   of raw blocks (headings, paragraphs, bullet items, numbered items);
2. every body block is cut into sentences (:func:`posts.split.segment`);
3. boilerplate that must never become a post is taken out and reported in ``Article.dropped``
   with its reason: greetings, sign-offs ("Hope this helps,"), the signature after a sign-off,
   bylines, syndication footers ("The post ... appeared first on ...", "Source link",
   "Leave a Comment"), share-button text and "see my recommended ..." links. The article's own
   request to its readers (its call to action) is found among its last sentences and kept in
   ``Article.call_to_action``; it becomes the CTA post, not a tip.

Plain text conventions: the first line is the title; a short line without final punctuation
standing between blank lines, and followed by text, is a heading; lines starting with "-", "*",
"•" are bullet items and lines starting with "1." or "1)" numbered steps.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tipqueue.config.errors import ArticleError
from tipqueue.posts.models import Article, Block, BlockKind, Dropped, Section
from tipqueue.posts.split import PAGE_FURNITURE, normalize_space, segment

FORMATS = ("text", "markdown", "html")
_SUFFIX_FORMAT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

#: A title longer than this is not a title but the first paragraph.
TITLE_MAX_CHARS = 150
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12


@dataclass(frozen=True)
class RawBlock:
    kind: str  # "heading" | "paragraph" | "bullet" | "numbered"
    text: str


@dataclass
class RawArticle:
    title: str | None
    author: str | None
    language: str | None
    blocks: list[RawBlock]
    furniture: list[Dropped]


# --- Entry points -------------------------------------------------------------------------


def detect_format(path: Path | None, text: str) -> str:
    if path is not None and path.suffix.lower() in _SUFFIX_FORMAT:
        return _SUFFIX_FORMAT[path.suffix.lower()]
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def decode_article(data: bytes, where: str) -> str:
    """Bytes to text, refusing binary files and non-UTF-8 text with one clear line."""
    if not data.strip():
        raise ArticleError(f"{where} is empty; give an article with a title line and some text")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{where} looks binary (it contains NUL bytes); give a .txt, .md or .html article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{where} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and retry"
        ) from None


def read_article(path: Path, *, fmt: str | None = None, language: str | None = None) -> Article:
    """Read an article file; the format comes from the suffix (.md, .html) or the content."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"article {path} does not exist; check the path") from None
    except IsADirectoryError:
        raise ArticleError(f"{path} is a folder; give the article file itself") from None
    except OSError as exc:
        raise ArticleError(f"cannot read article {path}: {exc.strerror}") from None
    text = decode_article(data, str(path))
    return parse_article(text, fmt=fmt or detect_format(path, text), source=path, language=language)


def parse_article(
    text: str, *, fmt: str = "text", source: Path | None = None, language: str | None = None
) -> Article:
    """Parse article text. ``fmt`` is "text", "markdown" or "html"."""
    raw = read_raw(text, fmt=fmt, source=source)
    lang = language or raw.language or "en"
    return _build(raw, lang, text, source)


def read_raw(text: str, *, fmt: str = "text", source: Path | None = None) -> RawArticle:
    """Step 1 only: title, author, language and raw blocks (used by the coverage invariant)."""
    where = str(source) if source else "the article"
    if fmt not in FORMATS:
        raise ArticleError(f"unknown article format {fmt!r}; use one of {', '.join(FORMATS)}")
    _refuse_binary(text, where)
    text = _clean_text(text)
    if not text.strip():
        raise ArticleError(f"{where} is empty; give an article with a title line and some text")
    if fmt == "markdown":
        raw = _read_markdown(text)
    elif fmt == "html":
        raw = _read_html(text)
    else:
        raw = _read_plain(text)
    if raw.title is None:
        raw.title = _title_from(source)
    return raw


def body_sentences(text: str, *, fmt: str = "text", language: str | None = None) -> list[str]:
    """Every sentence of the article body as read, before any boilerplate is dropped."""
    raw = read_raw(text, fmt=fmt)
    lang = language or raw.language or "en"
    return [s for b in raw.blocks if b.kind != "heading" for s in segment(b.text, lang)]


# --- Text hygiene -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_binary(text: str, where: str) -> None:
    sample = text[:65536]
    if "\x00" in sample:
        raise ArticleError(f"{where} looks binary (it contains NUL bytes); give a .txt, .md or .html article")
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, len(sample) // 10):
        raise ArticleError(
            f"{where} looks binary ({controls} control characters); give a .txt, .md or .html article"
        )


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def _title_from(source: Path | None) -> str:
    if source is None:
        return "Untitled article"
    words = re.sub(r"[-_]+", " ", source.stem).strip()
    return (words[:1].upper() + words[1:]) if words else "Untitled article"


# --- Plain text ---------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\+)\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z])[.)]\s+(.*)$")
_FINAL_PUNCT = tuple(".!?,;:…\"”’'»)]")


def _list_item(line: str) -> tuple[str, str] | None:
    m = _BULLET.match(line)
    if m:
        return "bullet", m.group(1)
    m = _NUMBERED.match(line)
    if m and not re.match(r"^\s*[a-zA-Z][.)]\s+\S+\s*$", line):
        return "numbered", m.group(1)
    return None


def _paragraph_blocks(chunk: list[str]) -> list[RawBlock]:
    """One blank-line-separated chunk of lines: a paragraph, or list items (with their lead-in)."""
    blocks: list[RawBlock] = []
    current_kind, current = "paragraph", list[str]()
    for line in chunk:
        item = _list_item(line)
        if item is not None:
            if current:
                blocks.append(RawBlock(current_kind, normalize_space(" ".join(current))))
            current_kind, current = item[0], [item[1]]
        else:
            current.append(line)
    if current:
        blocks.append(RawBlock(current_kind, normalize_space(" ".join(current))))
    return [b for b in blocks if b.text]


def _looks_like_heading(text: str) -> bool:
    return (
        0 < len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and not text.endswith(_FINAL_PUNCT)
        and any(ch.isalnum() for ch in text)
    )


def _read_plain(text: str) -> RawArticle:
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    title: str | None = None
    first = chunks[0] if chunks else []
    if first and len(first[0]) <= TITLE_MAX_CHARS and _list_item(first[0]) is None:
        title = normalize_space(first[0])
        chunks[0] = first[1:]
    blocks: list[RawBlock] = []
    for i, chunk in enumerate(chunks):
        if not chunk:
            continue
        has_next = any(chunks[j] for j in range(i + 1, len(chunks)))
        if len(chunk) == 1 and has_next and _list_item(chunk[0]) is None and _looks_like_heading(chunk[0]):
            blocks.append(RawBlock("heading", normalize_space(chunk[0])))
        else:
            blocks.extend(_paragraph_blocks(chunk))
    return RawArticle(title, None, None, _demote_trailing_headings(blocks), [])


def _demote_trailing_headings(blocks: list[RawBlock]) -> list[RawBlock]:
    """A heading followed by no text (or only by another heading) is text, not a heading."""
    out = list(blocks)
    for i, b in enumerate(out):
        if b.kind == "heading" and (i + 1 == len(out) or out[i + 1].kind == "heading"):
            out[i] = RawBlock("paragraph", b.text)
    return out


# --- Markdown -----------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return normalize_space("".join(parts))


def _read_markdown(text: str) -> RawArticle:
    from markdown_it import MarkdownIt

    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[m.end() :]
    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[RawBlock] = []
    furniture: list[Dropped] = []
    lists: list[str] = []
    heading_level = 0
    title = meta.get("title") or None
    for tok in tokens:
        if tok.type == "bullet_list_open":
            lists.append("bullet")
        elif tok.type == "ordered_list_open":
            lists.append("numbered")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "inline":
            content = _inline_text(tok)
            if not content:
                continue
            if heading_level:
                if title is None and heading_level == 1 and not blocks:
                    title = content
                else:
                    blocks.append(RawBlock("heading", content))
            else:
                blocks.append(RawBlock(lists[-1] if lists else "paragraph", content))
        elif tok.type in ("fence", "code_block", "html_block") and tok.content.strip():
            kind = "HTML" if tok.type == "html_block" else "code"
            furniture.append(Dropped(normalize_space(tok.content)[:200], f"{PAGE_FURNITURE}: {kind} block"))
    if blocks and blocks[0].kind == "heading" and (title is None or blocks[0].text == title):
        title = blocks.pop(0).text
    if title is None and blocks and blocks[0].kind == "paragraph" and len(blocks[0].text) <= TITLE_MAX_CHARS:
        title = blocks.pop(0).text
    return RawArticle(
        title,
        meta.get("author") or None,
        meta.get("lang") or meta.get("language"),
        _demote_trailing_headings(blocks),
        furniture,
    )


# --- HTML (a saved web page) ---------------------------------------------------------------

_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "head",
    ]
)
_FURNITURE_CLASS = re.compile(
    r"share|social|sharedaddy|jp-relatedposts|related|comment|sidebar|newsletter|subscribe|"
    r"cookie|breadcrumb|author-bio|post-meta|byline|tags|navigation|menu|widget",
    re.I,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "br",
        "tr",
        "td",
        "th",
        "dd",
        "dt",
        "pre",
        "figure",
        "figcaption",
        "table",
        "ul",
        "ol",
    ]
)
_VOID = frozenset(
    ["br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"]
)


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[RawBlock] = []
        self.furniture: list[Dropped] = []
        self.title_tag = ""
        self.author: str | None = None
        self.language: str | None = None
        self.stack: list[tuple[str, str | None]] = []  # (tag, why skipped or None)
        self.lists: list[str] = []
        self.buffer: list[str] = []
        self.kind = "paragraph"
        self.in_title = False
        self.skip_text: list[str] = []

    def _skipping(self) -> str | None:
        for _, why in reversed(self.stack):
            if why:
                return why
        return None

    def _flush(self) -> None:
        text = normalize_space("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks.append(RawBlock(self.kind, text))
        self.kind = "paragraph"

    def _flush_skip(self) -> None:
        text = normalize_space(" ".join(self.skip_text))
        self.skip_text = []
        if text:
            self.furniture.append(Dropped(text[:200], f"{PAGE_FURNITURE}: share buttons, menus or comments"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.language = a["lang"].split("-")[0].lower()
        if tag == "meta" and a.get("name", "").lower() == "author" and a.get("content"):
            self.author = normalize_space(a["content"])
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag == "br" and not self._skipping():
                self.buffer.append(" ")
            return
        why: str | None = None
        if tag in _SKIP_TAGS:
            why = "tag"
        elif _FURNITURE_CLASS.search(f"{a.get('class', '')} {a.get('id', '')}"):
            why = "furniture"
        was_skipping = self._skipping()
        if why and not was_skipping:
            self._flush()
        self.stack.append((tag, why))
        if self._skipping():
            return
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append("bullet" if tag == "ul" else "numbered")
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self.kind = self.lists[-1] if self.lists else "bullet"
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.kind = "h1" if tag == "h1" else "heading"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, why = self.stack.pop()
            if why == "furniture" and not self._skipping():
                self._flush_skip()
            if t == tag:
                break
        if self._skipping():
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_tag += data
            return
        why = self._skipping()
        if why == "furniture":
            self.skip_text.append(data)
        elif why is None:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _read_html(text: str) -> RawArticle:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    blocks = reader.blocks
    title: str | None = None
    for i, b in enumerate(blocks):
        if b.kind == "h1":
            title = b.text
            del blocks[i]
            break
    if title is None and reader.title_tag.strip():
        title = normalize_space(reader.title_tag)
    blocks = [RawBlock("heading", b.text) if b.kind == "h1" else b for b in blocks]
    return RawArticle(
        title, reader.author, reader.language, _demote_trailing_headings(blocks), reader.furniture
    )


# --- Boilerplate and the call to action ----------------------------------------------------

_SIGN_OFF = re.compile(
    r"^(?:hope (?:this|that|it) helps?|best(?: wishes| regards)?|(?:kind|warm|warmest|warm) regards|regards|"
    r"cheers|thanks(?: so much)?(?: for reading)?|thank you(?: for reading)?|x+o+x*o*|with love|love|"
    r"sincerely(?: yours)?|yours(?: truly)?|until next time|take care|talk soon|stay (?:well|safe)|be well|"
    r"all the best|happy \w+ing|"
    # the same in other languages
    r"(?:herzliche|liebe|viele|beste|freundliche) grüße|mit (?:herzlichen|freundlichen|besten) grüßen|"
    r"cordialement|bien à vous|amitiés|bises|saludos|un saludo|un abrazo|cordiali saluti|un saluto)"
    r"\b[\s\w]{0,20}[,.!…]*$",
    re.I,
)
#: "Warm regards,\nDr. Lee" in one paragraph: the lines are joined, so split the sign-off off first.
_SIGN_OFF_THEN_NAME = re.compile(r"^(?P<off>.{2,40}?[,.!…]+)\s+(?P<name>\S.{0,59})$")
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear)(?: (?:everyone|all|friends|there|readers|folks))?[,.!]*$", re.I
)
_BYLINE = re.compile(r"^(?:by|written by|posted by)\s+(.{2,60})$", re.I)
_FOOTER = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,200}|source link|leave a (?:comment|reply)|"
    r"share this(?: post| article)?:?|like this:?|share on \w+|click to share.*|tweet|pin it|"
    r"related(?: posts| articles)?:?|loading\.\.\.|read more|continue reading.*|posted in .{1,100}|"
    r"tagged .{1,100}|filed under .{1,100}|\d+ comments?|no comments|comments are closed\.?)$",
    re.I,
)
_SHARE_ONLY = re.compile(
    r"^(?:(?:share|facebook|twitter|x|pinterest|linkedin|email|e-mail|print|whatsapp|reddit|tumblr|pocket|"
    r"telegram|threads|instagram|copy link|more)[\s|·•,/:-]*){2,}$",
    re.I,
)
_SEE_ALSO = re.compile(
    r"^(?:(?:please )?see (?:my|our) (?:recommended|favou?rite|full|complete|previous|other)\b|"
    r"click here\b|shop (?:my|our)\b|(?:read|check out) (?:my|our) (?:previous|earlier|related|other) "
    r"(?:post|article|blog)|(?:for more|more info)[^.]{0,40}(?:see|visit|click)\b|"
    r"(?:use|with) (?:my|our|the) (?:code|discount code|affiliate link)\b)",
    re.I,
)
_CTA = re.compile(
    r"shout[- ]?out|\blet (?:me|us) know\b|\btell (?:me|us)\b|\bcomment below\b|\bin the comments\b|"
    r"\bleave a comment\b|\bshare (?:yours|your (?:favou?rite|own|experience|tips?))\b|\bdm (?:me|us)\b|"
    r"\bon (?:my|our) (?:instagram|ig|facebook|page)\b|\bwhat(?:'s|’s| is) your favou?rite\b|"
    r"\btag (?:me|us)\b|\bwrite (?:to )?(?:me|us)\b|"
    # the same requests in other languages: an Instagram or comments mention near the end
    r"\binstagram\b|\bkommentar|\bcommentaire|\bcomentario|\bcommento|\bkoment",
    re.I,
)
#: The call to action is looked for among this many last content sentences of the article.
CTA_WINDOW = 5
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|[A-Z]\.|Dr\.|Prof\.|MD|M\.D\.|RN|PhD|&|and|de|van|von)$")


def _looks_like_signature(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 6 and len(text) <= 60 and all(_NAME_WORD.match(w) for w in words)


@dataclass
class _Sentence:
    block: int
    text: str
    dropped: str | None = None


def _build(raw: RawArticle, language: str, source_text: str, source: Path | None) -> Article:
    where = str(source) if source else "the article"
    title = raw.title or "Untitled article"
    author = raw.author
    body = [(i, b) for i, b in enumerate(raw.blocks) if b.kind != "heading"]
    sentences: list[_Sentence] = []
    after_sign_off = False
    last_body = body[-1][0] if body else -1
    for i, block in body:
        parts = segment(block.text, language)
        reason: str | None = None
        text = block.text
        if _GREETING.match(text):
            reason = "greeting"
        elif _SIGN_OFF.match(text) and len(text) <= 60:
            reason = "sign-off"
            after_sign_off = True
        elif (
            (m := _SIGN_OFF_THEN_NAME.match(text))
            and _SIGN_OFF.match(m["off"])
            and _looks_like_signature(m["name"])
        ):
            reason = "sign-off and signature"
            after_sign_off = True
            author = author or m["name"].strip(" ,")
        elif (after_sign_off and _looks_like_signature(text)) or (
            i == last_body
            and _looks_like_signature(text)
            and block.kind == "paragraph"
            and "." not in text[-1:]
        ):
            reason = "signature"
            author = author or text.strip(" ,")
        elif _FOOTER.match(text) or _SHARE_ONLY.match(text):
            reason = "syndication footer or share buttons"
        elif (m := _BYLINE.match(text)) and not sentences:
            reason = "byline"
            author = author or m.group(1).strip()
        for part in parts:
            sentences.append(_Sentence(i, part, reason))
    for s in sentences:
        if s.dropped is None and _SEE_ALSO.match(s.text):
            s.dropped = "link to another page"
    content = [s for s in sentences if s.dropped is None]
    cta_parts: list[_Sentence] = []
    window = content[-CTA_WINDOW:]
    for k in range(len(window) - 1, -1, -1):
        if _CTA.search(window[k].text):
            cta_parts = [window[k]]
            # questions just before the request, in the same block, belong to it
            j = k - 1
            while (
                j >= 0
                and window[j].block == window[k].block
                and window[j].text.rstrip().endswith(("?", "？"))
            ):
                cta_parts.insert(0, window[j])
                j -= 1
            break
    cta = cta_parts[-1] if cta_parts else None
    if len(content) <= len(cta_parts):
        raise ArticleError(f"{where} has no text to make tips from after its title; give a longer article")

    sections: list[Section] = []
    heading: str | None = None
    blocks: list[Block] = []
    cta_section: str | None = None
    by_block: dict[int, list[str]] = {}
    for s in content:
        if any(s is c for c in cta_parts):
            continue
        by_block.setdefault(s.block, []).append(s.text)
    for i, raw_block in enumerate(raw.blocks):
        if raw_block.kind == "heading":
            if blocks:
                sections.append(Section(heading, tuple(blocks)))
            heading, blocks = raw_block.text, []
            continue
        if cta is not None and cta.block == i:
            cta_section = heading
        kept = by_block.get(i)
        if kept:
            blocks.append(Block(BlockKind(raw_block.kind), " ".join(kept), tuple(kept)))
    if blocks:
        sections.append(Section(heading, tuple(blocks)))
    dropped = tuple(raw.furniture) + tuple(Dropped(s.text, s.dropped) for s in sentences if s.dropped)
    return Article(
        title=title,
        author=author,
        sections=tuple(sections),
        source_path=source,
        content_hash=hashlib.sha256(source_text.encode("utf-8", "surrogatepass")).hexdigest(),
        dropped=dropped,
        call_to_action=" ".join(c.text for c in cta_parts) or None,
        call_to_action_sentences=tuple(c.text for c in cta_parts),
        call_to_action_section=cta_section,
        language=language,
    )
