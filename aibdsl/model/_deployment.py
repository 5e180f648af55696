"""ARM deployment templates that hold image templates."""

from __future__ import annotations

from typing import Any

import attrs

from aibdsl._frozen import FrozenMap, Json
from aibdsl.model._base import Model
from aibdsl.model._template import ImageTemplate

__all__ = ["DEPLOYMENT_SCHEMA", "Deployment", "NestedDeployment", "Resource"]

DEPLOYMENT_SCHEMA = (
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
)
"""The ``$schema`` of a resource-group deployment template."""


def _with_template_slot(resource: FrozenMap[str, Json]) -> FrozenMap[str, Json]:
    """Make sure ``properties.template`` has its place (``null``), at the end if not given."""
    props = resource.get("properties")
    if isinstance(props, FrozenMap):
        if "template" in props:
            return resource
        return resource.set("properties", props.set("template", None))
    return resource.set("properties", FrozenMap({"template": None}))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class NestedDeployment(Model):
    """A ``Microsoft.Resources/deployments`` resource with an inline template.

    Attributes:
        resource: The deployment resource as written, with ``null`` in place of
            ``properties.template`` (which ``template`` holds, parsed).
        template: The inline template, parsed.
    """

    resource: FrozenMap[str, Json] = attrs.field(converter=_with_template_slot)
    template: Deployment


Resource = ImageTemplate | NestedDeployment | FrozenMap[str, Json]
"""A resource of a deployment: an image template, a nested deployment, or any other
resource kept verbatim."""


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Deployment(Model):
    """An ARM deployment template.

    Everything but the image templates is kept verbatim; the image templates are typed,
    including those inside nested inline deployments.

    Attributes:
        schema: ``$schema``.
        content_version: ``contentVersion``.
        parameters: Parameter declarations.
        variables: Variables.
        resources: The resources, in order.
        outputs: Outputs.
    """

    schema: str = DEPLOYMENT_SCHEMA
    content_version: str | None = "1.0.0.0"
    parameters: FrozenMap[str, Json] | None = None
    variables: FrozenMap[str, Json] | None = None
    resources: tuple[Resource, ...] = ()
    outputs: FrozenMap[str, Json] | None = None

    @property
    def image_templates(self) -> tuple[ImageTemplate, ...]:
        """Every image template of the deployment, nested deployments included, in order."""
        found: list[ImageTemplate] = []
        for r in self.resources:
            if isinstance(r, ImageTemplate):
                found.append(r)
            elif isinstance(r, NestedDeployment):
                found.extend(r.template.image_templates)
        return tuple(found)

    def to_dict(self, *, api_version: str | None = None, strict: bool = True) -> dict[str, Any]:
        """Render as plain JSON values; see :func:`aibdsl.to_dict`."""
        from aibdsl.codec import to_dict

        return to_dict(self, api_version=api_version, strict=strict)

    def to_json(self, *, api_version: str | None = None, strict: bool = True) -> str:
        """Render as JSON text; see :func:`aibdsl.dumps`."""
        from aibdsl.codec import dumps

        return dumps(self, api_version=api_version, strict=strict)
