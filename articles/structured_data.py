"""Breadcrumbs and schema.org JSON-LD, built as plain data.

Templates serialise these dicts with the `json_ld` tag (a JSON encoder, never string
templates), so no title or name can break out of the script element.
"""

from django.conf import settings

from . import renditions
from .links import url


def article_breadcrumbs(article):
    """The trail to an article as `(name, path)` pairs, the article last."""
    return [
        ("Home", url("articles:home")),
        ("Articles", url("articles:list")),
        (article.title, article.get_absolute_url()),
    ]


def tag_breadcrumbs(tag):
    return [
        ("Home", url("articles:home")),
        ("Topics", url("articles:tags")),
        (tag.name, url("articles:tag", slug=tag.slug)),
    ]


def author_breadcrumbs(author):
    return [("Home", url("articles:home")), (author.name, author.get_absolute_url())]


def breadcrumb_list(breadcrumbs, request):
    """A schema.org `BreadcrumbList` for `(name, path)` pairs."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(breadcrumbs, start=1)
        ],
    }


def breadcrumbs_structured_data(breadcrumbs, request):
    """The JSON-LD of a page whose only structured data is its breadcrumb trail."""
    return {"@context": "https://schema.org", **breadcrumb_list(breadcrumbs, request)}


def person(author, request):
    """An author (or reviewer) as a schema.org `Person` linking to their profile."""
    data = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.credentials:
        data["honorificSuffix"] = author.credentials
    return data


def organization(request):
    home = request.build_absolute_uri(url("articles:home"))
    return {
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": settings.SITE_NAME,
        "url": home,
    }


def article_structured_data(article, request):
    """JSON-LD for an article page: a `@graph` of MedicalWebPage, Article and BreadcrumbList."""
    page_url = request.build_absolute_uri(article.get_absolute_url())
    publisher = organization(request)
    breadcrumbs = breadcrumb_list(article_breadcrumbs(article), request)
    breadcrumbs["@id"] = f"{page_url}#breadcrumbs"
    web_page = {
        "@type": "MedicalWebPage",
        "@id": f"{page_url}#webpage",
        "url": page_url,
        "name": article.title,
        "description": article.summary,
        "inLanguage": "en-GB",
        # A preview of an article never published shows when it was last saved instead.
        "datePublished": (article.published_at or article.updated_at).isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "breadcrumb": {"@id": breadcrumbs["@id"]},
        "mainEntity": {"@id": f"{page_url}#article"},
        "publisher": {"@id": publisher["@id"]},
    }
    article_data = {
        "@type": "Article",
        "@id": f"{page_url}#article",
        "mainEntityOfPage": {"@id": web_page["@id"]},
        "headline": article.title,
        "description": article.summary,
        "datePublished": web_page["datePublished"],
        "dateModified": web_page["dateModified"],
        "author": person(article.author, request),
        "publisher": {"@id": web_page["publisher"]["@id"]},
        "keywords": [tag.name for tag in article.tags.all()],
    }
    # The link-preview rendition, never the original upload (which keeps its full size).
    if image := renditions.open_graph_image(article.hero_image, article.hero_focal_point):
        image_url = request.build_absolute_uri(image["url"])
        article_data["image"] = image_url
        web_page["primaryImageOfPage"] = {"@type": "ImageObject", "url": image_url}

    # Only a recorded review is claimed: an article never reviewed says nothing about review.
    if review := article.last_review:
        web_page["reviewedBy"] = person(review.reviewer, request)
        web_page["lastReviewed"] = review.reviewed_at.date().isoformat()

    return {
        "@context": "https://schema.org",
        "@graph": [web_page, article_data, breadcrumbs, publisher],
    }
