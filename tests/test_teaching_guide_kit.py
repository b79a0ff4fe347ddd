"""The capstone's teacher's kit in the teaching guide: investor cards, teacher notes, rubric, handouts.

The cards come from ``capstone.investor_cards()`` (glued, never typed), there is one printable
handout per card and nothing in a handout answers the task, the rubric's points add up to the
totals it states, and the print stylesheet that starts each handout on a new page exists and is
loaded (by the configuration, and by the built page in the build-marked test).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from assetalloc import capstone
from conftest import REPO

GUIDE = REPO / "book" / "teaching_guide.md"
STYLESHEET = REPO / "book" / "_static" / "handouts.css"
#: A handout: a sphinx-design div of class "handout", from its opening fence to its closing one.
HANDOUT = re.compile(r"^::::\{div\} handout\n(?P<body>.*?)^::::$", re.MULTILINE | re.DOTALL)
GLUE_KEY = re.compile(r'\{eval\}`glued\("(?P<key>[a-z0-9_]+)"')
LEVELS = ["Excellent", "Good", "Adequate", "Missing"]
POINTS = re.compile(r"^\((?P<points>\d+)\)\s")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text of a ``###`` section of the guide, up to the next heading of level 2 or 3."""
    start = text.index(f"### {heading}\n")
    following = re.search(r"^#{2,3} ", text[start + 4:], re.MULTILINE)
    return text[start:] if following is None else text[start:start + 4 + following.start()]


def handouts() -> list[str]:
    return [match.group("body") for match in HANDOUT.finditer(guide_text())]


def prose(text: str) -> str:
    """The guide without its code cells: what the reader sees typed."""
    return re.sub(r"^```\{code-cell\}.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)


def test_the_guide_has_the_library_cards():
    cards = capstone.investor_cards()
    assert 3 <= len(cards) <= 5
    text = guide_text()
    assert "capstone.investor_cards()" in text
    for number in range(1, len(cards) + 1):
        assert f"kit_card{number}_name" in section(text, "Teacher notes on each card")
    assert f"kit_card{len(cards) + 1}_" not in text


def test_card_numbers_are_glued_not_typed():
    typed = prose(guide_text())
    for card in capstone.investor_cards():
        for figure in (f"{card.investor.loss_limit:,.0f}", f"{card.investor.loss_limit:.0f}"):
            assert figure not in typed, f"{card.name}: loss limit {figure} typed in the guide"


def test_one_handout_per_card_with_its_own_facts():
    cards = capstone.investor_cards()
    blocks = handouts()
    assert len(blocks) == len(cards)
    facts = ("name", "age", "situation", "beliefs", "savings", "loss_limit", "horizon", "yen", "levers")
    for number, block in enumerate(blocks, start=1):
        keys = set(GLUE_KEY.findall(block))
        assert keys == {f"kit_card{number}_{fact}" for fact in facts}, f"handout {number}: {sorted(keys)}"
        assert f"Investor card {number}" in block
        assert "handout-space" in block  # room to write


def test_handouts_give_nothing_away():
    for number, block in enumerate(handouts(), start=1):
        assert "kit_answer" not in block, f"handout {number} shows a figure of the teacher's answer"
        assert not re.search(r"efficient|defensible|good answer", block, re.IGNORECASE), f"handout {number}"
        questions = re.findall(r"^\d\. ", block, re.MULTILINE)
        assert len(questions) == 6, f"handout {number}: the six questions of 'Defend it'"


def rubric_tables() -> list[tuple[list[list[str]], int]]:
    """Each rubric table's rows (criterion and the four level cells) and the total stated under it."""
    text = section(guide_text(), "Marking rubric")
    tables = []
    for block in re.finditer(r"((?:^\|.*\|\n)+)\n\*\*Total: (\d+) points\.\*\*", text, re.MULTILINE):
        lines = block.group(1).splitlines()
        header = [cell.strip() for cell in lines[0].strip("|").split("|")]
        assert header == ["Criterion", *LEVELS]
        rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
        tables.append((rows, int(block.group(2))))
    return tables


def test_rubric_points_add_up_to_the_stated_totals():
    tables = rubric_tables()
    assert len(tables) == 2  # the presentation and the written case
    for rows, total in tables:
        assert 4 <= len(rows) <= 6
        best = 0
        for row in rows:
            assert len(row) == 1 + len(LEVELS), row
            points = []
            for cell in row[1:]:
                match = POINTS.match(cell)
                assert match, f"rubric cell without its points: {cell!r}"
                points.append(int(match.group("points")))
            assert points == sorted(points, reverse=True) and points[-1] == 0, f"{row[0]}: {points}"
            best += points[0]
        assert best == total


def test_the_print_stylesheet_starts_each_handout_on_a_new_page_and_is_loaded():
    css = STYLESHEET.read_text(encoding="utf-8")
    media = re.search(r"@media print\s*\{(?P<body>.*)\}", css, re.DOTALL)
    assert media, "no @media print block"
    rule = re.search(r"div\.handout\s*\{(?P<body>[^}]*)\}", media.group("body"))
    assert rule and re.search(r"break-before:\s*page", rule.group("body"))
    assert re.search(r"break-inside:\s*avoid", rule.group("body"))
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert STYLESHEET.name in config["sphinx"]["config"]["html_css_files"]


@pytest.mark.build
def test_the_built_guide_loads_the_stylesheet_and_has_the_handouts(built_site: Path):
    html = (built_site / "book" / "teaching_guide.html").read_text(encoding="utf-8")
    assert re.search(rf'<link[^>]+href="[^"]*_static/{re.escape(STYLESHEET.name)}', html)
    assert len(re.findall(r'<div class="handout(?:\s[^"]*)?"', html)) == len(capstone.investor_cards())
    assert (built_site / "_static" / STYLESHEET.name).is_file()
