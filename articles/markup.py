"""The one place author-written HTML is cleaned before anything marks it safe."""

import re
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe

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


def render_html(html: str) -> SafeString:
    """Clean `html` and mark the result safe for a template."""
    return mark_safe(clean_html(html))  # noqa: S308 - cleaned by nh3 just above


# Block-level tags separate words; without a space "<p>one</p><p>two</p>" would read "onetwo".
BLOCK_TAG = re.compile(r"<(?=/?(?:p|h[1-6]|li|br|hr|td|th|tr|blockquote|pre|figcaption)\b)", re.I)


def plain_text(html: str) -> str:
    """The words of author-written `html`, without any markup, e.g. for the search index."""
    text = nh3.clean(BLOCK_TAG.sub(" <", html or ""), tags=set(), strip_comments=True)
    return " ".join(unescape(text).split())
