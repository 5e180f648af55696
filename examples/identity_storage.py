"""Scripts from a private storage account, read with a user-assigned identity.

Image Builder downloads ``scriptUri`` and File ``sourceUri`` with the template's
identity, so the storage account needs no public access and no SAS token: give the
identity *Storage Blob Data Reader* on the container. Each download is pinned with its
SHA-256, so a changed blob fails the build instead of running unreviewed code.

The build VM gets a second identity (``vmProfile.userAssignedIdentities``) that the
scripts themselves use while the build runs: here the install script takes a token for
it from the instance metadata service and downloads the agent package from another
private container. The template's identity needs *Managed Identity Operator* on it.

The scripts are the constants below: upload exactly these bytes (in a pipeline, hash
the file you upload with ``aibdsl.builder.sha256_file``).

Render: ``python -m aibdsl render examples/identity_storage.py:template``
Run:    ``python examples/identity_storage.py``
"""

from __future__ import annotations

import hashlib

from aibdsl.builder import Template, gallery_image_id, user_assigned_identity_id

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
STORAGE = "https://stimagebuilderscripts.blob.core.windows.net/scripts"

BUILD_VM_IDENTITY = user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-buildvm")
PACKAGE = "https://stagentpackages.blob.core.windows.net/packages/monitoring-agent_2.4.1_amd64.deb"
IMDS_TOKEN = (
    "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
    f"&resource=https://storage.azure.com/&msi_res_id={BUILD_VM_IDENTITY}"
)

INSTALL_AGENT_SH = f"""\
#!/bin/bash
set -euo pipefail
token=$(curl -sSf -H Metadata:true '{IMDS_TOKEN}' \\
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -sSf -H "Authorization: Bearer $token" -H 'x-ms-version: 2020-04-08' \\
  -o /tmp/monitoring-agent.deb '{PACKAGE}'
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/monitoring-agent.deb
sudo install -m 0644 /tmp/monitoring-agent.conf /etc/monitoring-agent.conf
"""
"""The install script, uploaded to ``{STORAGE}/install-agent.sh``."""

AGENT_CONF = """\
[agent]
endpoint = https://monitoring.contoso.com/ingest
interval = 60
"""
"""The agent configuration, uploaded to ``{STORAGE}/monitoring-agent.conf``."""


def sha256_of(text: str) -> str:
    """The SHA-256 of a text as uploaded (UTF-8 bytes), as Image Builder checks it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


template = (
    Template("westus3", name="ubuntu2204-monitoring-agent")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(
        vm_size="Standard_D2s_v5",
        user_assigned_identities=[BUILD_VM_IDENTITY],
    )
    .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    .customize.shell("update-packages", inline=["sudo apt-get update"])
    .customize.file(
        "download-agent-config",
        source_uri=f"{STORAGE}/monitoring-agent.conf",
        destination="/tmp/monitoring-agent.conf",
        sha256_checksum=sha256_of(AGENT_CONF),
    )
    .customize.shell(
        "install-agent",
        script_uri=f"{STORAGE}/install-agent.sh",
        sha256_checksum=sha256_of(INSTALL_AGENT_SH),
    )
    .distribute.shared_image(
        gallery_image_id(SUBSCRIPTION, "rg-gallery", "galPlatformImages", "ubuntu2204-monitored"),
        run_output_name="ubuntu2204-monitored",
        target_regions=["westus3"],
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
