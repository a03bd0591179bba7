import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k8#Tq2!vZ0p$Lr7@Wm4^Ys9&Hc1*Jn6(Bx3)Fd5-Ge8+Ua0=Ki2_Oh7",
    "ALLOWED_HOSTS": "ideverkstedet.kommune.no",
    "SITE_URL": "https://ideverkstedet.kommune.no",
    "EMAIL_URL": "smtp+tls://ideverkstedet:secret@smtp.kommune.no:587",
}


def _run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Not the test process's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright).
    ignored = {"DEBUG", "IDEVERKSTEDET_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_with_the_development_key():
    env = dict(PRODUCTION_ENV)
    env.pop("SECRET_KEY")
    result = _run_check({**env, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
