# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load Azure network resources from parsed JSON into one index.

Accepted shapes, freely mixed and nested:
  - a list of ARM resources as GET returns them (``properties`` object),
  - ``{"value": [...]}`` as ARM list calls return them,
  - ``{"count", "data": [...], "skip_token", "total_records"}`` as ``az graph query`` returns Resource Graph rows, its
    REST answer, the table format, and a whole set of pages (resource_graph.py),
  - a single resource,
  - ``az ... show`` / ``az ... list`` output: the same data flattened (no
    ``properties``; ``resourceGroup`` at top level; sub-resources flattened
    too; some keys spelled differently, e.g. ``publicIpAddress``).

Property access goes through ``prop`` which looks inside ``properties`` when
present and matches keys case-insensitively, so one reader serves both forms.
ARM ids are case-insensitive, so the index keys them case-folded.
Bad input raises ``AzureInputError`` naming the resource.
"""

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_template import (
    expression_in,
    template_kind,
    template_resource,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resource_graph import graph_answer, graph_rows, incomplete
from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import clip, load_json_text, only_str, safe_data


class AzureInputError(ValueError):
    """The Azure resources input cannot be read; the message names the resource."""


@dataclass
class AzureResource:
    id: str
    name: str
    type: str  # short name from tables.RESOURCE_TYPES, e.g. "connections"
    properties: dict
    resource_group: Optional[str] = None
    subscription: Optional[str] = None
    position: str = ""  # where it was in the input, e.g. "[3]", for messages

    def get(self, *keys):
        """``prop(self.properties, *keys)``; a first key not spelled as the properties spell it is found
        through the folded key map of their key list, one per distinct list (issue 12: ``prop``
        casefolded every key on each miss; 500k casefolds at 2,173 connections)."""
        props = self.properties
        if not keys:
            return props
        key = keys[0]
        if key in props:
            found = props[key]
        else:
            names = tuple(props)
            folded = _FOLDED_KEYS.get(names) or _FOLDED_KEYS.get_or_make(names, _folded_keys)
            original = folded.get(key.casefold(), _MISSING)
            if original is not _MISSING:
                found = props[original]
            else:
                nested = props.get("properties")
                found = _lookup(nested, key) if isinstance(nested, dict) else _MISSING
                if found is _MISSING:
                    return None
        return found if len(keys) == 1 else prop(found, *keys[1:])

    def describe(self):
        return "%s %r (input item %s)" % (self.type, self.name, self.position)


@dataclass
class AzureIndex:
    """Resources by id, plus what was skipped (unknown types) for the report."""

    by_id: Dict[str, AzureResource] = field(default_factory=dict)
    order: List[AzureResource] = field(default_factory=list)
    ignored: List[str] = field(default_factory=list)  # descriptions of skipped resources
    ignored_types: Dict[str, int] = field(default_factory=dict)  # how many of each skipped type, as the input spells it
    duplicates: List[str] = field(default_factory=list)  # ids seen more than once (first wins)
    # (position, item) of gateway NAT rules listed apart whose gateway is not in this input, when load_resources was
    # asked to keep them (another input read with it may hold the gateway: facts.azure_sources_facts_and_ends)
    nat_rules_apart: List[tuple] = field(default_factory=list)
    spelled: Dict[str, str] = field(default_factory=dict)  # casefolded ignored type -> its first spelling

    def ignore(self, position, item):
        """Count an input item that is no resource read here (``ignored``, ``ignored_types``)."""
        self.ignored.append("%s %r (input item %s)" % (item.get("type"), item.get("name"), position))
        rtype = item.get("type").strip()
        # resource types are case-insensitive (exports spell them either way): counted as the first spelling seen
        rtype = self.spelled.setdefault(rtype.casefold(), rtype)
        self.ignored_types[rtype] = self.ignored_types.get(rtype, 0) + 1

    def get(self, resource_id, resource_type=None):
        found = self.by_id.get(id_key(resource_id)) if isinstance(resource_id, str) else None
        if found is None or (resource_type is not None and found.type != resource_type):
            return None
        return found

    def of_type(self, resource_type):
        return [r for r in self.order if r.type == resource_type]

    @property
    def ignored_count(self):
        return len(self.ignored)

    def add(self, resource):
        key = id_key(resource.id)
        found = self.by_id.get(key)
        if found is not None:
            if found.type != resource.type or not same_content(found.properties, resource.properties):
                # two answers of different times in one list (a before and an after concatenated): which holds is not
                # known, and the first silently won (review 2026-12-06, estate #6); across inputs this was refused
                raise AzureInputError(
                    "%s %s is in this input twice (items %s and %s) with different properties: were two exports of "
                    "different times put in one file? Keep one" % (
                        resource.type, resource.id, found.position, resource.position))
            self.duplicates.append(resource.id)
            return
        self.by_id[key] = resource
        self.order.append(resource)


def same_content(one, other):
    """Whether two resources' properties say the same, whatever the documented shape each came in: ARM's nested
    ``properties`` or ``az ... show``'s flattened one (sub-resources too), key case, and the ``resourceGroup`` az adds
    (review 2026-12-06, estate #5: one gateway as an ARM list item and as ``az network vnet-gateway show`` was refused
    as "exported at different times")."""
    return one == other or _canonical(one) == _canonical(other)


def _canonical(value):
    """``value`` with every ``properties`` dict lifted into its holder, keys casefolded, ``resourceGroup`` dropped (the
    inputs are nested at most 64 levels deep: load_json_text)."""

    def walk(item):
        if isinstance(item, dict):
            out = {}
            for key, inner in item.items():
                folded = key.casefold() if isinstance(key, str) else key
                if folded == "properties" and isinstance(inner, dict):
                    out.update(walk(inner))
                elif folded != "resourcegroup":
                    out[folded] = walk(inner)
            return out
        if isinstance(item, list):
            return [walk(inner) for inner in item]
        return item

    return walk(value)


def id_key(resource_id):
    """ARM ids compare case-insensitively and ignore a trailing slash."""
    return resource_id.strip().rstrip("/").casefold()


def prop(obj, *keys):
    """Walk ``keys`` through nested dicts; None when any step is missing.

    At each step the key is looked up directly, then inside ``properties``
    (ARM nests there, ``az`` flattens); both case-insensitively.
    """
    for key in keys:
        if not isinstance(obj, dict):
            return None
        if key in obj:  # _lookup's first step, without its call (issue 12)
            obj = obj[key]
            continue
        found = _lookup(obj, key)
        if found is _MISSING and isinstance(obj.get("properties"), dict):
            found = _lookup(obj["properties"], key)
        obj = None if found is _MISSING else found
    return obj


_MISSING = object()


def _folded_keys(keys):
    """Case-folded str key -> the first of ``keys`` (a dict's, in order) that folds to it, as ``_lookup``
    finds them."""
    if only_str(keys):  # JSON's keys: folded in one C pass, the first of alike keys last
        folded = dict(zip(map(str.casefold, reversed(keys)), reversed(keys)))
    else:
        folded = {}
        for k in keys:
            if isinstance(k, str):
                folded.setdefault(k.casefold(), k)
    return folded


# The folded key maps by key list: the resources of a type in one export mostly share theirs (bounded:
# a long-lived process does not keep every key list it saw).
_FOLDED_KEYS = BoundedMemo(4096)


def _lookup(obj, key):
    if key in obj:
        return obj[key]
    folded = key.casefold()
    for k, v in obj.items():
        if isinstance(k, str) and k.casefold() == folded:
            return v
    return _MISSING


def id_segment(resource_id, segment):
    """The value after ``/segment/`` in an ARM id (e.g. resourceGroups), or None. The id's folded text is
    split once (case folding neither makes nor removes a slash: the same parts)."""
    stripped = resource_id.strip("/")
    lowered = stripped.casefold().split("/")
    try:
        at = lowered.index(segment.casefold())
    except ValueError:
        return None
    return stripped.split("/")[at + 1] if at + 1 < len(lowered) else None


def _group_and_subscription(resource_id):
    """(id_segment resourceGroups, id_segment subscriptions) from one split of the id and of its folded text."""
    stripped = resource_id.strip("/")
    parts = stripped.split("/")
    if len(parts) > 3 and parts[0] == "subscriptions" and parts[2] == "resourceGroups" \
            and parts[1].casefold() != "resourcegroups":
        return parts[3], parts[1]  # an id as ARM writes it: both segments where id_segment finds them first
    lowered = stripped.casefold().split("/")
    last = len(parts) - 1
    at = lowered.index("resourcegroups") if "resourcegroups" in lowered else last
    group = parts[at + 1] if at < last else None
    at = lowered.index("subscriptions") if "subscriptions" in lowered else last
    return group, parts[at + 1] if at < last else None


def id_prefix(resource_id, child_segment):
    """The parent id of a child resource: the part before ``/child_segment/``.

    E.g. a subnet id and "subnets" give the virtual network id; None when absent.
    """
    marker = "/%s/" % child_segment.casefold()
    at = resource_id.casefold().find(marker)
    return resource_id[:at] if at > 0 else None


# How to export resources with their properties. ``az resource list`` lists resources through the ARM Resources - List
# call, whose items carry no properties (its $expand adds only createdTime, changedTime and provisioningState, REST
# reference GenericResourceExpanded), so the CLI prints "properties": null (azure-cli issue 3457); ``az resource show``
# and ``az network ... show`` GET each resource with its properties.
EXPORT_HINT = ("export them with their properties instead: 'az resource show --ids' with the ids 'az resource list' "
               "gave (a JSON list of the resources), or 'az network vpn-connection show', 'az network vnet-gateway show', "
               "'az network local-gateway show', 'az network public-ip show' and 'az network vnet show' of each")


def load_resources_text(text):
    """Parse JSON text (str or bytes) within the input budgets (safe_text), then ``load_resources``;
    bad JSON, or JSON nested past the budget, raises AzureInputError."""
    try:
        data = load_json_text(text)
    except ValueError as exc:
        raise AzureInputError("Azure resources are not valid JSON: %s" % exc)
    return load_resources(data, checked=True)


def load_resources(data, checked=False, pages=None, keep_nat_rules=False):
    """Index resources from parsed JSON (see module docstring for shapes). The data is first copied
    within the input budgets (safe_text.safe_data: nesting, number and string size, no lone
    surrogate, NaN/Infinity as text so that readers wanting a number report INVALID_VALUE);
    ``checked``: the data is what safe_text.load_json_text returned, already within them (checking
    again was 0.4-0.8 s at 2,000 connections, issue 12). ``pages``: a list to which the Resource Graph answers read
    are appended (resource_graph.GraphPage) for the caller to judge with those of other inputs; without it a set of
    pages that is not whole is refused here (resource_graph.incomplete). ``keep_nat_rules``: a gateway NAT rule listed
    apart whose gateway is not in this input is kept in ``nat_rules_apart`` for the caller (place_nat_rules), not
    counted as ignored."""
    if not checked:
        try:
            data = safe_data(data)
        except ValueError as exc:
            raise AzureInputError("Azure resources: %s" % exc)
    index = AzureIndex()
    if not isinstance(data, (list, dict)):
        raise AzureInputError(
            "Azure resources must be a JSON list or object, got %s" % type(data).__name__
        )
    _refuse_template(data, "")
    read_pages = [] if pages is None else pages
    nat_rules = []  # (position, item) of gateway NAT rules given as items of their own

    for position, item in _items(data, "", read_pages):
        resource = _resource(item, position)
        if resource is None:
            if _nat_rule_item(item):
                nat_rules.append((position, item))
            else:
                index.ignore(position, item)
            continue
        index.add(resource)
    if pages is None:
        lacking = incomplete(read_pages)
        if lacking:
            raise AzureInputError(lacking)
    for connection in index.of_type(tables.CONNECTIONS):
        _add_embedded(index, connection)
    left = place_nat_rules(index.get, nat_rules)
    if keep_nat_rules:
        index.nat_rules_apart = left
    else:
        for position, item in left:
            index.ignore(position, item)
    return index


def place_nat_rules(get, nat_rules):
    """Put each of ``nat_rules`` ((position, item) of gateway NAT rules given as items of their own) into its gateway's
    natRules (add_nat_rule); ``get``: (id, type) -> the resource, or None. Returns those whose gateway ``get`` has
    not, in order."""
    return [(position, item) for position, item in nat_rules if add_nat_rule(get, item) is None]


def _nat_rule_item(item):
    rtype, rid = item.get("type"), item.get("id")
    return isinstance(rtype, str) and rtype.strip().casefold() == tables.GATEWAY_NAT_RULE_TYPE and \
        isinstance(rid, str) and id_prefix(rid, "natRules") is not None


def add_nat_rule(get, item):
    """Put a NAT rule given as an item of its own into its gateway's natRules, as GET of the gateway has it (review s47
    B: it was ignored, and the connection linking it said the gateway did not have it); one already there is kept.
    The gateway (``get``: (id, type) -> the resource, or None), or None when it is not in the input."""
    gateway = get(id_prefix(item["id"], "natRules"), tables.GATEWAYS)
    if gateway is None:
        return None
    name = next((k for k in gateway.properties if isinstance(k, str) and k.casefold() == "natrules"), "natRules")
    rules = gateway.properties.get(name)
    if rules is None:
        rules = gateway.properties[name] = []
    if not isinstance(rules, list):
        return gateway  # the gateway's own natRules, not a list, is the reader's to refuse
    key = id_key(item["id"])
    if not any(isinstance(r, dict) and isinstance(r.get("id"), str) and id_key(r["id"]) == key for r in rules):
        rules.append(item)
    return gateway


def _refuse_template(data, position):
    """Raise AzureInputError when ``data`` is an ARM template or parameters file (arm_template.template_kind), at the
    top or as an item of a list (review s42: a template in a list, a languageVersion 2.0 template and a parameters file
    were each refused as "'(unnamed)' has no id")."""
    kind = template_kind(data)
    where = "" if not position else "input item %s " % position
    if kind == "template":
        raise AzureInputError(
            "%sis an ARM template (portal 'Export template', az group export: it has $schema, contentVersion and "
            "resources whose values may be template expressions such as [parameters('...')], which only a deployment "
            "evaluates), not the resources as Azure returns them: %s" % (where or "this ", EXPORT_HINT))
    if kind == "export_result":
        raise AzureInputError(
            "%sis the answer of an ARM template export (POST .../exportTemplate, as the SDKs' ResourceGroupExportResult "
            "saves it: {\"template\": ..., \"error\": ...}): a template, whose values may be template expressions "
            "such as [parameters('...')], which only a deployment evaluates, not the resources as Azure returns them: %s"
            % (where or "this ", EXPORT_HINT))
    if kind == "parameters":
        raise AzureInputError(
            "%sis an ARM template parameters file (deploymentParameters: values for a template, no resource), not the "
            "resources as Azure returns them: %s" % (where or "this ", EXPORT_HINT))


def _items(data, position, pages=None):
    """Yield (position, resource dict), unwrapping lists, {"value": [...]} and Resource Graph answers."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, dict) and not _wrapper(item):
                if "id" not in item:
                    _refuse_template(item, "%s[%d]" % (position, i))
                yield "%s[%d]" % (position, i), item  # a resource, as the dict branch below yields it
            else:
                yield from _items(item, "%s[%d]" % (position, i), pages)
    elif isinstance(data, dict) and isinstance(data.get("value"), list) and "id" not in data:
        if data.get("nextLink"):
            # a List operation's page: "nextLink: the URL to get the next set of results" (Azure REST API reference,
            # list results); the rest of the list is in no file (review 2026-12-04: read as the whole list, its
            # missing connections' ASA ends then said "no Azure connection has this peer address")
            raise AzureInputError(
                "Azure input item %s is one page of a paged list (it has a nextLink): the resources of the pages after "
                "it are not in this input. Save every page (az network ... list follows nextLink itself), or %s"
                % (position or "[0]", EXPORT_HINT))
        yield from _items(data["value"], position + ".value", pages)
    elif isinstance(data, dict) and graph_answer(data):
        # Azure Resource Graph's answer (az graph query, or the REST QueryResponse); its rows are resources as GET
        # returns them (review 2026-12-06: "has no id"), or a table's rows named by its columns. A page (skip token,
        # or fewer rows than totalRecords) is kept in ``pages``: the set is whole or refused once all is read
        if str(data.get("resultTruncated")).casefold() == "true":
            # the Resource Graph REST answer (QueryResponse): "resultTruncated: Indicates whether the query results are
            # truncated", as when a query's rows cannot be paged (Azure REST API reference, Resources - Resources)
            raise AzureInputError(
                "Azure input item %s is a Resource Graph answer whose rows were cut short (resultTruncated is true): "
                "the rest are in no file. Keep the id column in the query so that it pages, save every page, or %s"
                % (position or "[0]", EXPORT_HINT))
        read = graph_rows(data, position or "[0]")
        if isinstance(read, str):
            raise AzureInputError(read)
        rows, page = read
        if pages is not None:
            pages.append(page)
        yield from _items(rows, position + ".data")
    elif isinstance(data, dict):
        yield position or "[0]", data
    else:
        raise AzureInputError(
            "Azure input item %s is a %s, not a resource object" % (position or "[0]", type(data).__name__)
        )


