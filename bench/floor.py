"""The benchmark's floor: a trivial view with a fixed 20 KB page, what any Django page can reach.

It runs through the same middleware as every page (security, page-cache lookup, sessions, CSP…)
but is never stored in the page cache, so it measures the stack, not a cache hit. Routed only when
`BENCH_FLOOR_VIEW` is on.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

PARAGRAPH = (
    "<p>" + "Floor of the benchmark: a fixed response with no database work. " * 8 + "</p>\n"
)
BODY = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body>\n" + PARAGRAPH * (20_000 // len(PARAGRAPH)) + "</body></html>\n"
).ljust(20_000)


@never_cache
def floor(request):
    return HttpResponse(BODY)
