"""Model objects print as attrs prints them, through the one ``__repr__`` they share.

The model classes are declared with ``repr=False`` (so that importing them does not compile
a ``__repr__`` per class); ``Model.__repr__`` must give exactly the text attrs would
generate. Each class is compared with a twin that attrs decorates with its own
``__repr__``.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibdsl.model._base import Model
from aibdsl.testing import available_classes
from aibdsl.testing.strategies import models

_CLASSES = sorted(available_classes("2025-10-01") | {Model}, key=lambda c: c.__name__)


def _twin(cls: type[Model]) -> type[Any]:
    """``cls`` again, with the ``__repr__`` attrs generates."""
    return attrs.frozen(kw_only=True, slots=False)(type(cls.__name__, (cls,), {}))


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda c: c.__name__)
def test_classes_share_the_model_repr(cls: type[Model]) -> None:
    assert cls.__repr__ is Model.__repr__


@given(st.data())
def test_repr_is_the_attrs_repr(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from([c for c in _CLASSES if c is not Model]))
    obj = data.draw(models(cls))
    twin = _twin(cls)
    copy = twin(**{a.alias: getattr(obj, a.name) for a in attrs.fields(cls)})
    assert repr(obj) == repr(copy)


def test_known_text() -> None:
    from aibdsl import ShellCustomizer

    # As attrs printed it before the change (seen in Hypothesis reports).
    assert repr(ShellCustomizer(name=None)) == (
        "ShellCustomizer(extra=FrozenMap({}), name=None, script_uri=None, "
        "sha256_checksum=None, inline=None)"
    )
