from django import template

from .. import markup, renditions

register = template.Library()


@register.filter
def richtext(html):
    """Author-written HTML, cleaned again on the way out and marked safe."""
    return markup.render_html(html)


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
