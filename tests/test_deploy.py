"""The example nginx config in deploy/ is valid for the nginx that Debian ships."""

import shutil
import subprocess

import pytest

from bench import nginx

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")

needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx)"
)


def self_signed_certificate(directory):
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=health.example.org", "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


def nginx_test(conf_path):
    return subprocess.run(
        [NGINX, "-t", "-c", str(conf_path)], capture_output=True, text=True, timeout=30
    )


@needs_nginx
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_example_config_with_tls_passes_nginx_test(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        nginx.render(
            run_dir=tmp_path,
            site_root=tmp_path / "srv",
            upstream="127.0.0.1:8140",
            certificate=self_signed_certificate(tmp_path),
        )
    )

    result = nginx_test(conf)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@needs_nginx
def test_plain_http_bench_config_passes_nginx_test(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        nginx.render(
            run_dir=tmp_path, site_root=tmp_path, upstream="127.0.0.1:8140", listen="127.0.0.1:8143"
        )
    )

    result = nginx_test(conf)

    assert result.returncode == 0, result.stderr


@needs_nginx
def test_a_broken_config_fails_nginx_test(tmp_path):
    # The counterpart: proves `nginx -t` really reads the file the tests above write.
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        nginx.render(
            run_dir=tmp_path, site_root=tmp_path, upstream="127.0.0.1:8140", listen="127.0.0.1:8143"
        ).replace("proxy_cache_lock on;", "proxy_cache_lock sometimes;")
    )

    assert nginx_test(conf).returncode != 0
