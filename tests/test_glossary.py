"""The glossary: every key term in English with its Japanese term and a one-line definition,
and every ``{term}`` role in the book points at an entry (a role with no entry fails here,
with the page and the term, before Sphinx's warning does)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

BOOK = REPO / "book"
GLOSSARY = BOOK / "glossary.md"
#: ``{term}`text``` or ``{term}`text <entry>```: the entry is the target, else the text.
TERM_ROLE = re.compile(r"\{term\}`(?P<text>[^`<]*?)(?:\s*<(?P<target>[^`>]+)>)?`")
GLOSSARY_BLOCK = re.compile(r"^```\{glossary\}[^\n]*\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
#: Hiragana, katakana and CJK ideographs: the Japanese term.
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def glossary_entries() -> dict[str, str]:
    """Each glossary term (lower case, as Sphinx matches them) and its definition."""
    entries: dict[str, str] = {}
    for block in GLOSSARY_BLOCK.finditer(GLOSSARY.read_text(encoding="utf-8")):
        terms: list[str] = []
        for line in block.group("body").splitlines():
            if not line.strip():
                terms = []
            elif not line.startswith((" ", "\t")):
                terms.append(line.strip().lower())
            else:
                for term in terms:
                    entries[term] = (entries.get(term, "") + " " + line.strip()).strip()
    return entries


def term_roles() -> list[tuple[str, str]]:
    """Every (page, entry) a ``{term}`` role of the book points at."""
    roles = []
    for page in sorted(BOOK.glob("*.md")):
        for match in TERM_ROLE.finditer(page.read_text(encoding="utf-8")):
            roles.append((page.name, " ".join((match.group("target") or match.group("text")).split()).lower()))
    return roles


def test_the_glossary_is_parsed():
    entries = glossary_entries()
    assert len(entries) >= 40
    assert "asset allocation" in entries and "correlation" in entries


def test_every_term_role_has_a_glossary_entry():
    entries = glossary_entries()
    roles = term_roles()
    assert len(roles) >= len(entries) // 2
    missing = sorted({f"{page}: {term!r}" for page, term in roles if term not in entries})
    assert not missing, "{term} roles with no glossary entry:\n" + "\n".join(missing)


@pytest.mark.parametrize("term", sorted(glossary_entries()))
def test_every_entry_has_its_japanese_term_and_a_one_line_definition(term):
    definition = glossary_entries()[term]
    japanese, _, meaning = definition.partition(". ")
    assert JAPANESE.search(japanese), f"{term!r}: the definition should start with the Japanese term: {definition!r}"
    assert 20 <= len(meaning) <= 400, f"{term!r}: the definition should be one line: {meaning!r}"


def test_every_entry_is_linked_from_the_book():
    used = {term for _, term in term_roles()}
    unused = sorted(set(glossary_entries()) - used)
    assert not unused, f"glossary entries no page links to with {{term}}: {unused}"


def test_a_role_without_entry_is_caught():
    text = "See {term}`diversification` and {term}`risk budget <no such entry>`."
    targets = [(m.group("target") or m.group("text")).lower() for m in TERM_ROLE.finditer(text)]
    assert targets == ["diversification", "no such entry"]
    assert "no such entry" not in glossary_entries()
