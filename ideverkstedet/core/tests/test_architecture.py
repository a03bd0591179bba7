"""The shape of the code, checked: no module grows past 600 lines (migrations and tests aside).

The layers between apps are a contract too: `lint-imports` (pyproject.toml, run by `make test`).
"""

from pathlib import Path

import ideverkstedet

LIMIT = 600
ROOT = Path(ideverkstedet.__file__).parent


def test_no_module_over_600_lines():
    too_long = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {"migrations", "tests"}:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            too_long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert not too_long, "Split these by concept (see docs/architecture.md): " + ", ".join(too_long)
