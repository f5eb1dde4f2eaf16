from django import template

from .. import markup

register = template.Library()


@register.filter
def richtext(html):
    """Author-written HTML, cleaned again on the way out and marked safe."""
    return markup.render_html(html)
