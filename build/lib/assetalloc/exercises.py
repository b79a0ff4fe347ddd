"""Exercises that check themselves: feedback on a student's number without printing the answer.

A chapter computes an exercise's answer with the library, as it does for every
number in its prose, and wraps it in a :class:`Checker` in a hidden cell::

    check_floor = Checker(floor, tolerance=0.0005, hint="Use the limit of the formula as N grows.")

In a running notebook the student then types ``check_floor(0.15)`` and gets a
:class:`Feedback`: *right* (within ``tolerance``), *close* (within ``close``,
with the hint; the message asks the student to check each input and each step and
names no cause, since a near miss may come from a different input, a slip or a wrong figure), *units* (the number is right but typed in the wrong unit, e.g.
a percentage where the library uses decimals) or *wrong* (with the hint).
Neither the feedback, nor the checker's ``repr``, nor the hint shows the
expected value; a teacher who wants it calls :meth:`Checker.reveal`.

Units
-----
``unit`` says how the answer is entered, as everywhere in the library:

``"decimal"``
    Returns, risks and weights as decimals (0.172 for 17.2%).
``"yen"``
    Amounts in yen (2_610_000, not 2.61 for "¥2.61 million").
``"number"``
    A plain number (a duration in years, a ratio, a count).

Tolerances are absolute, in the answer's unit: ``tolerance=0.0005`` accepts a
decimal answer rounded to a tenth of a percentage point.

Answers in the wrong unit
-------------------------
A percentage typed for a decimal (17.2 for 0.172), or millions or thousands of
yen typed for yen, gets the verdict ``"units"`` and a message saying which
unit to use, rather than ``"wrong"``: the number shows that the student did
the calculation, and the slip is the one the library's convention (decimals
inside the library) is there to prevent. It is *not* accepted as right,
because a percentage passed to a library function gives a wrong result
without any error. A slip is only recognised when it cannot be confused with
a near miss: when ``scale * (expected +- tolerance)`` lies wholly outside
``expected +- close`` (so never for an expected value of zero).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

from assetalloc import _validation as check
from assetalloc.style import OKABE_ITO

__all__ = ["CLOSE_FACTOR", "UNITS", "VERDICTS", "Checker", "Feedback", "reveals"]

#: How each unit is entered, as the feedback says it.
UNITS: dict[str, str] = {"decimal": "as a decimal", "yen": "in yen", "number": "as a plain number"}

#: The verdicts, with the label shown before the message.
VERDICTS: dict[str, str] = {"right": "Right", "close": "Close", "units": "Check the units", "wrong": "Not yet"}

#: ``close`` defaults to this many tolerances.
CLOSE_FACTOR = 10.0

#: Per unit: (scale, what the answer looks like) for the slips recognised.
#: An answer ``a`` is the slip when ``a / scale`` is within tolerance of the expected value.
_SLIPS: dict[str, tuple[tuple[float, str], ...]] = {
    "decimal": ((100.0, "a percentage: enter it as a decimal (divide it by a hundred)"),),
    "yen": (
        (1e-6, "millions of yen: enter the amount in yen"),
        (1e-3, "thousands of yen: enter the amount in yen"),
    ),
    "number": (),
}

#: Scales at which a number in a text would give the expected value away (as is, in percent,
#: in thousands, in millions).
_REVEALING_SCALES = (1.0, 100.0, 1e-3, 1e-6)

#: A number as printed: digits with optional thousands separators and decimals.
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")

#: Border colour of each verdict in notebooks (the label, not the colour, carries the verdict).
_COLOURS = {
    "right": OKABE_ITO["bluish_green"],
    "close": OKABE_ITO["orange"],
    "units": OKABE_ITO["sky_blue"],
    "wrong": OKABE_ITO["vermillion"],
}


def _printed_digits(token: str) -> tuple[int, float]:
    """Number of digits a printed number shows (leading zeros aside) and the place of its last
    significant digit.

    ``"0.170" -> (3, 0.001)``, ``"17" -> (2, 1)``, ``"60000" -> (5, 10000)`` (an integer's
    trailing zeros are printed digits, but the number is rounded to its last non-zero digit).
    """
    whole, _, decimals = token.partition(".")
    if decimals:
        return len((whole + decimals).lstrip("0")), 10.0 ** -len(decimals)
    stripped = whole.rstrip("0")
    return len(whole.lstrip("0")), 10.0 ** (len(whole) - len(stripped)) if stripped else 1.0


def reveals(text: str, value: Any) -> bool:
    """Whether ``text`` prints ``value``, rounded, as is, in percent, in thousands or in millions.

    A number in the text gives ``value`` away when ``value`` (at one of those scales, sign
    ignored) rounds to it: ``"17.2%"``, ``"17%"``, ``"0.17"`` and ``"about 0.1720"`` all reveal
    0.17203; ``"2.61 million"`` and ``"¥2,610,966"`` reveal 2_610_966. A number printed with a
    single digit (``"0.2"``, ``"5"``) reveals only a value equal to it, so that a hint may
    mention round inputs. Thousands separators are ignored.

    Parameters
    ----------
    text : str
        The text to search, e.g. a hint or a feedback message.
    value : float
        The number to hide, in the library's units.

    Returns
    -------
    bool
    """
    check.as_string("text", text)
    magnitude = abs(check.as_float("value", value))
    for match in _NUMBER.finditer(text):
        token = match.group().replace(",", "")
        digits, place = _printed_digits(token)
        printed = float(token)
        for scale in _REVEALING_SCALES:
            target = magnitude * scale
            if digits >= 2 and abs(printed - target) <= place / 2 * (1 + 1e-9):
                return True
            if math.isclose(printed, target, rel_tol=1e-9, abs_tol=1e-12):
                return True
    return False


@dataclass(frozen=True)
class Feedback:
    """What a :class:`Checker` says about one answer.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`: ``"right"``, ``"close"``, ``"units"`` or ``"wrong"``.
    message : str
        One or two sentences for the student (with the exercise's hint when the answer is
        close or wrong); never the expected value.
    """

    verdict: str
    message: str

    def __post_init__(self) -> None:
        check.as_label("verdict", self.verdict, sorted(VERDICTS))
        check.as_string("message", self.message)

    @property
    def label(self) -> str:
        """The verdict as shown: "Right", "Close", "Check the units" or "Not yet"."""
        return VERDICTS[self.verdict]

    def __str__(self) -> str:
        return f"{self.label}. {self.message}"

    def _repr_markdown_(self) -> str:
        return f"**{self.label}.** {self.message}"

    def _repr_html_(self) -> str:
        return (
            f'<div class="assetalloc-feedback assetalloc-feedback-{self.verdict}" role="status" '
            f'style="border-left: 0.3em solid {_COLOURS[self.verdict]}; padding: 0.3em 0.8em; margin: 0.4em 0;">'
            f"<strong>{html.escape(self.label)}.</strong> {html.escape(self.message)}</div>"
        )


class Checker:
    """Checks a student's numerical answer against a value the library computed.

    Parameters
    ----------
    expected : float
        The answer, computed by the library, in the library's units (see the module's
        "Units" section); e.g. 0.172 for a risk of 17.2%.
    tolerance : float
        Largest absolute difference accepted as right, in the same unit, > 0. For a
        decimal answer rounded to a tenth of a percentage point, 0.0005.
    close : float, optional
        Largest absolute difference called close, > ``tolerance``; default
        :data:`CLOSE_FACTOR` times ``tolerance``.
    hint : str, optional
        One sentence shown when the answer is close or wrong. It must not give the
        expected value away (checked with :func:`reveals`).
    unit : {"decimal", "yen", "number"}
        How the answer is entered; decides which slips of unit are recognised.

    Raises
    ------
    TypeError
        If ``expected``, ``tolerance`` or ``close`` is not a real number, or ``hint`` or
        ``unit`` is not a string.
    ValueError
        If a number is not finite, ``tolerance <= 0``, ``close <= tolerance``, ``unit`` is
        unknown, or ``hint`` reveals the expected value.

    Examples
    --------
    >>> check_risk = Checker(0.172, tolerance=0.0005, hint="Square the weights.")
    >>> check_risk(0.1723).verdict
    'right'
    >>> check_risk(17.2).verdict
    'units'
    >>> check_risk(0.2).verdict
    'wrong'
    """

    __slots__ = ("_close", "_expected", "_hint", "_slips", "_tolerance", "_unit")

    def __init__(
        self, expected: Any, *, tolerance: Any, close: Any = None, hint: str = "", unit: str = "decimal"
    ) -> None:
        value = check.as_float("expected", expected)
        tol = check.as_positive("tolerance", tolerance)
        near = CLOSE_FACTOR * tol if close is None else check.as_float("close", close)
        check.require("close", near, near > tol, f"> tolerance ({tol:.6g})")
        if reveals(check.as_string("hint", hint), value):
            raise ValueError("hint must not reveal the expected value (it prints it, rounded)")
        check.as_label("unit", check.as_string("unit", unit), sorted(UNITS))
        # A slip is recognised only where its band cannot overlap the band of near misses.
        slips = tuple(
            (scale, looks_like)
            for scale, looks_like in _SLIPS[unit]
            if min(scale * (value - tol), scale * (value + tol)) > value + near
            or max(scale * (value - tol), scale * (value + tol)) < value - near
        )
        for name, attribute in [
            ("_expected", value), ("_tolerance", tol), ("_close", near),
            ("_hint", hint.strip()), ("_unit", unit), ("_slips", slips),
        ]:
            object.__setattr__(self, name, attribute)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Checker cannot be changed: create a new one")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Checker cannot be changed: create a new one")

    def __repr__(self) -> str:
        return f"<Checker: call it with your answer {UNITS[self._unit]}>"

    @property
    def tolerance(self) -> float:
        """Largest absolute difference accepted as right."""
        return self._tolerance

    @property
    def close(self) -> float:
        """Largest absolute difference called close."""
        return self._close

    @property
    def unit(self) -> str:
        """How the answer is entered: "decimal", "yen" or "number"."""
        return self._unit

    @property
    def hint(self) -> str:
        """The hint shown with a close or wrong answer."""
        return self._hint

    def __call__(self, answer: Any) -> Feedback:
        """The feedback on ``answer`` (a finite real number, in the checker's unit).

        Raises
        ------
        TypeError
            If ``answer`` is not a real number (a string, a boolean, ``None``).
        ValueError
            If ``answer`` is NaN or infinite.
        """
        given = check.as_float("answer", answer)
        miss = abs(given - self._expected)
        with_hint = f" Hint: {self._hint}" if self._hint else ""
        if miss <= self._tolerance:
            return Feedback("right", "Your answer is within the tolerance.")
        if miss <= self._close:
            return Feedback("close", f"Near the answer but outside the tolerance: check each input and each "
                                     f"step.{with_hint}")
        for scale, looks_like in self._slips:
            if abs(given / scale - self._expected) <= self._tolerance:
                return Feedback("units", f"The number is right, but it looks like {looks_like}.")
        return Feedback("wrong", f"Check your working (answer {UNITS[self._unit]}).{with_hint}")

    def reveal(self) -> float:
        """The expected answer, deliberately shown (for teachers, or after trying)."""
        return self._expected
