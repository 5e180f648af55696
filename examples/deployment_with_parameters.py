"""A full ARM deployment: the gallery image definition and the image template, parameterized.

What a team checks into its infrastructure repository and deploys with
``az deployment group create --template-file deployment.json --parameters ...``: the
image template's name, regions, identity, gallery, VM size and timeout are parameters,
and the deployment also creates the gallery image definition the template publishes
to (the template depends on it). Every parameter the resources reference is declared
by :func:`aibdsl.deployment`, with the type inferred from where it is used;
the declarations below only add defaults, allowed values and descriptions.

Render: ``python -m aibdsl render examples/deployment_with_parameters.py:deployment``
Run:    ``python examples/deployment_with_parameters.py``
"""

from __future__ import annotations

from aibdsl import TargetRegion, arm
from aibdsl.arm import parameter
from aibdsl.builder import Template
from aibdsl.deployments import Parameter
from aibdsl.deployments import deployment as make_deployment

GALLERY_IMAGE_API_VERSION = "2023-07-03"

image_definition_id = arm.resource_id(
    "Microsoft.Compute/galleries/images",
    parameter("galleryName"),
    parameter("imageDefinitionName"),
)

image_definition = {
    "type": "Microsoft.Compute/galleries/images",
    "apiVersion": GALLERY_IMAGE_API_VERSION,
    "name": arm.format("{0}/{1}", parameter("galleryName"), parameter("imageDefinitionName")),
    "location": parameter("location"),
    "properties": {
        "osType": "Linux",
        "osState": "Generalized",
        "hyperVGeneration": "V2",
        "identifier": {
            "publisher": "contoso",
            "offer": "ubuntu-server-jammy",
            "sku": "22_04-lts-gen2-baseline",
        },
    },
}
"""The gallery image definition (a raw resource; the gallery itself already exists)."""

template = (
    Template(parameter("location"), name=parameter("imageTemplateName"))
    .identity(
        arm.resource_id(
            "Microsoft.ManagedIdentity/userAssignedIdentities", parameter("identityName")
        )
    )
    .depends_on(image_definition_id)
    .vm_profile(vm_size=parameter("vmSize"), os_disk_size_gb=30)
    .build_timeout(parameter("buildTimeoutInMinutes"))
    .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    .customize.shell(
        "baseline",
        inline=[
            "sudo apt-get update",
            "sudo DEBIAN_FRONTEND=noninteractive apt-get upgrade -y",
            "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y auditd chrony",
        ],
    )
    .distribute.shared_image(
        image_definition_id,
        run_output_name="ubuntu2204-baseline",
        target_regions=[
            TargetRegion(name=parameter("location")),
            TargetRegion(name=parameter("secondaryRegion")),
        ],
        versioning="Latest",
    )
)
"""The image template, as a builder whose values are ARM expressions."""

deployment = make_deployment(
    template,
    resources=[image_definition],
    parameters={
        "imageTemplateName": Parameter(
            default_value="ubuntu2204-baseline",
            metadata_description="Name of the image template.",
        ),
        "location": Parameter(
            default_value=arm.resource_group().location,
            metadata_description="Region of the template, the definition and the build.",
        ),
        "identityName": Parameter(
            metadata_description="User-assigned identity Image Builder runs as (same "
            "resource group).",
        ),
        "galleryName": Parameter(metadata_description="An existing Azure Compute Gallery."),
        "imageDefinitionName": Parameter(default_value="ubuntu2204-baseline"),
        "vmSize": Parameter(
            default_value="Standard_D2s_v5",
            allowed_values=["Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5"],
        ),
        "buildTimeoutInMinutes": Parameter(default_value=90, min_value=6, max_value=960),
        "secondaryRegion": Parameter(
            metadata_description="A second region to replicate the image version to.",
        ),
    },
    outputs={
        "imageTemplateId": {
            "type": "string",
            "value": arm.resource_id(
                "Microsoft.VirtualMachineImages/imageTemplates", parameter("imageTemplateName")
            ),
        },
    },
)
"""The deployment template: parameters, the image definition, the image template."""


if __name__ == "__main__":
    print(deployment.to_json(), end="")
