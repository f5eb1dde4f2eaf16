"""The one place author-written HTML is cleaned, enriched and marked safe.

Everything here works on HTML that `clean_html` has already cleaned: headings get anchor ids
when saved, citations become links when shown, and nothing added can carry markup of its own.
"""

import math
import re
from html import unescape

import nh3
from bs4 import BeautifulSoup
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "blockquote", "code", "pre", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

WORDS_PER_MINUTE = 200
TOC_HEADINGS = ["h2", "h3"]
# Ids the article page uses itself; a heading never takes one of them.
RESERVED_IDS = {"main", "contents", "references", "related", "disclaimer"}
CITATION = re.compile(r"\[(\d{1,3})\]")
# A tag, whose quoted attribute values may hold `>`; an h2 or h3 element; its id attribute.
TAG = re.compile(r'<[^<>"]*(?:"[^"]*"[^<>"]*)*>')
TOC_HEADING = re.compile(r'<(h[23])((?:\s+[\w-]+="[^"]*")*)\s*>(.*?)</\1\s*>', re.S | re.I)
HEADING_ID = re.compile(r'\sid="([^"]*)"')
# A tag's name, and whether it closes an element.
TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# A citation inside these is left alone: a link inside a link is invalid, code is literal.
NO_CITATION_PARENTS = {"a", "code", "pre"}


def clean_html(html: str) -> str:
    """Return `html` with everything but a small set of structural tags removed.

    Scripts, styles, event-handler and style attributes and `javascript:` links never survive;
    links get `rel="noopener noreferrer"`.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_html(html: str, *, reference_count: int = 0) -> SafeString:
    """Clean `html`, link its citations and mark the result safe for a template.

    `[N]` in the text links to `#ref-N` when 1 ≤ N ≤ `reference_count`.
    """
    cleaned = clean_html(html)
    if reference_count:
        cleaned = _link_citations(cleaned, reference_count)
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


def _link_citations(cleaned_html, reference_count):
    # Read with regular expressions rather than a parser, on every article page: parsing a long
    # body with its citations took 2.4 ms. That is exact for HTML `clean_html` wrote: attribute
    # values in double quotes, `<` in text escaped, no comments. Only text between tags is
    # rewritten, so attribute values never are.
    if not CITATION.search(cleaned_html):
        return cleaned_html

    def link(match):
        number = int(match[1])
        if not 1 <= number <= reference_count:
            return match[0]
        return (
            f'<a aria-label="Reference {number}" class="citation" href="#ref-{number}">'
            f"[{number}]</a>"
        )

    pieces, position, inside = [], 0, 0  # inside: how many a/code/pre elements are open
    for tag in TAG.finditer(cleaned_html):
        text = cleaned_html[position : tag.start()]
        pieces.append(CITATION.sub(link, text) if not inside else text)
        pieces.append(tag[0])
        name = TAG_NAME.match(tag[0])
        if name and name[2].lower() in NO_CITATION_PARENTS:
            inside = max(0, inside - 1) if name[1] else inside + 1
        position = tag.end()
    text = cleaned_html[position:]
    pieces.append(CITATION.sub(link, text) if not inside else text)
    return "".join(pieces)


def add_heading_ids(cleaned_html: str) -> str:
    """Give every h2 and h3 a stable anchor id made from its text.

    Ids an editor set are kept; a repeated heading gets `-2`, `-3`… so every id is unique.
    Returns the input unchanged when every heading already has an id.
    """
    soup = BeautifulSoup(cleaned_html, "html.parser")
    headings = soup.find_all(TOC_HEADINGS)
    if all(heading.get("id") for heading in headings):
        return cleaned_html
    taken = RESERVED_IDS | {heading["id"] for heading in headings if heading.get("id")}
    for heading in headings:
        if heading.get("id"):
            continue
        base = slugify(heading.get_text(" ", strip=True)) or "section"
        if re.fullmatch(r"ref-\d+", base):
            base = f"section-{base}"
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        heading["id"] = anchor
        taken.add(anchor)
    return clean_html(str(soup))


def table_of_contents(cleaned_html: str) -> list[dict]:
    """The body's h2 headings, each with its h3 sub-headings, as `{id, title, children}`.

    Headings without an id (never saved through `add_heading_ids`) are left out, since
    nothing could link to them.
    """
    # Read on every article page, so read with regular expressions rather than a parser. That is
    # exact for HTML `clean_html` wrote: attribute values in double quotes, `<` in text escaped.
    entries = []
    for match in TOC_HEADING.finditer(cleaned_html or ""):
        level, attributes, inner = match.groups()
        anchor = HEADING_ID.search(attributes)
        if not anchor or not anchor[1]:
            continue
        title = " ".join(unescape(TAG.sub(" ", inner)).split())
        entry = {"id": unescape(anchor[1]), "title": title, "children": []}
        if level.lower() == "h3" and entries:
            entries[-1]["children"].append(entry)
        else:
            entries.append(entry)
    return entries


def reading_minutes(html: str) -> int:
    """Minutes an average reader needs for `html`, at least one."""
    words = len(BeautifulSoup(html or "", "html.parser").get_text(" ").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


# Block-level tags separate words; without a space "<p>one</p><p>two</p>" would read "onetwo".
BLOCK_TAG = re.compile(r"<(?=/?(?:p|h[1-6]|li|br|hr|td|th|tr|blockquote|pre|figcaption)\b)", re.I)


def plain_text(html: str) -> str:
    """The words of author-written `html`, without any markup, e.g. for the search index."""
    text = nh3.clean(BLOCK_TAG.sub(" <", html or ""), tags=set(), strip_comments=True)
    return " ".join(unescape(text).split())
