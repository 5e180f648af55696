"""The official client library as an oracle for aibdsl's 2024-02-01 wire format.

``azure-mgmt-imagebuilder`` 1.4.0 (a test dependency) models exactly one api-version,
2024-02-01, as msrest models generated from Microsoft's swagger. It silently drops every
key it does not know, so a round trip through it is a check of our wire names:

* **Forward** (generated templates and fixed ones): ``body`` = ``aibdsl.to_dict(t,
  api_version="2024-02-01")`` without the ARM-only keys (:data:`ENVELOPE`: ``type``,
  ``apiVersion``, ``name``, ``dependsOn``, and ``condition``, ``copy``... of a resource
  in a deployment template), which the REST body does not carry. Then
  ``sdk_out = ImageTemplate.deserialize(copy.deepcopy(body)).serialize()``. Every key
  path we wrote must be in ``sdk_out`` with an equal value (type included: ``true`` is
  not ``1``); a key we wrote that the SDK dropped fails naming its path (our wire name,
  discriminator value or nesting is wrong for 2024-02-01). Every key of ``sdk_out`` we
  did not write must be in :data:`DESERIALIZE_FILLS`, which is empty: see below.
* **Reverse** (fixed cases): models built in Python with the SDK's constructors for a
  Linux and a Windows template, ``serialize()``d, parsed strictly with
  ``aibdsl.from_dict(..., api_version="2024-02-01")`` and written back: equal.

Choices, and why:

* ``Model.deserialize`` rather than ``Model.from_dict``: ``deserialize`` reads the REST
  keys case-sensitively (``rest_key_extractor``), as the service's JSON is specified;
  ``from_dict`` also accepts attribute names and any letter case, so it would hide an
  ``osDiskSizeGb`` typo.
* ``serialize(keep_readonly=False)`` (the default, and what the client sends in a PUT):
  it leaves out read-only members (``id``, ``name``, ``type``, ``systemData``,
  ``provisioningState``, ``exactVersion``, ``principalId``/``clientId`` of
  ``userAssignedIdentities``...). A request body must not hold them, and strict
  ``to_dict`` must not write them, so one that appears in ``body`` is reported as
  dropped. ``keep_readonly=True`` would let such leaks through.
* ``copy.deepcopy(body)``: msrest *pops* the discriminators (``type``, ``scheme``) from
  the dicts it is given, so the original must be kept for the comparison.
* SDK-filled defaults: the generated constructors have non-``None`` defaults
  (:data:`CONSTRUCTOR_DEFAULTS`, e.g. ``sha256Checksum: ""``, ``runAsSystem: false``,
  ``proxyVmSize: ""``), but msrest's ``Deserializer`` passes every attribute to the
  constructor explicitly (``None`` for an absent one), so ``deserialize`` fills in
  nothing and the forward direction allows no extra key. The constructor defaults do
  appear in the reverse direction, where the test checks exactly which.

Limitation: ARM template expressions (``"[parameters('x')]"``) are rendered as JSON
strings, and the SDK types int, bool, list and object members strictly, so an expression
in such a position breaks msrest's deserialisation. Generated templates are therefore
drawn with ``expressions=False``; the expression forms are not checked by this oracle.

msrest is slow (~1.5 ms for a round trip of a large template), so the property test runs
half the Hypothesis profile's examples: 50 by default.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import copy
import importlib
import importlib.metadata
import inspect
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import aibdsl
from aibdsl import versions
from aibdsl.codec._plan import ARM_RESOURCE_KEYS
from aibdsl.model._base import Model
from aibdsl.model._wire import META, WireField
from aibdsl.testing.strategies import templates

az: Any = pytest.importorskip(
    "azure.mgmt.imagebuilder.models",
    reason="azure-mgmt-imagebuilder 1.4.0 (the `test` extra) is not installed",
)

API: Final = "2024-02-01"
ENVELOPE: Final = ("type", "apiVersion", "name", "dependsOn", *sorted(ARM_RESOURCE_KEYS))
"""Keys of a resource in an ARM deployment template that the REST body does not carry:
the envelope, and the deployment-only keys aibdsl keeps in ``extra`` (``condition``,
``copy``, ``comments``, ``scope``, ``metadata``)."""

JsonPath = tuple[str | int, ...]


# --------------------------------------------------------------------------- defaults


@attrs.frozen
class SdkDefault:
    """A member an SDK model writes although nobody set it: its constructor default.

    Attributes:
        owner: JSON path of the object that gets the member; ``"*"`` stands for any
            array index.
        discriminator: The ``type``/``scheme`` value the owner must have, if any.
        key: The member's wire key.
        value: The value written.
        sdk_class: The msrest class whose constructor has the default.
    """

    owner: tuple[str, ...]
    discriminator: str | None
    key: str
    value: Any
    sdk_class: str


_CUSTOMIZE = ("properties", "customize", "*")
_VALIDATORS = ("properties", "validate", "inVMValidations", "*")
_DISTRIBUTE = ("properties", "distribute", "*")

CONSTRUCTOR_DEFAULTS: Final = (
    SdkDefault(("properties",), None, "buildTimeoutInMinutes", 0, "ImageTemplate"),
    SdkDefault(("properties", "vmProfile"), None, "vmSize", "", "ImageTemplateVmProfile"),
    SdkDefault(("properties", "vmProfile"), None, "osDiskSizeGB", 0, "ImageTemplateVmProfile"),
    SdkDefault(
        ("properties", "vmProfile", "vnetConfig"), None, "proxyVmSize", "", "VirtualNetworkConfig"
    ),
    SdkDefault(_CUSTOMIZE, "Shell", "sha256Checksum", "", "ImageTemplateShellCustomizer"),
    SdkDefault(_CUSTOMIZE, "File", "sha256Checksum", "", "ImageTemplateFileCustomizer"),
    SdkDefault(_CUSTOMIZE, "PowerShell", "sha256Checksum", "", "ImageTemplatePowerShellCustomizer"),
    SdkDefault(_CUSTOMIZE, "PowerShell", "runElevated", False, "ImageTemplatePowerShellCustomizer"),
    SdkDefault(_CUSTOMIZE, "PowerShell", "runAsSystem", False, "ImageTemplatePowerShellCustomizer"),
    SdkDefault(
        _CUSTOMIZE, "WindowsUpdate", "updateLimit", 0, "ImageTemplateWindowsUpdateCustomizer"
    ),
    SdkDefault(
        ("properties", "validate"),
        None,
        "continueDistributeOnFailure",
        False,
        "ImageTemplatePropertiesValidate",
    ),
    SdkDefault(
        ("properties", "validate"),
        None,
        "sourceValidationOnly",
        False,
        "ImageTemplatePropertiesValidate",
    ),
    SdkDefault(_VALIDATORS, "Shell", "sha256Checksum", "", "ImageTemplateShellValidator"),
    SdkDefault(_VALIDATORS, "File", "sha256Checksum", "", "ImageTemplateFileValidator"),
    SdkDefault(_VALIDATORS, "PowerShell", "sha256Checksum", "", "ImageTemplatePowerShellValidator"),
    SdkDefault(_VALIDATORS, "PowerShell", "runElevated", False, "ImageTemplatePowerShellValidator"),
    SdkDefault(_VALIDATORS, "PowerShell", "runAsSystem", False, "ImageTemplatePowerShellValidator"),
    SdkDefault(
        _DISTRIBUTE,
        "SharedImage",
        "excludeFromLatest",
        False,
        "ImageTemplateSharedImageDistributor",
    ),
    SdkDefault((*_DISTRIBUTE, "targetRegions", "*"), None, "replicaCount", 1, "TargetRegion"),
    SdkDefault((*_DISTRIBUTE, "versioning"), "Latest", "major", -1, "DistributeVersionerLatest"),
)
"""Every non-``None`` constructor default of the SDK's writable request models, where it
lands in the body. They appear only in models built in Python (reverse direction).
``test_constructor_defaults_match_the_sdk`` checks this list against the SDK."""

DESERIALIZE_FILLS: Final[tuple[SdkDefault, ...]] = ()
"""Members ``deserialize().serialize()`` adds to a body: none, because msrest's
``Deserializer._instantiate_model`` passes every attribute (``None`` when absent) to the
constructor, so no constructor default applies."""


# --------------------------------------------------------------------------- comparison


def _fmt(path: JsonPath) -> str:
    out = "$"
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p):
            out += f".{p}"
        else:
            out += f"[{json.dumps(p)}]"
    return out


def _generic(path: JsonPath) -> tuple[str, ...]:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _allowed_default(
    owner_path: JsonPath, owner: dict[str, Any], key: str, allowed: tuple[SdkDefault, ...]
) -> SdkDefault | None:
    generic = _generic(owner_path)
    tag = owner.get("type", owner.get("scheme"))
    value = owner[key]
    for d in allowed:
        if (
            d.owner == generic
            and d.key == key
            and (d.discriminator is None or d.discriminator == tag)
            and type(value) is type(d.value)
            and value == d.value
        ):
            return d
    return None


def compare(
    ours: Any, theirs: Any, allowed: tuple[SdkDefault, ...] = DESERIALIZE_FILLS
) -> tuple[list[str], list[str]]:
    """Compare the body we wrote with what the SDK made of it.

    Returns:
        ``(problems, filled)``: one message per difference that is not an allowed
        default, and the JSON paths of the allowed defaults the SDK added.
    """
    problems: list[str] = []
    filled: list[str] = []

    def walk(a: Any, b: Any, path: JsonPath) -> None:
        if isinstance(a, dict):
            if not isinstance(b, dict):
                problems.append(f"{_fmt(path)}: we wrote an object, the SDK wrote {b!r}")
                return
            for k, v in a.items():
                if k not in b:
                    problems.append(f"{_fmt((*path, k))}: written by aibdsl, dropped by the SDK")
                else:
                    walk(v, b[k], (*path, k))
            for k in b.keys() - a.keys():
                if _allowed_default(path, b, k, allowed) is None:
                    problems.append(
                        f"{_fmt((*path, k))}: added by the SDK ({b[k]!r}), not a listed SDK default"
                    )
                else:
                    filled.append(_fmt((*path, k)))
        elif isinstance(a, list):
            if not isinstance(b, list) or len(a) != len(b):
                problems.append(f"{_fmt(path)}: we wrote {a!r}, the SDK wrote {b!r}")
                return
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, (*path, i))
        elif type(a) is not type(b) or a != b:
            problems.append(f"{_fmt(path)}: we wrote {a!r}, the SDK wrote {b!r}")

    walk(ours, theirs, ())
    return problems, sorted(filled)


def rest_body(t: aibdsl.ImageTemplate) -> dict[str, Any]:
    """The REST (PUT) body of ``t`` in api-version 2024-02-01."""
    d = aibdsl.to_dict(t, api_version=API)
    return {k: v for k, v in d.items() if k not in ENVELOPE}


def sdk_round_trip(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` read and written back by the SDK's ``ImageTemplate`` model."""
    model = az.ImageTemplate.deserialize(copy.deepcopy(body))
    out: dict[str, Any] = model.serialize(keep_readonly=False)
    return out


