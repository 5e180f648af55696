"""The aibdsl side of the benchmark.

aibdsl is imported lazily, by :func:`load`, so that this module (and the runner) import even
while the package's public API is still being written; the runner prints
``aibdsl API not available: <error>`` and skips the aibdsl rows when :func:`load` or a call
fails.

API used (the package's public surface):

* ``aibdsl.loads(text) -> ImageTemplate``  -> :attr:`Api.parse`
* ``aibdsl.dumps(obj, *, api_version=None) -> str``  -> :attr:`Api.serialise`
* ``ImageTemplate.to_dict()``  -> :attr:`Api.to_dict` (informational row)
* ``aibdsl.Template(location, name=...)`` fluent builder  -> :func:`build_fluent`
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from template import SCRIPT_SHA256, SUBSCRIPTION, make_dict, text_floor


@dataclass(frozen=True, slots=True)
class Api:
    """The aibdsl callables under test, bound once (no per-call attribute look-ups)."""

    module: ModuleType
    parse: Callable[[str], Any]
    serialise: Callable[[Any], str]

    def prebuilt(self, region: str, vm_size: str, sku: str) -> Any:
        """A template object for the serialise category, obtained by parsing the floor text."""
        return self.parse(text_floor(make_dict(region, vm_size, sku)))

    @staticmethod
    def to_dict(obj: Any) -> dict[str, Any]:
        """``ImageTemplate.to_dict()``: the object layer's cost without JSON encoding."""
        result: dict[str, Any] = obj.to_dict()
        return result


def _missing(name: str) -> Callable[..., Any]:
    """Stand-in for a not-yet-written API function: fails when called (the row is skipped)."""

    def call(*_args: Any, **_kwargs: Any) -> Any:
        raise AttributeError(f"module 'aibdsl' has no attribute {name!r}")

    return call


def load() -> Api:
    """Import aibdsl and bind its API (an ImportError here skips every aibdsl row).

    A missing ``loads``/``dumps`` only fails the rows that call it, so that e.g. parsing is
    measured as soon as ``aibdsl.loads`` exists.
    """
    import aibdsl

    return Api(
        module=aibdsl,
        parse=getattr(aibdsl, "loads", None) or _missing("loads"),
        serialise=getattr(aibdsl, "dumps", None) or _missing("dumps"),
    )


# ---------------------------------------------------------------------------------------------
# The fluent builder (``aibdsl.Template``): builds exactly the content of
# ``template.make_dict(region, vm_size, sku)`` with the same f-string work, from scratch for every
# call (no shared base, although a real variant loop would derive from one), and returns the
# finished ``ImageTemplate``.
# ---------------------------------------------------------------------------------------------
def build_fluent(region: str, vm_size: str, sku: str) -> Any:
    """Build the benchmark template with ``aibdsl.Template(location, name=...)``."""
    from aibdsl.builder import Template

    return (
        Template(region, name=f"img-{sku}-{vm_size}-{region}")
        .api_version("2024-02-01")
        .tags(
            environment="prod",
            team="platform",
            os="ubuntu",
            source=f"Canonical:0001-com-ubuntu-server-jammy:{sku}",
            region=region,
        )
        .identity(
            f"{SUBSCRIPTION}/resourceGroups/rg-identity/providers/"
            f"Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-{region}"
        )
        .build_timeout(120)
        .vm_profile(
            vm_size=vm_size,
            os_disk_size_gb=64,
            subnet_id=f"{SUBSCRIPTION}/resourceGroups/rg-network-{region}/providers/"
            f"Microsoft.Network/virtualNetworks/vnet-aib-{region}/subnets/snet-build",
        )
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", sku)
        .customize.shell(
            "bootstrap",
            script_uri=f"https://stimages{region}.blob.core.windows.net/scripts/bootstrap.sh",
            sha256_checksum=SCRIPT_SHA256,
        )
        .customize.shell(
            "packages",
            inline=[
                "sudo apt-get update",
                "sudo apt-get install -y nginx jq",
                f"echo 'region={region} size={vm_size}' | sudo tee /etc/image-build",
            ],
        )
        .customize.file(
            "motd",
            source_uri=f"https://stimages{region}.blob.core.windows.net/files/motd",
            destination="/tmp/motd",
        )
        .customize.powershell(
            "settings",
            inline=[f"Set-ItemProperty -Path HKLM:\\Software\\Image -Name Sku -Value {sku}"],
            valid_exit_codes=[0, 3010],
            run_elevated=True,
        )
        .customize.windows_restart("restart", restart_timeout="10m")
        .customize.windows_update(
            "updates",
            search_criteria="IsInstalled=0",
            filters=["exclude:$_.Title -like '*Preview*'", "include:$true"],
            update_limit=40,
        )
        .distribute.managed_image(
            f"{SUBSCRIPTION}/resourceGroups/rg-images-{region}/providers/"
            f"Microsoft.Compute/images/img-{sku}-{vm_size}",
            location=region,
            run_output_name=f"{sku}-{vm_size}-{region}-mi",
            artifact_tags={"source": "aib", "sku": sku},
        )
        .distribute.shared_image(
            f"{SUBSCRIPTION}/resourceGroups/rg-gallery/providers/"
            f"Microsoft.Compute/galleries/gal_images/images/ubuntu-{sku}",
            run_output_name=f"{sku}-{vm_size}-{region}-sig",
            replication_regions=[region, "eastus2", "westus3"],
            artifact_tags={"source": "aib", "vmSize": vm_size},
        )
        .distribute.vhd(run_output_name=f"{sku}-{vm_size}-{region}-vhd")
        # The benchmark template (from the peer study) runs Windows steps on Ubuntu, which
        # lint rule AIB306 rightly calls an error; downgraded so the build goes through
        # with every other error rule still checked.
        .build(severity_overrides={"AIB306": "warning"})
    )
