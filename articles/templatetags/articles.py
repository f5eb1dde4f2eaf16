from django import template

from .. import markup, search

register = template.Library()


@register.filter
def richtext(html):
    """Author-written HTML, cleaned again on the way out and marked safe."""
    return markup.render_html(html)


@register.filter
def highlight(snippet):
    """A search snippet, escaped, with only its matched words marked up."""
    return search.highlight(snippet)