def assert_sdk_keeps(t: aibdsl.ImageTemplate) -> dict[str, Any]:
    """Assert the SDK keeps every key of ``t``'s body with its value, adding nothing."""
    body = rest_body(t)
    problems, filled = compare(body, sdk_round_trip(body))
    assert not problems, "azure-mgmt-imagebuilder 1.4.0 disagrees:\n" + "\n".join(problems)
    assert filled == []
    return body


def _parse(body: dict[str, Any]) -> aibdsl.ImageTemplate:
    t = aibdsl.from_dict(body, api_version=API)
    assert isinstance(t, aibdsl.ImageTemplate)
    return t


# --------------------------------------------------------------------------- fixed templates

_SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
_IDENTITY = f"{_SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aib"
_GALLERY = f"{_SUB}/providers/Microsoft.Compute/galleries/g/images/img"


def _full_template(source: aibdsl.Source) -> aibdsl.ImageTemplate:
    """A template that sets every property 2024-02-01 has (with every union member)."""
    return aibdsl.ImageTemplate(
        location="westeurope",
        name="ignored-in-rest-body",
        depends_on=(aibdsl.Expr("[resourceId('x', 'y')]"),),
        extra=aibdsl.FrozenMap({"comments": "ARM-only, not in the REST body"}),
        tags={"team": "images", "a.b": ""},  # type: ignore[arg-type]
        identity=aibdsl.Identity(
            type="UserAssigned",
            user_assigned_identities={_IDENTITY: {}},  # type: ignore[arg-type]
        ),
        properties=aibdsl.ImageTemplateProperties(
            build_timeout_in_minutes=120,
            vm_profile=aibdsl.VmProfile(
                vm_size="Standard_D2s_v3",
                os_disk_size_gb=64,
                user_assigned_identities=(_IDENTITY,),
                vnet_config=aibdsl.VnetConfig(
                    subnet_id=f"{_SUB}/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
                    container_instance_subnet_id=f"{_SUB}/subnets/aci",
                    proxy_vm_size="Standard_A1_v2",
                ),
            ),
            staging_resource_group=f"{_SUB}-staging",
            source=source,
            customize=(
                aibdsl.ShellCustomizer(
                    name="script", script_uri="https://x/s.sh", sha256_checksum="ab" * 32
                ),
                aibdsl.ShellCustomizer(name="inline", inline=("echo 1", "echo 'two'")),
                aibdsl.FileCustomizer(
                    name="file",
                    source_uri="https://x/f",
                    sha256_checksum="",
                    destination="/tmp/f",
                ),
                aibdsl.PowerShellCustomizer(
                    name="ps",
                    script_uri="https://x/s.ps1",
                    sha256_checksum="cd" * 32,
                    inline=("Write-Host 1",),
                    run_elevated=True,
                    run_as_system=False,
                    valid_exit_codes=(0, 3010),
                ),
                aibdsl.WindowsRestartCustomizer(
                    name="restart",
                    restart_command="shutdown /r",
                    restart_check_command="echo ok",
                    restart_timeout="10m",
                ),
                aibdsl.WindowsUpdateCustomizer(
                    name="update",
                    search_criteria="IsInstalled=0",
                    filters=("exclude:$_.Title -like '*Preview*'", "include:$true"),
                    update_limit=40,
                ),
            ),
            optimize=aibdsl.Optimize(vm_boot=aibdsl.VmBoot(state="Enabled")),
            validate=aibdsl.Validate(
                continue_distribute_on_failure=True,
                source_validation_only=False,
                in_vm_validations=(
                    aibdsl.ShellValidator(
                        name="v1", script_uri="https://x/v.sh", sha256_checksum="", inline=("a",)
                    ),
                    aibdsl.PowerShellValidator(
                        name="v2",
                        script_uri="https://x/v.ps1",
                        sha256_checksum="ef" * 32,
                        inline=("b",),
                        run_elevated=False,
                        run_as_system=True,
                        valid_exit_codes=(0,),
                    ),
                    aibdsl.FileValidator(
                        name="v3",
                        source_uri="https://x/v",
                        sha256_checksum="00" * 32,
                        destination="C:\\v",
                    ),
                ),
            ),
            distribute=(
                aibdsl.ManagedImageDistributor(
                    run_output_name="managed",
                    artifact_tags={"k": "v"},  # type: ignore[arg-type]
                    image_id=f"{_SUB}/providers/Microsoft.Compute/images/out",
                    location="westeurope",
                ),
                aibdsl.SharedImageDistributor(
                    run_output_name="sig-old",
                    artifact_tags={},  # type: ignore[arg-type]
                    gallery_image_id=_GALLERY,
                    replication_regions=("westeurope", "northeurope"),
                    exclude_from_latest=True,
                    storage_account_type="Standard_ZRS",
                    versioning=aibdsl.LatestVersioning(major=2),
                ),
                aibdsl.SharedImageDistributor(
                    run_output_name="sig-new",
                    gallery_image_id=_GALLERY,
                    target_regions=(
                        aibdsl.TargetRegion(
                            name="eastus", replica_count=3, storage_account_type="Premium_LRS"
                        ),
                        aibdsl.TargetRegion(name="westus"),
                    ),
                    versioning=aibdsl.SourceVersioning(),
                ),
                aibdsl.VhdDistributor(
                    run_output_name="vhd",
                    uri="https://x/c/out.vhd",
                    artifact_tags={"é": "ü"},  # type: ignore[arg-type]
                ),
            ),
            error_handling=aibdsl.ErrorHandling(
                on_customizer_error="abort", on_validation_error="cleanup"
            ),
            auto_run=aibdsl.AutoRun(state="Disabled"),
            managed_resource_tags={"owner": "aib"},  # type: ignore[arg-type]
        ),
    )


