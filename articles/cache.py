"""Page cache for anonymous readers that is never stale.

Every cached thing is keyed by the site's *content generation*, a token that `bump()` replaces on
any change to content (an Article, Author, Page, tag… saved or deleted: see `apps.py`). The token
is kept in the cache together with the time the next scheduled article goes live, and expires at
that time, so a scheduled article appears when its time comes even when nothing else changes.

Only anonymous GET/HEAD requests for public pages are cached: never signed-in users (a session
cookie), the admin, other methods, or responses that set a cookie, vary on it, or set their own
Cache-Control (`never_cache` views such as previews).
"""

import hashlib
import math
import time
from contextvars import ContextVar
from datetime import datetime
from typing import NamedTuple
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from .links import url

STATE_KEY = "content-state"


class ContentState(NamedTuple):
    generation: str
    next_at: datetime | None  # when the next scheduled article goes live, if any

    def seconds_left(self, ceiling):
        """Seconds a copy made now may be kept: `ceiling`, or less if an article goes live first."""
        if self.next_at is None:
            return ceiling
        return max(0, min(ceiling, math.floor((self.next_at - timezone.now()).total_seconds())))


class ProcessMemory:
    """What this process read lately, kept as the objects themselves (a local-memory cache
    would unpickle a copy on every read): at most `size` entries, each for `seconds`. Only for
    values that never change under their key."""

    def __init__(self, seconds, size):
        self.seconds, self.size = seconds, size
        self._entries = {}

    def get(self, key):
        expires_at, value = self._entries.get(key, (0, None))
        return value if time.monotonic() < expires_at else None

    def set(self, key, value):
        if len(self._entries) >= self.size:
            self._entries.clear()  # rare: far more keys than a minute's requests read
        self._entries[key] = (time.monotonic() + self.seconds, value)


def _fresh_state():
    from .models import Article

    return ContentState(uuid4().hex, Article.objects.scheduled().next_publication_at())


def _state_timeout(state):
    # The token itself expires when the next article goes live, or with the pages it keys.
    return max(1, state.seconds_left(settings.PAGE_CACHE_SECONDS or 3600))


# A bump that could not reach the cache (Redis down) is made again once it answers, or pages
# cached before the outage would come back under the old generation.
_bump_lost = False


def _drop_state():
    global _bump_lost
    cache.delete(STATE_KEY)
    _bump_lost = not getattr(cache, "available", True)


# The request being served, for code that has none to hand (the sitemap's sections): it reads
# the content state once per request too, not once per memo (nine reads of Redis per index).
_current_request = ContextVar("current_request", default=None)


def content_state(request=None):
    """The current generation; computed once per request and shared by all app servers."""
    if request is None:
        request = _current_request.get()
    if request is not None and hasattr(request, "_content_state"):
        return request._content_state
    if _bump_lost:
        _drop_state()
    state = cache.get(STATE_KEY)
    if state is None:
        state = _fresh_state()
        # `add`, so that a generation set by a concurrent bump() is never overwritten.
        if not cache.add(STATE_KEY, state, _state_timeout(state)):
            state = cache.get(STATE_KEY) or state
    elif state.next_at is not None and state.next_at <= timezone.now():
        # A scheduled article is live now; the cache's own expiry may lag this server's clock.
        state = _fresh_state()
        cache.set(STATE_KEY, state, _state_timeout(state))
    if request is not None:
        request._content_state = state
    return state


def _publish_fresh_state():
    global _bump_lost
    state = _fresh_state()
    cache.set(STATE_KEY, state, _state_timeout(state))
    _bump_lost = _bump_lost or not getattr(cache, "available", True)


def bump():
    """Make every cached page and count out of date: call after any change readers could see.

    The generation is dropped at once and replaced again after the transaction commits, so a
    page rendered from the data as it was before the commit is never kept under the new one.
    """
    _drop_state()
    if connection.in_atomic_block:
        transaction.on_commit(_publish_fresh_state)


def bump_on_change(sender, **kwargs):
    """Signal receiver: bump for any model of the content apps (see `ArticlesConfig.ready`)."""
    if sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS:
        bump()


# A memo never changes under its key (a new generation is a new key), so each process keeps the
# ones it read: the round trip to Redis was 0.3 ms of an uncached home page's 3.7.
_memos = ProcessMemory(seconds=60, size=1000)


def memoize(request, name, compute):
    """`compute()` once per content generation, e.g. a count every request would repeat."""
    state = content_state(request)
    key = f"memo:{state.generation}:{name}"
    value = _memos.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, _state_timeout(state))
        _memos.set(key, value)
    return value


def _admin_prefix():
    return url("admin:index")


def _is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_admin_prefix())
    )


def _is_private(request):
    user = getattr(request, "user", None)
    return request.path.startswith(_admin_prefix()) or (user is not None and user.is_authenticated)


def _is_public_page(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and "cookie" not in response.get("Vary", "").lower()
    )


def _patch_public(response, state):
    patch_cache_control(
        response,
        public=True,
        max_age=state.seconds_left(settings.PAGE_CACHE_MAX_AGE),
        s_maxage=state.seconds_left(settings.PAGE_CACHE_S_MAXAGE),
    )
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self._respond(request)
        finally:
            _current_request.reset(token)

    def _respond(self, request):
        if not _is_anonymous_read(request):
            response = self.get_response(request)
            if _is_private(request):
                patch_cache_control(response, private=True, no_store=True)
                patch_vary_headers(response, ["Cookie"])
            return response

        state = content_state(request)
        url_hash = hashlib.md5(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{state.generation}:{url_hash}"
        timeout = state.seconds_left(settings.PAGE_CACHE_SECONDS)
        cached = cache.get(key) if timeout else None
        if cached is not None:
            status, content, headers = cached
            response = HttpResponse(content, status=status, headers=headers)
            return _patch_public(response, state)

        response = self.get_response(request)
        if not _is_public_page(response):
            return response
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        set_response_etag(response)
        if timeout:
            cache.set(
                key, (response.status_code, response.content, dict(response.items())), timeout
            )
        return _patch_public(response, state)
