"""deploy/nginx.conf made runnable on this machine: its paths and ports swapped for local ones
and wrapped in a complete nginx.conf. Used by `tests/test_deploy.py` (nginx -t) and the bench.

Every replaced line must be found, so a change to the example that this misses fails loudly.
"""

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"

MAIN = """\
worker_processes {workers};
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;
{site}
{extra}
}}
"""


def _replace(text, old, new):
    if old not in text:
        raise ValueError(f"deploy/nginx.conf no longer contains {old!r}")
    return text.replace(old, new)


def render(*, run_dir, site_root, upstream, certificate=None, listen=None, extra="", workers=1):
    """The example with local paths: TLS with `certificate` (cert, key), or plain HTTP on
    `listen` ("127.0.0.1:8143") for the bench, where TLS would only measure the handshake."""
    site = EXAMPLE.read_text()
    site = _replace(site, "server 127.0.0.1:8000 ", f"server {upstream} ")
    site = _replace(site, "/var/cache/nginx/healthblog", f"{run_dir}/cache")
    site = _replace(site, "/srv/healthblog/", f"{site_root}/")
    site = _replace(site, "    listen [::]:80;\n", "")
    site = _replace(site, "    listen [::]:443 ssl http2;\n", "")
    if certificate:
        cert, key = certificate
        site = _replace(site, "/etc/letsencrypt/live/health.example.org/fullchain.pem", cert)
        site = _replace(site, "/etc/letsencrypt/live/health.example.org/privkey.pem", key)
        site = _replace(site, "    listen 80;\n", f"    listen {listen or '127.0.0.1:8148'};\n")
        site = _replace(
            site, "    listen 443 ssl http2;\n", "    listen 127.0.0.1:8149 ssl http2;\n"
        )
    else:
        # Plain HTTP: the redirecting server goes, the main one loses its TLS lines.
        site = site.replace(
            site[site.index("server {\n    listen 80;") : site.index("server {\n    listen 443")],
            "",
        )
        site = _replace(site, "    listen 443 ssl http2;\n", f"    listen {listen};\n")
        site = "\n".join(line for line in site.splitlines() if "ssl_" not in line)
    return MAIN.format(workers=workers, run_dir=run_dir, site=site, extra=extra)