def _minimal() -> aibdsl.ImageTemplate:
    return aibdsl.ImageTemplate(
        location="eastus",
        identity=aibdsl.Identity(type="None"),
        properties=aibdsl.ImageTemplateProperties(
            source=aibdsl.PlatformImageSource(),
            distribute=(
                aibdsl.VhdDistributor(run_output_name="o"),
                aibdsl.SharedImageDistributor(
                    run_output_name="s",
                    gallery_image_id=_GALLERY,
                    target_regions=(aibdsl.TargetRegion(name="eastus"),),
                    versioning=aibdsl.LatestVersioning(),
                ),
            ),
            customize=(
                aibdsl.PowerShellCustomizer(),
                aibdsl.ShellCustomizer(),
                aibdsl.FileCustomizer(),
                aibdsl.WindowsUpdateCustomizer(),
            ),
            vm_profile=aibdsl.VmProfile(vnet_config=aibdsl.VnetConfig()),
            validate=aibdsl.Validate(
                in_vm_validations=(
                    aibdsl.PowerShellValidator(),
                    aibdsl.ShellValidator(),
                    aibdsl.FileValidator(),
                )
            ),
        ),
    )


FIXED: Final = {
    "full-platform": _full_template(
        aibdsl.PlatformImageSource(
            publisher="Canonical",
            offer="0001-com-ubuntu-server-jammy",
            sku="22_04-lts-gen2",
            version="latest",
            plan_info=aibdsl.PlanInfo(plan_name="n", plan_product="p", plan_publisher="q"),
        )
    ),
    "full-managed-image": _full_template(
        aibdsl.ManagedImageSource(image_id=f"{_SUB}/providers/Microsoft.Compute/images/in")
    ),
    "full-image-version": _full_template(
        aibdsl.SharedImageVersionSource(image_version_id=f"{_GALLERY}/versions/1.0.0")
    ),
    # Optional members left out, including every one the SDK constructors default:
    # deserialize must not add them.
    "minimal": _minimal(),
}


