import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from .. import markup, renditions, search

register = template.Library()

# What Django's `json_script` escapes, so no value can close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def richtext(html):
    """Author-written HTML, cleaned again on the way out and marked safe."""
    return markup.render_html(html)


@register.simple_tag
def article_body(article):
    """The article's body, cleaned, with `[N]` citations linked to its numbered references.

    Reads `article.references` from the prefetch in `for_detail()`.
    """
    return markup.render_html(article.body, reference_count=len(article.references.all()))


@register.simple_tag
def json_ld(data):
    """`data` as a JSON-LD script element, escaped like Django's `json_script`."""
    serialised = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    # Safe: `<`, `>` and `&` are escaped above, so the JSON cannot end the element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(serialised))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute URL: its object's `get_absolute_url`, else the path.

    Query strings are dropped, except `?page=N` beyond the first page of a list, which is a
    page of its own.
    """
    request = context["request"]
    obj = context.get("object")
    path = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else request.path
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        path = f"{path}?{urlencode({'page': page_obj.number})}"
    return request.build_absolute_uri(path)


@register.inclusion_tag("articles/_picture.html")
def picture(image, shape, alt="", focal=renditions.CENTRE, eager=False):
    """A responsive `<picture>` of an uploaded image, laid out as `shape` ("hero", "thumbnail",
    "portrait"), or nothing when there is no image or its file is missing or broken.

    Images load lazily unless `eager` (the first large image on a page, which readers see at
    once). `alt=""` marks a decorative image.
    """
    return {"picture": renditions.picture(image, shape, focal), "alt": alt, "eager": eager}


@register.simple_tag(takes_context=True)
def open_graph_image(context, image, focal=renditions.CENTRE):
    """The 1200 × 630 link-preview rendition of `image` with an absolute URL, or None."""
    og_image = renditions.open_graph_image(image, focal)
    if og_image:
        og_image["url"] = context["request"].build_absolute_uri(og_image["url"])
    return og_image


@register.filter
def highlight(snippet):
    """A search snippet, escaped, with only its matched words marked up."""
    return search.highlight(snippet)