def _wrapper(data):
    """A dict ``_items`` unwraps rather than yields: {"value": [...]} or a Resource Graph answer, with no id of its own
    (review B 2026-12 item 5: a Resource Graph answer inside a list was yielded as a resource that "has no id")."""
    return "id" not in data and (isinstance(data.get("value"), list) or graph_answer(data))


# The keys of a saved shared key: the REST ConnectionSharedKey is a SubResource (id) with the required value
# (Microsoft.Network 2024-05-01, VirtualNetworkGatewayConnectionGetSharedKey example: "id": ""); the az CLI adds
# resourceGroup to every object whose id names one (azure-cli-core commands/transform.py, _add_resource_group).
_SHARED_KEY_KEYS = frozenset(("id", "value", "resourcegroup"))


def _shared_key_output(item):
    """Whether ``item`` is a saved shared key: a str value and no key but _SHARED_KEY_KEYS (any case)."""
    return isinstance(item.get("value"), str) and all(
        isinstance(k, str) and k.casefold() in _SHARED_KEY_KEYS for k in item)


def _resource(item, position):
    """One AzureResource, or None for a type the checker does not read."""
    rid = item.get("id")
    label = item.get("name") or rid or "(unnamed)"
    if rid is None and "Id" in item and "type" not in item:
        # Azure PowerShell's objects (Get-AzVirtualNetworkGatewayConnection | ConvertTo-Json): PascalCase, no type,
        # properties flattened under other names (azure-powershell PSVirtualNetworkGatewayConnection); review
        # 2026-12-04: it read "'(unnamed)' has no id"
        raise AzureInputError(
            "Azure input item %s (%r) is Azure PowerShell object output (Id and Name in PascalCase, no type), not a "
            "resource as Azure returns it: %s; or, in PowerShell, the Content of Invoke-AzRestMethod -Method GET "
            "-Path '<resource id>?api-version=2024-05-01'" % (position, item.get("Name") or item.get("Id"), EXPORT_HINT))
    if _shared_key_output(item):
        # az network vpn-connection shared-key show (the ConnectionSharedKey GET): {"id", "value"} and the CLI's
        # resourceGroup; refused as "has no type" or "has no id" before (reviews s42, s43). Its value is not quoted.
        raise AzureInputError(
            "Azure input item %s is a connection's shared key (az network vpn-connection shared-key show), not a "
            "resource: a key in a saved export is not compared (a live read with -e compare_keys=true compares "
            "Azure's key); leave it out of the input" % position)
    if not isinstance(rid, str) or not rid.strip():
        if template_resource(item):
            raise AzureInputError(
                "Azure resource %r (input item %s) is a resource of an ARM template (it has no id, and has apiVersion, "
                "dependsOn or a template expression as its name), not the resource as Azure returns it: %s"
                % (label, position, EXPORT_HINT))
        if not any(key in item for key in ("name", "type", "properties")):
            # no resource at all (an answer of another API, a wrapper this reader does not know): its shape, by its
            # keys (never its values), rather than "'(unnamed)' has no id"
            keys = sorted(str(key) for key in item)
            raise AzureInputError("Azure input item %s is a JSON object that is no resource (no id, name, type or "
                                  "properties; %s): give the resources as Azure returns them: %s" % (
                                      position, "its keys: %s%s" % (", ".join(keys[:10]), ", ..." if len(keys) > 10
                                                                    else "") if keys else "it is empty", EXPORT_HINT))
        raise AzureInputError("Azure resource %r (input item %s) has no id" % (label, position))
    rtype = item.get("type")
    if not isinstance(rtype, str) or not rtype.strip():
        raise AzureInputError("Azure resource %r (input item %s, id %s) has no type" % (label, position, rid))
    short = tables.RESOURCE_TYPES.get(rtype.strip().casefold())
    if short is None:
        return None
    _refuse_expression(item, rid, position)
    name = item.get("name")
    group, subscription = _group_and_subscription(rid)
    return _refuse_non_booleans(AzureResource(
        id=rid.strip(),
        name=name if isinstance(name, str) else rid.rstrip("/").rsplit("/", 1)[-1],
        type=short,
        properties=_properties(item, position),
        resource_group=item.get("resourceGroup") or group,
        subscription=subscription,
        position=position,
    ))


