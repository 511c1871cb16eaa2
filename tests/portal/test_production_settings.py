"""Production settings pass Django's deployment checks and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issues_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        ANYMAIL_WEBHOOK_SECRET="anymail:" + secrets.token_urlsafe(24),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_a_webhook_secret(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        ANYMAIL_WEBHOOK_SECRET="",
    )

    assert result.returncode != 0
    assert "enquiries.E001" in result.stderr + result.stdout


def test_check_deploy_fails_for_mailgun_without_its_signing_key(tmp_path):
    common = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        "ANYMAIL_WEBHOOK_SECRET": "anymail:" + secrets.token_urlsafe(24),
        "ANYMAIL_ESP": "mailgun",
        "ANYMAIL_MAILGUN_API_KEY": "key-" + secrets.token_hex(16),
    }
    without = _manage("check", "--deploy", **common)
    assert without.returncode != 0
    assert "enquiries.E002" in without.stderr + without.stdout

    signed = _manage("check", "--deploy", **common, ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY=secrets.token_hex(16))
    assert "enquiries.E002" not in signed.stderr + signed.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_have_debug_off_and_https_only_cookies(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS)"
    )
    result = _manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        DEBUG="true",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "DENY"]


def test_production_settings_refuse_to_start_without_allowed_hosts(tmp_path):
    # README: ALLOWED_HOSTS is required in production. Without it every request would be a 400, and
    # Django's deploy check only warns, so the settings refuse to load instead.
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_refuse_a_short_or_placeholder_secret_key(tmp_path):
    for weak in ("x", "changeme-" + "a" * 20, "django-insecure-" + secrets.token_urlsafe(48)):
        result = _manage(
            "check",
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY=weak,
            ALLOWED_HOSTS="example.org",
            DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        )
        assert result.returncode != 0, weak
        assert "SECRET_KEY" in result.stderr, weak