def test_the_oracle_is_the_2024_02_01_client() -> None:
    assert importlib.metadata.version("azure-mgmt-imagebuilder") == "1.4.0"
    configuration: Any = importlib.import_module("azure.mgmt.imagebuilder._configuration")
    config = configuration.ImageBuilderClientConfiguration(credential=object(), subscription_id="s")
    assert config.api_version == API


@pytest.mark.parametrize("name", sorted(FIXED))
def test_sdk_keeps_every_key_of_fixed_template(name: str) -> None:
    body = assert_sdk_keeps(FIXED[name])
    assert set(body).isdisjoint(ENVELOPE)


def _objects_at(value: Any, pattern: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    if not pattern:
        if isinstance(value, dict):
            yield value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(value, list):
        for item in value:
            yield from _objects_at(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _objects_at(value[head], rest)


def test_minimal_template_omits_every_member_the_sdk_constructors_default() -> None:
    """So the "minimal" case shows that ``deserialize`` fills in none of them."""
    body = rest_body(FIXED["minimal"])
    for d in CONSTRUCTOR_DEFAULTS:
        owners = [
            o
            for o in _objects_at(body, d.owner)
            if d.discriminator is None or d.discriminator in (o.get("type"), o.get("scheme"))
        ]
        assert owners, f"no {d.discriminator or ''} object at {d.owner} to omit {d.key} from"
        assert all(d.key not in o for o in owners)


def _spec_bodies(shared: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted((shared / "spec" / "swagger" / API / "examples").glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))["parameters"].get("parameters")
        if isinstance(body, dict) and "properties" in body and "location" in body:
            yield path.name, body


def test_sdk_keeps_every_key_of_the_spec_examples(shared: Path) -> None:
    names = []
    for name, example in _spec_bodies(shared):
        names.append(name)
        body = assert_sdk_keeps(_parse(example))
        # The examples are REST bodies already: our canonical rendering is the example.
        problems, _ = compare(example, body)
        assert not problems, f"{name}:\n" + "\n".join(problems)
    assert names == ["CreateImageTemplateLinux.json", "CreateImageTemplateWindows.json"]


def test_get_response_written_back_is_a_request_body(shared: Path) -> None:
    path = shared / "spec" / "swagger" / API / "examples" / "GetImageTemplate.json"
    response = json.loads(path.read_text(encoding="utf-8"))["responses"]["200"]["body"]
    assert "principalId" in json.dumps(response)  # the example has read-only members
    assert_sdk_keeps(_parse(response))


# --------------------------------------------------------------------------- coverage


def _model_fields(obj: Model) -> Iterator[tuple[type, str, Any]]:
    for f in attrs.fields(type(obj)):
        wire = f.metadata.get(META)
        if isinstance(wire, WireField):
            yield type(obj), wire.key, getattr(obj, f.name)


def _aibdsl_used(obj: object, used: set[tuple[type, str]], classes: set[type]) -> None:
    if isinstance(obj, Model):
        classes.add(type(obj))
        for cls, key, value in _model_fields(obj):
            if value is not None:
                used.add((cls, key))
                _aibdsl_used(value, used, classes)
    elif isinstance(obj, tuple):
        for x in obj:
            _aibdsl_used(x, used, classes)
    elif isinstance(obj, aibdsl.FrozenMap):
        for x in obj.values():
            _aibdsl_used(x, used, classes)


def test_fixed_templates_use_every_2024_property_and_type() -> None:
    """The fixed cases check every wire name 2024-02-01 has, whatever the generator does."""
    used: set[tuple[type, str]] = set()
    classes: set[type] = set()
    for t in FIXED.values():
        _aibdsl_used(t, used, classes)
    wanted = {
        (row.model, row.key)
        for row in versions.all_properties()
        if API in row.available and not row.envelope
    }
    assert wanted - used == set()
    assert {r.model for r in versions.all_tags() if API in r.available} - classes == set()


def _sdk_class(type_name: str) -> Any:
    name = type_name.strip("[]{}")
    cls = getattr(az, name, None)
    return cls if isinstance(cls, type) else None


def _sdk_writable() -> set[tuple[str, str]]:
    """(class, attribute) of every writable member of the request models."""
    seen: set[Any] = set()
    todo: list[Any] = [az.ImageTemplate]
    out: set[tuple[str, str]] = set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for sub in cls.__dict__.get("_subtype_map", {}).values():
            todo.extend(getattr(az, n) for n in sub.values())
        abstract = "_subtype_map" in cls.__dict__
        for attr, desc in cls._attribute_map.items():
            if cls._validation.get(attr, {}).get("readonly"):
                continue
            if not abstract:
                out.add((cls.__name__, attr))
            target = _sdk_class(desc["type"])
            if target is not None:
                todo.append(target)
    return out


def _sdk_used(obj: Any, out: set[tuple[str, str]]) -> None:
    attribute_map: dict[str, Any] | None = getattr(type(obj), "_attribute_map", None)
    if attribute_map is not None:
        for attr in attribute_map:
            value = getattr(obj, attr)
            if value is not None:
                out.add((type(obj).__name__, attr))
                _sdk_used(value, out)
    elif isinstance(obj, list):
        for x in obj:
            _sdk_used(x, out)
    elif isinstance(obj, dict):
        for x in obj.values():
            _sdk_used(x, out)


def test_fixed_templates_set_every_writable_sdk_member() -> None:
    """Seen from the SDK: the fixed bodies reach every member a request may carry."""
    used: set[tuple[str, str]] = set()
    for t in FIXED.values():
        _sdk_used(az.ImageTemplate.deserialize(rest_body(t)), used)
    writable = _sdk_writable()
    assert len(writable) > 80
    assert writable - used == set()


def test_constructor_defaults_match_the_sdk() -> None:
    """:data:`CONSTRUCTOR_DEFAULTS` is every non-None constructor default of the SDK."""
    found: set[tuple[str, str, Any]] = set()
    for cls_name, attr in _sdk_writable():
        cls = getattr(az, cls_name)
        param = inspect.signature(cls.__init__).parameters.get(attr)
        if param is not None and param.default not in (None, inspect.Parameter.empty):
            key = cls._attribute_map[attr]["key"].split(".")[-1]
            found.add((cls_name, key, param.default))
    listed = {(d.sdk_class, d.key, d.value) for d in CONSTRUCTOR_DEFAULTS}
    assert listed == found
    for d in CONSTRUCTOR_DEFAULTS:
        if d.discriminator is not None:
            tag_attr = "scheme" if d.sdk_class.startswith("DistributeVersioner") else "type"
            kwargs = {
                name: "x"
                for name, p in inspect.signature(
                    getattr(az, d.sdk_class).__init__
                ).parameters.items()
                if p.kind is p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
            }
            assert getattr(getattr(az, d.sdk_class)(**kwargs), tag_attr) == d.discriminator


# --------------------------------------------------------------------------- the oracle fails


def test_oracle_reports_a_wrong_wire_name() -> None:
    body = rest_body(FIXED["full-platform"])
    body["properties"]["vmProfile"]["osDiskSizeGb"] = body["properties"]["vmProfile"].pop(
        "osDiskSizeGB"
    )
    body["properties"]["customize"][0]["type"] = "shell"
    body["properties"]["distribute"][1]["excludeFromLatest"] = "true"
    body["properties"]["exactStagingResourceGroup"] = "rg"  # read-only: not in a request
    problems, _ = compare(body, sdk_round_trip(body))
    assert problems == [
        "$.properties.vmProfile.osDiskSizeGb: written by aibdsl, dropped by the SDK",
        "$.properties.customize[0].type: written by aibdsl, dropped by the SDK",
        "$.properties.customize[0].scriptUri: written by aibdsl, dropped by the SDK",
        "$.properties.customize[0].sha256Checksum: written by aibdsl, dropped by the SDK",
        "$.properties.distribute[1].excludeFromLatest: we wrote 'true', the SDK wrote True",
        "$.properties.exactStagingResourceGroup: written by aibdsl, dropped by the SDK",
    ]


def test_oracle_reports_an_unlisted_addition() -> None:
    problems, filled = compare({"a": {"b": 1}}, {"a": {"b": 1, "c": 0}})
    assert problems == ["$.a.c: added by the SDK (0), not a listed SDK default"]
    assert filled == []
    problems, _ = compare({"a": [True]}, {"a": [1]})
    assert problems == ["$.a[0]: we wrote True, the SDK wrote 1"]


# --------------------------------------------------------------------------- generated


_EXAMPLES: Final = max(1, settings().max_examples // 2)
"""Half the profile's examples (50 by default): msrest is slow."""


def _request_identity(t: aibdsl.ImageTemplate) -> aibdsl.ImageTemplate:
    """``t`` with every ``userAssignedIdentities`` value ``{}``, as in a request body.

    The model keeps any JSON there (GET responses put ``principalId``/``clientId`` in
    it) and the generator draws any JSON; 2024-02-01 defines an object whose members are
    all read-only, so a request carries ``{}``.
    """
    ident = t.identity
    if not isinstance(ident, aibdsl.Identity) or not isinstance(
        ident.user_assigned_identities, aibdsl.FrozenMap
    ):
        return t
    empty: aibdsl.Json = aibdsl.FrozenMap[str, aibdsl.Json]()
    ids = aibdsl.FrozenMap[str | aibdsl.Expr, aibdsl.Json](
        dict.fromkeys(ident.user_assigned_identities, empty)
    )
    return attrs.evolve(t, identity=attrs.evolve(ident, user_assigned_identities=ids))


@settings(max_examples=_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(templates(api_version=API, expressions=False).map(_request_identity))
def test_sdk_keeps_every_key_of_generated_templates(t: aibdsl.ImageTemplate) -> None:
    assert_sdk_keeps(t)


# --------------------------------------------------------------------------- reverse


def _sdk_linux() -> Any:
    return az.ImageTemplate(
        location="westus2",
        tags={"os": "linux"},
        identity=az.ImageTemplateIdentity(
            type="UserAssigned", user_assigned_identities={_IDENTITY: az.UserAssignedIdentity()}
        ),
        source=az.ImageTemplatePlatformImageSource(
            publisher="Canonical",
            offer="0001-com-ubuntu-server-jammy",
            sku="22_04-lts-gen2",
            version="latest",
            plan_info=az.PlatformImagePurchasePlan(
                plan_name="n", plan_product="p", plan_publisher="q"
            ),
        ),
        customize=[
            az.ImageTemplateShellCustomizer(name="script", script_uri="https://x/s.sh"),
            az.ImageTemplateShellCustomizer(
                name="inline", inline=["apt-get update"], sha256_checksum="ab" * 32
            ),
            az.ImageTemplateFileCustomizer(
                name="file", source_uri="https://x/f", destination="/tmp/f"
            ),
        ],
        optimize=az.ImageTemplatePropertiesOptimize(
            vm_boot=az.ImageTemplatePropertiesOptimizeVmBoot(state="Enabled")
        ),
        validate=az.ImageTemplatePropertiesValidate(
            continue_distribute_on_failure=True,
            in_vm_validations=[az.ImageTemplateShellValidator(name="v", inline=["true"])],
        ),
        distribute=[
            az.ImageTemplateManagedImageDistributor(
                run_output_name="managed",
                image_id=f"{_SUB}/providers/Microsoft.Compute/images/out",
                location="westus2",
                artifact_tags={"k": "v"},
            ),
            az.ImageTemplateSharedImageDistributor(
                run_output_name="sig",
                gallery_image_id=_GALLERY,
                target_regions=[
                    az.TargetRegion(name="westus2"),
                    az.TargetRegion(name="eastus", replica_count=2),
                ],
                versioning=az.DistributeVersionerLatest(),
            ),
        ],
        error_handling=az.ImageTemplatePropertiesErrorHandling(on_customizer_error="abort"),
        vm_profile=az.ImageTemplateVmProfile(
            vnet_config=az.VirtualNetworkConfig(subnet_id=f"{_SUB}/subnets/s")
        ),
        staging_resource_group=f"{_SUB}-staging",
        auto_run=az.ImageTemplateAutoRun(state="Enabled"),
        managed_resource_tags={"owner": "aib"},
    )


_LINUX_FILLED: Final[list[str]] = [
    "$.properties.buildTimeoutInMinutes",
    "$.properties.customize[0].sha256Checksum",
    "$.properties.customize[2].sha256Checksum",
    "$.properties.distribute[1].excludeFromLatest",
    "$.properties.distribute[1].targetRegions[0].replicaCount",
    "$.properties.distribute[1].versioning.major",
    "$.properties.validate.inVMValidations[0].sha256Checksum",
    "$.properties.validate.sourceValidationOnly",
    "$.properties.vmProfile.osDiskSizeGB",
    "$.properties.vmProfile.vmSize",
    "$.properties.vmProfile.vnetConfig.proxyVmSize",
]

_LINUX_SET: Final[dict[str, Any]] = {
    "location": "westus2",
    "tags": {"os": "linux"},
    "identity": {"type": "UserAssigned", "userAssignedIdentities": {_IDENTITY: {}}},
    "properties": {
        "source": {
            "type": "PlatformImage",
            "publisher": "Canonical",
            "offer": "0001-com-ubuntu-server-jammy",
            "sku": "22_04-lts-gen2",
            "version": "latest",
            "planInfo": {"planName": "n", "planProduct": "p", "planPublisher": "q"},
        },
        "customize": [
            {"type": "Shell", "name": "script", "scriptUri": "https://x/s.sh"},
            {
                "type": "Shell",
                "name": "inline",
                "inline": ["apt-get update"],
                "sha256Checksum": "ab" * 32,
            },
            {"type": "File", "name": "file", "sourceUri": "https://x/f", "destination": "/tmp/f"},
        ],
        "optimize": {"vmBoot": {"state": "Enabled"}},
        "validate": {
            "continueDistributeOnFailure": True,
            "inVMValidations": [{"type": "Shell", "name": "v", "inline": ["true"]}],
        },
        "distribute": [
            {
                "type": "ManagedImage",
                "runOutputName": "managed",
                "imageId": f"{_SUB}/providers/Microsoft.Compute/images/out",
                "location": "westus2",
                "artifactTags": {"k": "v"},
            },
            {
                "type": "SharedImage",
                "runOutputName": "sig",
                "galleryImageId": _GALLERY,
                "targetRegions": [{"name": "westus2"}, {"name": "eastus", "replicaCount": 2}],
                "versioning": {"scheme": "Latest"},
            },
        ],
        "errorHandling": {"onCustomizerError": "abort"},
        "vmProfile": {"vnetConfig": {"subnetId": f"{_SUB}/subnets/s"}},
        "stagingResourceGroup": f"{_SUB}-staging",
        "autoRun": {"state": "Enabled"},
        "managedResourceTags": {"owner": "aib"},
    },
}
"""What :func:`_sdk_linux` sets, written by hand."""


def _sdk_windows() -> Any:
    return az.ImageTemplate(
        location="westeurope",
        identity=az.ImageTemplateIdentity(
            type="UserAssigned", user_assigned_identities={_IDENTITY: az.UserAssignedIdentity()}
        ),
        source=az.ImageTemplateSharedImageVersionSource(image_version_id=f"{_GALLERY}/versions/1"),
        customize=[
            az.ImageTemplatePowerShellCustomizer(name="ps", inline=["Write-Host hi"]),
            az.ImageTemplatePowerShellCustomizer(
                name="elevated",
                script_uri="https://x/s.ps1",
                run_elevated=True,
                run_as_system=True,
                valid_exit_codes=[0, 3010],
            ),
            az.ImageTemplateRestartCustomizer(restart_timeout="5m"),
            az.ImageTemplateWindowsUpdateCustomizer(
                search_criteria="IsInstalled=0", filters=["include:$true"]
            ),
        ],
        validate=az.ImageTemplatePropertiesValidate(
            in_vm_validations=[
                az.ImageTemplatePowerShellValidator(name="v", inline=["exit 0"]),
                az.ImageTemplateFileValidator(
                    name="f", source_uri="https://x/v", destination="C:\\v"
                ),
            ]
        ),
        distribute=[
            az.ImageTemplateVhdDistributor(run_output_name="vhd"),
            az.ImageTemplateSharedImageDistributor(
                run_output_name="sig",
                gallery_image_id=_GALLERY,
                replication_regions=["westeurope"],
                storage_account_type="Standard_LRS",
                exclude_from_latest=True,
                versioning=az.DistributeVersionerSource(),
            ),
        ],
        build_timeout_in_minutes=90,
        vm_profile=az.ImageTemplateVmProfile(
            vm_size="Standard_D4s_v3", os_disk_size_gb=127, user_assigned_identities=[_IDENTITY]
        ),
    )


_WINDOWS_FILLED: Final[list[str]] = [
    "$.properties.customize[0].runAsSystem",
    "$.properties.customize[0].runElevated",
    "$.properties.customize[0].sha256Checksum",
    "$.properties.customize[1].sha256Checksum",
    "$.properties.customize[3].updateLimit",
    "$.properties.validate.continueDistributeOnFailure",
    "$.properties.validate.inVMValidations[0].runAsSystem",
    "$.properties.validate.inVMValidations[0].runElevated",
    "$.properties.validate.inVMValidations[0].sha256Checksum",
    "$.properties.validate.inVMValidations[1].sha256Checksum",
    "$.properties.validate.sourceValidationOnly",
]

_WINDOWS_SET: Final[dict[str, Any]] = {
    "location": "westeurope",
    "identity": {"type": "UserAssigned", "userAssignedIdentities": {_IDENTITY: {}}},
    "properties": {
        "source": {"type": "SharedImageVersion", "imageVersionId": f"{_GALLERY}/versions/1"},
        "customize": [
            {"type": "PowerShell", "name": "ps", "inline": ["Write-Host hi"]},
            {
                "type": "PowerShell",
                "name": "elevated",
                "scriptUri": "https://x/s.ps1",
                "runElevated": True,
                "runAsSystem": True,
                "validExitCodes": [0, 3010],
            },
            {"type": "WindowsRestart", "restartTimeout": "5m"},
            {
                "type": "WindowsUpdate",
                "searchCriteria": "IsInstalled=0",
                "filters": ["include:$true"],
            },
        ],
        "validate": {
            "inVMValidations": [
                {"type": "PowerShell", "name": "v", "inline": ["exit 0"]},
                {"type": "File", "name": "f", "sourceUri": "https://x/v", "destination": "C:\\v"},
            ]
        },
        "distribute": [
            {"type": "VHD", "runOutputName": "vhd"},
            {
                "type": "SharedImage",
                "runOutputName": "sig",
                "galleryImageId": _GALLERY,
                "replicationRegions": ["westeurope"],
                "storageAccountType": "Standard_LRS",
                "excludeFromLatest": True,
                "versioning": {"scheme": "Source"},
            },
        ],
        "buildTimeoutInMinutes": 90,
        "vmProfile": {
            "vmSize": "Standard_D4s_v3",
            "osDiskSizeGB": 127,
            "userAssignedIdentities": [_IDENTITY],
        },
    },
}
"""What :func:`_sdk_windows` sets, written by hand."""

REVERSE: Final[dict[str, tuple[Callable[[], Any], dict[str, Any], list[str]]]] = {
    "linux": (_sdk_linux, _LINUX_SET, _LINUX_FILLED),
    "windows": (_sdk_windows, _WINDOWS_SET, _WINDOWS_FILLED),
}


@pytest.mark.parametrize("name", sorted(REVERSE))
def test_sdk_built_template_reads_and_writes_back_equal(name: str) -> None:
    build, written, expected_filled = REVERSE[name]
    sdk_json: dict[str, Any] = build().serialize()
    # The SDK body is what we set plus exactly the listed constructor defaults.
    problems, filled = compare(written, sdk_json, CONSTRUCTOR_DEFAULTS)
    assert not problems, "\n".join(problems)
    assert filled == expected_filled
    # aibdsl reads it strictly and writes the same body back.
    t = _parse(copy.deepcopy(sdk_json))
    back = rest_body(t)
    for a, b in ((sdk_json, back), (back, sdk_json)):
        problems, _ = compare(a, b)
        assert not problems, "\n".join(problems)
    # ... and the body survives the SDK again.
    assert_sdk_keeps(t)


def test_sdk_built_linux_template_parses_to_the_right_classes() -> None:
    t = _parse(_sdk_linux().serialize())
    p = t.properties
    assert isinstance(p, aibdsl.ImageTemplateProperties)
    assert isinstance(p.source, aibdsl.PlatformImageSource)
    assert p.source.plan_info == aibdsl.PlanInfo(
        plan_name="n", plan_product="p", plan_publisher="q"
    )
    assert p.customize == (
        aibdsl.ShellCustomizer(name="script", script_uri="https://x/s.sh", sha256_checksum=""),
        aibdsl.ShellCustomizer(
            name="inline", inline=("apt-get update",), sha256_checksum="ab" * 32
        ),
        aibdsl.FileCustomizer(
            name="file", source_uri="https://x/f", destination="/tmp/f", sha256_checksum=""
        ),
    )
    assert p.build_timeout_in_minutes == 0
    assert isinstance(p.distribute, tuple)
    sig = p.distribute[1]
    assert isinstance(sig, aibdsl.SharedImageDistributor)
    assert sig.versioning == aibdsl.LatestVersioning(major=-1)
    assert sig.exclude_from_latest is False