# Characters of a refused boolean's value quoted in the message (a limit of this reader).
_MAX_SHOWN_VALUE = 80


def _refuse_non_booleans(resource):
    """``resource``, or AzureInputError naming the first of its tables.BOOLEAN_PROPERTIES that holds neither a boolean
    nor null (null: absent). Azure writes them as JSON true or false, so another type is a hand edit, and read with
    ``is True`` it was taken as false (review s43); the property is no secret, so its value is quoted."""
    for path in tables.BOOLEAN_PROPERTIES.get(resource.type, ()):
        if len(path) == 1:
            _boolean(resource, path[0], resource.get(path[0]))
            continue
        items = resource.get(path[0])
        for at, item in enumerate(items if isinstance(items, list) else ()):
            # a list or item of another shape is refused by its reader (evidence.list_prop, object_value)
            _boolean(resource, "%s[%d].%s" % (path[0], at, path[1]), prop(item, path[1]))
    return resource


def _boolean(resource, path, value):
    if value is None or isinstance(value, bool):
        return
    raise AzureInputError(
        "%s: %s is %s, a %s, not a boolean: Azure exports it as true or false, unquoted, so this input was edited by "
        "hand; write true or false there" % (
            resource.describe(), path, clip(json.dumps(value, default=str), _MAX_SHOWN_VALUE), type(value).__name__))


