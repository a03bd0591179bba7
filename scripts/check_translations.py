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
# "locale" is ignored so that makemessages does not adopt ideverkstedet/locale as the home of the files
# beside it (it does that for any folder named locale it walks into): every message lands in LOCALE_DIR.
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
        "locale",
    )
    for arg in ("-i", name)
]


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "locale"
        shutil.copytree(LOCALE, copy)
        env = {**os.environ, "LOCALE_DIR": str(copy), "DJANGO_SETTINGS_MODULE": "ideverkstedet.settings"}
        args = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete", "-v", "0", *IGNORE]
        for language in LANGUAGES:
            args += ["-l", language]
        subprocess.run(args, cwd=ROOT, env=env, check=True)
        for language in LANGUAGES:
            po = copy / language / "LC_MESSAGES" / "django.po"
            result = subprocess.run(
                ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
                capture_output=True,
                text=True,
                check=False,
            )
            stats = result.stderr.strip()
            print(f"{language}: {stats}")
            if result.returncode != 0 or re.search(r"untranslated|fuzzy", stats):
                failures.append(language)
    if failures:
        print(f"Translations incomplete for {', '.join(failures)}: run `make messages` and translate.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
