"""The site's Content-Security-Policy, with one scoped exception for the admin.

Public pages get the strict policy from settings.CONTENT_SECURITY_POLICY: no inline script or
style at all, so no nonce is needed and a cached page is valid for every reader.

Under /admin/ only:
- styles may also come inline: the admin's widgets and the rich-text editor (ProseMirror-based
  editors inject a <style> element and style attributes while editing) do not work without it;
- the rich-text editor's import map, an inline `<script type="importmap">` that only maps module
  names to our static files, is allowed by the hash of exactly the map the page carries (its URLs
  change with each static build, so the hash is taken from the response). Scripts otherwise stay
  'self'. Editors are signed in, so the admin is never cached and this never reaches a reader.
"""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware

from .links import url

ADMIN_RELAXATIONS = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}
IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.DOTALL)


def import_map_hashes(response):
    """CSP source expressions for the inline import maps in an HTML response."""
    if response.streaming or b"importmap" not in response.content:
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(content).digest()).decode()}'"
        for content in IMPORT_MAP.findall(response.content)
    ]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(url("admin:index")):
            relaxations = dict(ADMIN_RELAXATIONS)
            if hashes := import_map_hashes(response):
                relaxations["script-src"] = hashes
            parts.update = {**relaxations, **(parts.update or {})}
        return parts
