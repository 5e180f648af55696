"""Typing test input: every line ending in an expect-error comment must be rejected by both
``mypy --strict`` and pyright, and no other line may be (tests/test_builder_typing.py).

Never executed; not part of the project's own mypy/pyright ``files``/``include``.
"""

from __future__ import annotations

from aibdsl import Expr
from aibdsl.builder import (
    gallery_image_id,
    image_version_id,
    managed_image_id,
    resource_group_id,
    sha256_file,
    subnet_id,
    user_assigned_identity_id,
)

sub = "00000000-0000-0000-0000-000000000000"
param = Expr("[parameters('rg')]")

gallery_image_id(sub, "rg", "gallery")  # expect-error
image_version_id(sub, "rg", "gallery", "image")  # expect-error
managed_image_id(sub, "rg", 3)  # expect-error
resource_group_id(sub)  # expect-error
subnet_id(sub, "rg", "vnet", None)  # expect-error
user_assigned_identity_id(sub, ["rg"], "id")  # expect-error
sha256_file(123)  # expect-error
digest: bytes = sha256_file("script.sh")  # expect-error

# With an Expr part the result may be an Expr: not assignable to str.
plain: str = gallery_image_id(sub, param, "gallery", "image")  # expect-error
ok: str | Expr = gallery_image_id(sub, param, "gallery", "image")
also_ok: str = gallery_image_id(sub, "rg", "gallery", "image")
