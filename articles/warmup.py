"""Readers' pages requested once inside a process before it serves anyone.

A fresh process builds, on its first requests, what it then keeps: the modules those pages import,
the compiled Jinja2 templates and the prepared queries' SQL (`articles.prepared`). Its first
article page took 380 ms where the next took 5. gunicorn recycles each worker after
`max_requests`, and every new worker paid that again, page by page, while readers waited.

`warm_up()` asks for one page of each kind through the WSGI application itself, in gunicorn's
master before it forks (deploy/gunicorn.conf.py), so every worker starts with all of that built,
shared copy-on-write. The pages are real ones read from the database, asked over HTTPS for a host
the site accepts; nothing is written but the page cache, as for any reader. It then closes the
database connections, which a forked worker must never share.
"""

import io
import logging
import sys
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import reverse

from .models import Article, Page
from .search import words

logger = logging.getLogger(__name__)


def warm_up(application):
    """Request each kind of public page once through `application`; returns {path: status}.

    A database that cannot answer yet (not there, not migrated) stops it with a warning in the
    log, and the workers start cold, as they would have without it.
    """
    statuses = {}
    try:
        for path in _paths():
            statuses[path] = _request(application, path)
    except DatabaseError as error:
        logger.warning("Warm-up stopped, the database did not answer: %s", error)
    finally:
        connections.close_all()
    return statuses


def _paths():
    """One page of each kind, of the newest published article where it needs one."""
    paths = [reverse("articles:home"), reverse("articles:list"), reverse("articles:tags")]
    # Not the sitemap: its index counts the whole archive (over 10 s at 100,000 articles on a
    # cold disk), and no worker serves anyone while the master waits.
    paths += [reverse("articles:feed"), reverse("robots_txt")]
    article = Article.objects.published().select_related("author").first()
    if article is not None:
        paths += [article.get_absolute_url(), article.author.get_absolute_url()]
        tag = article.tags.order_by("name").first()
        if tag is not None:
            paths.append(reverse("articles:tag", kwargs={"slug": tag.slug}))
        title_words = words(article.title)
        if title_words:
            query = urlencode({"q": max(title_words, key=len)})
            paths.append(f"{reverse('articles:search')}?{query}")
    page = Page.objects.published().order_by("slug").first()
    if page is not None:
        paths.append(page.get_absolute_url())
    return paths


def _request(application, path):
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": _host(),
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        # HTTPS, as readers arrive: over plain HTTP production settings would only redirect.
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    response = application(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _chunk in response:
            pass
    finally:
        if hasattr(response, "close"):
            response.close()
    return int(status[0].split()[0])


def _host():
    """A host name ALLOWED_HOSTS accepts: its first plain entry ("*" and ".example.com" are
    patterns, not names)."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"
