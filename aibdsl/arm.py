"""ARM template expressions: typed values for ``"[parameters('x')]"`` and friends.

Any field of the model may hold an :class:`Expr` instead of a plain value: ARM evaluates
the expression at deployment time, so aibdsl keeps its text exactly and never interprets
it. A JSON string is an expression when it starts with ``[`` and ends with ``]`` and
does not start with ``[[`` (ARM's escape for a literal leading bracket).
"""

from __future__ import annotations

import attrs

from aibdsl.errors import AibdslError

__all__ = ["Expr", "is_expression"]


def is_expression(text: str) -> bool:
    """Tell whether ``text`` is an ARM template expression.

    Args:
        text: A JSON string value.

    Returns:
        True for ``"[...]"`` strings, False for plain strings and for ``"[[..."``
        escapes.
    """
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and text[1] != "["


@attrs.frozen
class Expr:
    """An ARM template expression, held verbatim.

    Attributes:
        text: The full JSON string, brackets included, e.g. ``"[parameters('location')]"``.
    """

    text: str

    def __attrs_post_init__(self) -> None:
        if type(self.text) is not str or not is_expression(self.text):  # pyright: ignore[reportUnnecessaryComparison]
            raise AibdslError(
                f"an ARM expression must be a string in square brackets, got {self.text!r}"
            )

    def __str__(self) -> str:
        return self.text
