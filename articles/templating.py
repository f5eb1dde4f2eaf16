"""The public site's templates: a Jinja2 environment with what they need from Django.

Readers' pages are rendered by Jinja2 (`jinja2/`), which compiles templates to Python and renders
a list of posts in a quarter of the time Django's template language takes; the admin keeps
Django's (`templates/`). See docs/decisions.md, "Public templates in Jinja2", for the figures.

Everything here is a plain function: filters (`date`, `richtext`, …) and globals (`url`,
`static`, `picture_element`, …). Author-written HTML reaches a page only through `richtext` and
`article_body`, which clean it (`markup.render_html`). The other functions that return markup
(`json_ld`, `highlight`, `linebreaks`, `picture_element`, `sitemap_index_entries`) escape what
they are given first.
"""

import json
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

import jinja2
from django.core.serializers.json import DjangoJSONEncoder
from django.template.backends import jinja2 as jinja2_backend
from django.test.signals import template_rendered
from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import linebreaks, strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from markupsafe import Markup, escape

from . import markup, renditions, search
from .links import fixed_script_prefix, static, url

# What Django's `json_script` escapes, so no value can close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# What a page's dates depend on, read once per render (`page_state()`) rather than once per
# date: each read of the active time zone or language goes through an asgiref Local, a few µs,
# and a list page formats twenty dates (a tenth of its time, before).
_page_dates = ContextVar("page_dates", default=None)


@contextmanager
def page_state():
    """What a page reads of Django's per-request state, fixed for one render: the time zone, the
    language and the script prefix (`links.fixed_script_prefix`). None changes while a page
    renders."""
    token = _page_dates.set((timezone.get_current_timezone(), translation.get_language()))
    try:
        with fixed_script_prefix():
            yield
    finally:
        _page_dates.reset(token)


@cache
def _month_name(language, month):
    # Called while `language` is the active one, so the translation is in that language.
    return str(MONTHS[month])


def date(value, format_string):
    """Django's `date` filter: `value` in the site's time zone, formatted like `{{ x|date }}`."""
    if not value:
        return ""
    time_zone, language = _page_dates.get() or (
        timezone.get_current_timezone(),
        translation.get_language(),
    )
    if timezone.is_aware(value):
        value = timezone.localtime(value, time_zone)
    # The formats every card (and sitemap entry) uses, without the general formatter: it took a
    # tenth of a list page. They give exactly what Django's formatter gives (tests compare them).
    if format_string == "c":
        return value.isoformat()
    if format_string == "j F Y":
        return f"{value.day} {_month_name(language, value.month)} {value.year}"
    if format_string == "Y-m-d":  # the sitemap's, once per URL
        return value.strftime("%Y-%m-%d")
    return dateformat.format(value, format_string)


def truncatechars(value, length):
    """Django's `truncatechars`, without its walk over every character where it can be skipped
    (a tenth of a millisecond for each summary, three times on every article page)."""
    # As the Truncator reads it: composed, so "e" and an accent make one "é".
    text = unicodedata.normalize("NFC", str(value))
    if len(text) <= length:  # never cut
        return text
    # Without combining characters (which the Truncator does not count) up to the cut, each
    # character counts one: the Truncator keeps `length - 1` of them and adds its ellipsis.
    # ASCII has none, and is checked without a call per character (8 µs for 300 of them).
    head = text[: length + 1]
    if length > 1 and (head.isascii() or not any(map(unicodedata.combining, head))):
        return f"{text[: length - 1]}…"
    return Truncator(text).chars(length)


def pluralize(count, suffix="s"):
    return "" if count == 1 else suffix


def richtext(html):
    """Author-written HTML, cleaned again on the way out and marked safe."""
    return markup.render_html(html)


def article_body(article):
    """The article's body, cleaned, with `[N]` citations linked to its numbered references.

    Reads `article.references` from its prefetch (`for_detail()`, or the article page's own,
    `article_page.published_article()`).
    """
    return markup.render_html(article.body, reference_count=len(article.references.all()))


def json_ld(data):
    """`data` as a JSON-LD script element, escaped like Django's `json_script`."""
    serialised = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    # Safe: `<`, `>` and `&` are escaped above, so the JSON cannot end the element.
    return Markup('<script type="application/ld+json">') + Markup(serialised) + Markup("</script>")


def canonical_url(request, obj=None, page_obj=None):
    """The page's absolute URL: its object's `get_absolute_url`, else the path.

    Query strings are dropped, except `?page=N` beyond the first page of a list, which is a
    page of its own.
    """
    path = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else request.path
    if page_obj is not None and page_obj.number > 1:
        path = f"{path}?{urlencode({'page': page_obj.number})}"
    return request.build_absolute_uri(path)


def open_graph_image(request, image, focal=renditions.CENTRE):
    """The 1200 × 630 link-preview rendition of `image` with an absolute URL, or None."""
    og_image = renditions.open_graph_image(image, focal)
    if og_image:
        og_image = {**og_image, "url": request.build_absolute_uri(og_image["url"])}
    return og_image


def sitemap_index_entries(sitemaps):
    """The sitemap index's `<sitemap>` elements, as Django's template writes them.

    Written directly rather than by a template loop: the index lists every page of every
    section, 100 of them at 100,000 articles, and the loop took 1.8 ms of the index's time.
    Locations are escaped; each date (every page of a section has its section's) is formatted
    once, by the `date("c")` filter.
    """
    lastmods = {value: date(value, "c") for value in {site.last_mod for site in sitemaps} if value}
    return Markup(
        "".join(
            f"<sitemap><loc>{escape(site.location)}</loc>"
            + (f"<lastmod>{lastmods[site.last_mod]}</lastmod>" if site.last_mod else "")
            + "</sitemap>"
            for site in sitemaps
        )
    )


class Environment(jinja2.Environment):
    def make_globals(self, d):
        """A template's globals as one dict, not Jinja2's ChainMap over the environment's.

        Each `{% from … import … %}` compares the importing page's globals with the imported
        template's on every render, and through a ChainMap each key is looked up in Python:
        0.1 million instructions an import, three on the article page. The environment's
        globals are all set before any template loads (`environment()`), as Jinja2 asks.
        """
        return {**self.globals, **(d or {})}


def environment(**options):
    env = Environment(**options, keep_trailing_newline=True)
    env.globals.update(
        article_body=article_body,
        canonical_url=canonical_url,
        json_ld=json_ld,
        open_graph_image=open_graph_image,
        picture_element=renditions.picture_element,
        sitemap_index_entries=sitemap_index_entries,
        static=static,
        url=url,
    )
    env.filters.update(
        date=date,
        highlight=search.highlight,  # a search snippet, escaped, its matches marked
        linebreaks=lambda text: Markup(linebreaks(text, autoescape=True)),
        pluralize=pluralize,
        richtext=richtext,
        striptags=strip_tags,
        truncatechars=truncatechars,
    )
    return env


class Jinja2(jinja2_backend.Jinja2):
    """Django's Jinja2 backend, telling the test client what it rendered, as Django's own
    template language does, so tests can read `response.context` and `response.templates`."""

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, template.backend)


class Template(jinja2_backend.Template):
    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        with page_state():
            html = super().render(context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html
