"""The words a translator asked for stay put (issue 12, item 12b).

English: a resident, not a citizen (which implies nationality); a manager, not a leader; an item in a workshop
plan, while "block" only ever means sperre (an account or time blocked); places at events, not seats.
Nynorsk: one style everywhere, in the interface and in the method cards: «Velkomen», "blir"/"blei" (not
"vert"/"vart"), "gi"/"gir" (not "gje"/"gjev"), "idear"/"ideen" without the accent, «Skriven av».

Reads every catalogue (the project's and the apps' own) with a small parser instead of a library: a .po entry
is msgctxt/msgid/msgid_plural/msgstr[n] with string continuation lines.
"""

import ast
import re
import tomllib
from pathlib import Path

import ideverkstedet

ROOT = Path(ideverkstedet.__file__).parent


def catalogues(language: str) -> list[Path]:
    paths = sorted(ROOT.glob(f"*/locale/{language}/LC_MESSAGES/*.po"))
    paths += sorted(ROOT.glob(f"locale/{language}/LC_MESSAGES/*.po"))
    assert paths, f"no {language} catalogues found"
    return paths


def entries(text: str) -> list[tuple[str, list[str]]]:
    """(msgid, [msgstr forms]) for every translated entry; obsolete (#~) entries and the header left out."""
    found: list[tuple[str, list[str]]] = []
    msgid, forms, field = None, [], None
    for line in text.splitlines():
        keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if keyword:
            name, value = keyword.group(1), ast.literal_eval(keyword.group(2))
            if name in ("msgctxt", "msgid") and forms:
                found.append((msgid or "", forms))
                msgid, forms = None, []
            if name == "msgid":
                msgid, field = value, "id"
            elif name.startswith("msgstr"):
                forms.append(value)
                field = "str"
            else:
                field = name
        elif line.startswith('"') and field is not None:
            value = ast.literal_eval(line)
            if field == "id":
                msgid = (msgid or "") + value
            elif field == "str":
                forms[-1] += value
        elif line.startswith("#"):
            field = None
    if forms:
        found.append((msgid or "", forms))
    return [(msgid, forms) for msgid, forms in found if msgid]


def english_problems(text: str) -> list[str]:
    problems = []
    for msgid, forms in entries(text):
        for form in forms:
            if re.search(r"\bcitizens?\b", form, re.IGNORECASE):
                problems.append(f"citizen (say resident): {form!r}")
            if re.search(r"\bleaders?\b|\bleadership\b", form, re.IGNORECASE):
                problems.append(f"leader (say manager): {form!r}")
            if re.search(r"\bseats?\b", form, re.IGNORECASE):
                problems.append(f"seats (say places): {form!r}")
            # "block" is sperre only; a plan's punkt (or blokk) is an item.
            blocking = re.search(r"sperr|steng", msgid, re.IGNORECASE)
            if re.search(r"\bblock", form, re.IGNORECASE) and not blocking:
                problems.append(f"block for {msgid!r} (a plan item is an item): {form!r}")
    return problems


NYNORSK_OTHER_STYLE = [
    (r"\bVelkommen\b", "Velkomen"),
    (r"\b[Vv]ert\b", "blir"),
    (r"\b[Vv]art\b", "blei"),
    (r"\b[Gg]je\b", "gi"),
    (r"\b[Gg]jev\b", "gir"),
    (r"dé(ar|ane|en)\b", "idear, ideane, ideen"),
    (r"\bSkrive av\b", "Skriven av"),
]


def nynorsk_problems(strings: list[str]) -> list[str]:
    return [
        f"{pattern} (write {instead}): {string!r}"
        for string in strings
        for pattern, instead in NYNORSK_OTHER_STYLE
        if re.search(pattern, string)
    ]


def test_english_says_resident_manager_item_and_places():
    problems = []
    for path in catalogues("en"):
        found = english_problems(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(ROOT)}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)


def test_nynorsk_interface_uses_one_style():
    strings = []
    for path in catalogues("nn"):
        strings += [form for _, forms in entries(path.read_text(encoding="utf-8")) for form in forms]
    assert len(strings) > 1000
    problems = nynorsk_problems(strings)
    assert not problems, "\n".join(problems)


def test_method_cards_use_the_same_nynorsk_style():
    with (ROOT / "methods" / "content" / "methods.toml").open("rb") as handle:
        cards = tomllib.load(handle)["method"]
    strings = [text for card in cards for text in card["nn"].values()]
    assert len(strings) > 100
    problems = nynorsk_problems(strings)
    assert not problems, "\n".join(problems)


def test_the_checks_catch_the_old_words():
    """The checks above are only worth something if they fail on the words the translator found."""
    sample = "\n".join(
        [
            'msgid "Innbygger"',
            'msgstr "Citizen"',
            "",
            'msgid "Endre punkt"',
            'msgstr "Edit block"',
            "",
            'msgid "Sperr tid"',
            'msgstr "Block time"',
            "",
            "#: ideverkstedet/events/models.py",
            'msgid "plasser"',
            "",
            'msgstr ""',
            '"seats"',
        ]
    )
    assert entries(sample) == [
        ("Innbygger", ["Citizen"]),
        ("Endre punkt", ["Edit block"]),
        ("Sperr tid", ["Block time"]),
        ("plasser", ["seats"]),
    ]
    found = english_problems(sample)
    assert len(found) == 3 and not any("Block time" in p for p in found)
    old_style = ["Velkommen!", "Det vert bra.", "Gje kvar gruppe", "tre idéar", "Skrive av oss"]
    assert len(nynorsk_problems(old_style)) == 5
    one_style = "Velkomen! Det blir bra, gi kvar gruppe tre idear. Skriven av oss, ein idé."
    assert nynorsk_problems([one_style]) == []


def test_bokmal_writes_ideer_as_spraakraadet_does():
    """The source language says «ideer» (not «idéer»), in code, templates and the method cards alike."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".toml"} and "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\b[Ii]déer\b", line)
    ]
    assert offenders == [], offenders
