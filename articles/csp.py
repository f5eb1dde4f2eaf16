"""The site's Content-Security-Policy, with one scoped exception for the admin.

Public pages get the strict policy from settings.CONTENT_SECURITY_POLICY: no inline script or
style at all, so no nonce is needed and a cached page is valid for every reader.

Under /admin/ only, styles may also come inline: the admin's widgets and the rich-text editor
(ProseMirror-based editors inject a <style> element and style attributes while editing) do not
work without it. Scripts stay 'self' there too; editors are signed in, so the admin is never
cached and this never reaches a reader.
"""

from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_RELAXATIONS = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(reverse("admin:index")):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        return parts