def _refuse_expression(item, rid, position):
    """Raise AzureInputError naming the resource and the property when a value of ``item`` is an ARM template
    expression: a deployment's to evaluate, it is no address, prefix, policy or key (review s42: a local network
    gateway's "[reference(...)]" address was read as a wrong address, a sharedKey "[parameters(...)]" as a key held).
    The expression's text is not quoted: under sharedKey it is that property's value."""
    found = expression_in({"id": rid, "name": item.get("name")}) or expression_in(item.get("properties")) or (
        expression_in({k: v for k, v in item.items() if k.casefold() not in tables.ENVELOPE_KEYS})
        if item.get("properties") is None else None)
    if found:
        raise AzureInputError(
            "Azure resource %s (input item %s): %s is an ARM template expression (%s), which only a deployment "
            "evaluates, not a value Azure holds: was it copied from a template (az group export, the portal's 'Export "
            "template')? Give the resources as Azure returns them: %s" % (
                rid, position, found[0], "[%s(...)]" % found[1] if found[1] else "its value is not shown", EXPORT_HINT))


def _properties(item, position):
    """ARM keeps properties under ``properties``; ``az`` puts them at top level."""
    nested = item.get("properties")
    if nested is None:
        return {k: v for k, v in item.items() if k.casefold() not in tables.ENVELOPE_KEYS}
    if not isinstance(nested, dict):
        raise AzureInputError(
            "Azure resource %r (input item %s): 'properties' is a %s, not an object"
            % (item.get("name") or item.get("id"), position, type(nested).__name__)
        )
    return nested


# Old API versions embed the whole gateway object in a connection; use it
# when the gateway itself is not in the input.
_EMBEDDED = (("virtualNetworkGateway1", tables.GATEWAYS), ("localNetworkGateway2", tables.LOCAL_GATEWAYS))


def _add_embedded(index, resource):
    for key, short in _EMBEDDED:
        ref = resource.get(key)
        if not isinstance(ref, dict) or not isinstance(ref.get("id"), str) or index.get(ref["id"]) is not None:
            continue
        props = _properties(ref, resource.position)
        if not set(k.casefold() for k in props) - {"resourcegroup"}:
            continue  # a bare {"id": ...} reference, nothing embedded
        index.add(
            _refuse_non_booleans(AzureResource(
                id=ref["id"].strip(),
                name=ref.get("name") or ref["id"].rstrip("/").rsplit("/", 1)[-1],
                type=short,
                properties=props,
                resource_group=id_segment(ref["id"], "resourceGroups"),
                subscription=id_segment(ref["id"], "subscriptions"),
                position="%s.%s" % (resource.position, key),
            ))
        )
