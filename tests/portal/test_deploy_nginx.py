"""deploy/nginx/portal.conf is a configuration nginx accepts, hides its version, and lets only the inbound
email webhook take bodies over the forms' 31 MB. Checked with the machine's own `nginx -t` (Debian's
package, installed by .ci/run for scripts/cluster.sh); without nginx the test skips with the reason."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def test_nginx_accepts_the_site_configuration(tmp_path):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    site = (DEPLOY / "portal.conf").read_text()
    # This machine has no certificate for portal.sor.org and Debian 12's nginx (1.22) predates
    # "http2 on;": test everything else as written.
    site = site.replace("/etc/nginx/portal_proxy_params.conf", str(DEPLOY / "proxy_params.conf"))
    site = re.sub(r"^\s*(http2 on|ssl_certificate(_key)?)\b[^;]*;\n", "", site, flags=re.M)
    site = site.replace("listen 443 ssl;", "listen 127.0.0.1:1;").replace("listen [::]:443 ssl;", "")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(  # noqa: S603  (the machine's nginx, fixed arguments)
        [NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_site_hides_nginx_s_version_and_takes_large_bodies_only_on_the_webhook():
    site = (DEPLOY / "portal.conf").read_text()
    assert re.search(r"^\s*server_tokens off;", site, flags=re.M)
    sizes = re.findall(r"client_max_body_size (\d+)m;", site)
    assert sizes == ["31", "46"], sizes
    webhook = site[site.index("location /anymail/") :]
    assert "client_max_body_size 46m;" in webhook[: webhook.index("}")]
