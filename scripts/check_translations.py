"""Fail unless nn and en translate every UI string: 0 untranslated and 0 fuzzy (QUALITY.md).

Extracts the messages from the source into a temporary copy of the catalogues, so the check also catches
text that was added to a template but never run through `make messages`. The working tree is not touched.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ideverkstedet" / "locale"
LANGUAGES = ["nn", "en"]
# ideverkstedet/locale is ignored so that makemessages does not adopt it as the home of the files beside it
# (it does that for any folder named locale it walks into): those messages land in LOCALE_DIR. An app with its
# own locale folder (ideverkstedet/<app>/locale) gets its messages there; the check restores those folders.
IGNORE = [
    arg
    for name in (
        ".venv",
        "node_modules",
        "tests",
        "tests_browser",
        "bench",
        "scripts",
        "staticfiles",
        "ideverkstedet/locale",
    )
    for arg in ("-i", name)
]


def main() -> int:
    failures = []
    app_locales = sorted(p for p in (ROOT / "ideverkstedet").glob("*/locale") if p != LOCALE)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "locale"
        shutil.copytree(LOCALE, copy)
        saved = Path(tmp) / "apps"
        for folder in app_locales:
            shutil.copytree(folder, saved / folder.parent.name)
        env = {**os.environ, "LOCALE_DIR": str(copy), "DJANGO_SETTINGS_MODULE": "ideverkstedet.settings"}
        args = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete", "-v", "0", *IGNORE]
        for language in LANGUAGES:
            args += ["-l", language]
        try:
            subprocess.run(args, cwd=ROOT, env=env, check=True)
            for language in LANGUAGES:
                catalogues = [copy, *app_locales]
                for folder in catalogues:
                    po = folder / language / "LC_MESSAGES" / "django.po"
                    if not po.exists():
                        continue
                    result = subprocess.run(
                        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    stats = result.stderr.strip()
                    where = "" if folder == copy else f" ({folder.parent.name})"
                    print(f"{language}{where}: {stats}")
                    if result.returncode != 0 or re.search(r"untranslated|fuzzy", stats):
                        failures.append(f"{language}{where}")
        finally:
            for folder in app_locales:  # makemessages wrote into the apps' own folders: put them back
                shutil.rmtree(folder)
                shutil.copytree(saved / folder.parent.name, folder)
    if failures:
        print(f"Translations incomplete for {', '.join(failures)}: run `make messages` and translate.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
