"""The base class of every model object."""

from __future__ import annotations

from typing import ClassVar

import attrs

from aibdsl._frozen import FrozenMap, Json
from aibdsl.model._wire import Spelling

__all__ = ["EMPTY", "Model"]

EMPTY: FrozenMap[str, Json] = FrozenMap()


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Model:
    """Common part of all model classes.

    Attributes:
        extra: JSON members the model does not know (unknown or misspelt keys, values of
            the wrong type kept by lenient parsing, read-only fields of GET responses),
            kept verbatim and written back after the known members.
    """

    TAG: ClassVar[str] = ""

    extra: FrozenMap[str, Json] = attrs.field(default=EMPTY, kw_only=True)
    _spelling: Spelling = attrs.field(
        default=Spelling.NONE, eq=False, repr=False, alias="_spelling", kw_only=True
    )

    def __repr__(self) -> str:
        """``ClassName(field=value, ...)`` as attrs writes it. One method shared by every
        model class (declared with ``repr=False``), so that importing the model does not
        compile a ``__repr__`` per class."""
        cls = type(self)
        shown = ", ".join(
            f"{a.name}={getattr(self, a.name)!r}" for a in attrs.fields(cls) if a.repr
        )
        return f"{cls.__qualname__}({shown})"
