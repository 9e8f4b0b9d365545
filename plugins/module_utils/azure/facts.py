# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure resources -> the ``vpnalign_azure`` fact: what azure_vpn_facts returns."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resource_graph import incomplete
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import (
    EXPORT_HINT,
    AzureIndex,
    AzureInputError,
    add_nat_rule,
    id_key,
    id_segment,
    load_resources,
    same_content,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused_aged
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import facts_with_tunnels

__all__ = ["AzureInputError", "DuplicateResource", "azure_facts_and_ends", "azure_facts_from_data", "azure_facts_from_sdk",
           "azure_sources_facts_and_ends"]


def azure_facts_from_data(data, source="resources", psk_digest=None, checked=False):
    """Facts for every IPsec connection in ``data`` (parsed JSON); raises AzureInputError on bad input.
    ``checked``: ``data`` is what safe_text.load_json_text returned (within the input budgets already).

    ``tunnels`` holds one TunnelEnd dict per connection and gateway instance: a connection
    on an active-active gateway gives two, told apart by ``ref["instance"]`` (0, 1) and
    ``ref["instance_count"]`` (2). ``tunnel_end_from_dict`` rebuilds each exactly.
    """
    return facts_with_tunnels(*azure_facts_and_ends(data, source, psk_digest, checked))


def azure_facts_and_ends(data, source="resources", psk_digest=None, checked=False):
    """``azure_facts_from_data``'s facts with ``tunnels`` still None, and the TunnelEnds the tunnels are made
    of: the check on the controller takes the ends as they are (compat_facts.ReadEnds; issue 12)."""
    with gc_paused_aged():  # see gc_pause.py: the ends outlive the reading
        return _facts(data, source, psk_digest, checked)


def _facts(data, source, psk_digest, checked):
    index = load_resources(data, checked=checked)
    check_properties(index)
    ends, findings = azure_tunnel_ends(index, psk_digest=psk_digest)
    return _source_facts(index, source, findings), ends


def _source_facts(index, source, findings):
    counts = {}
    for resource in index.order:
        kind = resource.type.split("/")[-1]
        counts[kind] = counts.get(kind, 0) + 1
    facts = {
        "source": source,
        "tunnels": None,  # azure_facts_from_data: one compact dict per end (model_facts.facts_with_tunnels)
        "findings": [f.to_dict(alternatives=True) for f in findings],
        "counts": counts,
    }
    if index.ignored_count:
        counts["ignored"] = index.ignored_count
        # the types skipped, the commonest first (at most IGNORED_TYPES_SHOWN): an input with no connection says
        # what it held instead (report_gate.inputs_without_tunnels; review 2026-12-04: a Virtual WAN export)
        ranked = sorted(index.ignored_types.items(), key=lambda kv: (-kv[1], kv[0]))
        facts["ignored_types"] = dict(ranked[:IGNORED_TYPES_SHOWN])
    return facts


IGNORED_TYPES_SHOWN = 10


_KINDS = {tables.CONNECTIONS: "connection", tables.GATEWAYS: "virtual network gateway",
          tables.LOCAL_GATEWAYS: "local network gateway", tables.PUBLIC_IPS: "public IP address",
          tables.VIRTUAL_NETWORKS: "virtual network"}
_EMBEDDED_AT = (".virtualNetworkGateway1", ".localNetworkGateway2")  # resources.py: an object a connection embeds


def _without_properties(resource):
    """Whether an input resource came without its properties: ``"properties": null`` (``az resource list``), or a
    connection with none of what any connection type has (its type, its gateway, its local network gateway)."""
    if resource.position.endswith(_EMBEDDED_AT):
        return False  # a connection's snapshot of its gateway: the gateway itself is read when in the input
    props = resource.properties
    if "properties" in props and props["properties"] is None:
        return True
    return resource.type == tables.CONNECTIONS and all(
        resource.get(key) is None for key in ("connectionType", "virtualNetworkGateway1", "localNetworkGateway2"))


def check_properties(index):
    """Raise AzureInputError naming the first resource of ``index`` that came without its properties (and how many
    more did): its connections would otherwise be skipped as no site-to-site connection, and their tunnels go
    unchecked without a word."""
    lacking = [r for r in index.order if _without_properties(r)]
    if lacking:
        first = lacking[0]
        what = "%s %r (input item %s)" % (_KINDS.get(first.type, first.type), first.name, first.position)
        if len(lacking) > 1:
            what += " and %d more of its resources have" % (len(lacking) - 1)
        else:
            what += " has"
        raise AzureInputError("%s no properties (\"properties\": null or left out, as 'az resource list' prints "
                              "resources), so no setting of theirs can be checked: %s" % (what, EXPORT_HINT))


class DuplicateResource(AzureInputError):
    """One resource id in two sources of one read: ``kind`` (connection or another type), ``rid``, the ``first`` and
    ``second`` origins, ``same`` (equal content)."""

    def __init__(self, kind, rid, first, second, same):
        self.kind, self.rid, self.first, self.second, self.same = kind, rid, first, second, same
        if kind == tables.CONNECTIONS:
            message = "connection %s is in both %s and %s" % (rid, first, second)
        else:
            message = ("%s %s is in both %s and %s with different properties: were they exported at different times? "
                       "Export it once, or export both again" % (kind, rid, first, second))
        super(DuplicateResource, self).__init__(message)


def azure_sources_facts_and_ends(sources, source="src", psk_digest=None, checked=False, repeated=None):
    """``azure_facts_and_ends`` of several inputs read together: ``sources`` yields (data, origin); returns
    [(facts, ends, used)], one per input in order. A connection's references (its gateway, local network gateway,
    public IPs, VNet) are resolved across all the inputs by resource id (ARM ids are unique across subscriptions),
    so one export per resource group gives the tunnels of one export per subscription. Each input's facts hold its
    own connections' ends and findings and count its own resources; ``used``: how many of its resources the
    connections were read with (an input of local network gateways and public IPs holds no connection, but is used).

    Raises AzureInputError naming the origin: an input that is not resources, or has a resource without properties;
    DuplicateResource when one connection is in two inputs, or another resource is in two with different properties
    (the same properties are one resource). Linear in the inputs: each is indexed once, the ends are made once.

    ``repeated``: a list, to have a connection in two inputs reported rather than raised: a DuplicateResource is
    appended for each, the connection read once when ``same`` (its first input's ends), and not read at all when the
    two differ (which one Azure runs cannot be told from the files); the other connections are read as usual."""
    with gc_paused_aged():
        indexes, merged, origin_of = [], _ReadIndex(), {}
        twice = [] if repeated is None else repeated
        pages = []  # Resource Graph pages: a query's pages may be saved in several of the inputs
        for data, origin in sources:
            try:
                read_pages = []
                index = load_resources(data, checked=checked, pages=read_pages, keep_nat_rules=True)
                check_properties(index)
            except AzureInputError as exc:
                raise AzureInputError("%s: %s" % (origin, exc))
            for page in read_pages:
                page.where = "%s %s" % (origin, page.where)
            pages.extend(read_pages)
            del data
            indexes.append((index, origin))
            # by_id holds index.order's resources in its order under their id_key (AzureIndex.add writes both):
            # each key as it was made, not made again (issue 12)
            for key, resource in index.by_id.items():
                _merge(merged, origin_of, resource, origin, key, twice if repeated is not None else None)
        lacking = incomplete(pages)
        if lacking:
            raise AzureInputError(lacking)
        placed = _nat_rules_placed(merged, indexes)
        differ = set(id_key(d.rid) for d in twice if not d.same)
        if differ:  # neither copy is checked: its gateway and local network gateway stay (other connections use them)
            merged.order = [r for r in merged.order if id_key(r.id) not in differ]
            for key in differ:
                del merged.by_id[key]
        ends, findings = azure_tunnel_ends(merged, psk_digest=psk_digest)
        ends_of, findings_of, used = {}, {}, {}
        for end in ends:
            ends_of.setdefault(origin_of[id_key(end.ref["id"])][0], []).append(end)
        for finding in findings:  # the adapter scopes each to its connection's id; one that is not goes to the first input
            findings_of.setdefault(_finding_origin(finding, origin_of) or (indexes[0][1] if indexes else None), []).append(finding)
        for key in merged.read:
            origin = origin_of[key][0]
            used[origin] = used.get(origin, 0) + 1
        for gateway, origin in placed:  # a rule listed apart in another input than its gateway is used with it
            if id_key(gateway.id) in merged.read:
                used[origin] = used.get(origin, 0) + 1
        for found in twice:  # a file whose connection is another's copy, or differs from it, is not a file of nothing
            for origin in (found.first, found.second) if not found.same else (found.second,):
                used[origin] = used.get(origin, 0) + 1
        return [(_source_facts(index, source, findings_of.get(origin, [])), ends_of.get(origin, []), used.get(origin, 0))
                for index, origin in indexes]


def _nat_rules_placed(merged, indexes):
    """Put the gateway NAT rules each input listed apart from its gateway (load_resources ``nat_rules_apart``) into
    the gateway of another input (review: a rule in another export than its gateway was counted as ignored, and the
    connection linking it said the gateway did not have it); one whose gateway is in no input is counted as ignored
    in its own. Returns [(gateway, origin of the rule)] of those placed. The gateway is looked up without marking it
    read (AzureIndex.get): a connection reading it does."""
    placed = []
    for index, origin in indexes:
        for position, item in index.nat_rules_apart:
            gateway = add_nat_rule(lambda rid, rtype: AzureIndex.get(merged, rid, rtype), item)
            if gateway is None:
                index.ignore(position, item)
            else:
                placed.append((gateway, origin))
        index.nat_rules_apart = []
    return placed


class _ReadIndex(AzureIndex):
    """An AzureIndex that keeps the keys of the resources looked up in it (``read``)."""

    def __init__(self):
        super(_ReadIndex, self).__init__()
        self.read = set()

    def get(self, resource_id, resource_type=None):
        """``AzureIndex.get``, the key made once for the look-up and ``read``."""
        if not isinstance(resource_id, str):
            return None
        key = id_key(resource_id)
        found = self.by_id.get(key)
        if found is None or (resource_type is not None and found.type != resource_type):
            return None
        self.read.add(key)
        return found


def _merge(merged, origin_of, resource, origin, key, repeated=None):
    """``key``: ``id_key(resource.id)``. ``repeated``: see azure_sources_facts_and_ends."""
    found = merged.by_id.get(key)
    if found is None:
        merged.by_id[key] = resource  # AzureIndex.add, whose key is made
        merged.order.append(resource)
        origin_of[key] = (origin, resource)
        return
    first = origin_of[key][0]
    if first == origin:
        return  # within one input: load_resources kept the first
    if resource.type == tables.CONNECTIONS or found.type == tables.CONNECTIONS:
        same = found.type == resource.type and same_content(_settings(found.properties), _settings(resource.properties))
        if repeated is None:
            raise DuplicateResource(tables.CONNECTIONS, found.id, first, origin, same)
        repeated.append(DuplicateResource(tables.CONNECTIONS, found.id, first, origin, same))
        return  # the first copy stands; a differing one is dropped by the caller
    if resource.position.endswith(_EMBEDDED_AT):
        return  # a connection's snapshot: the resource read first stands
    if found.position.endswith(_EMBEDDED_AT):  # the resource itself replaces an earlier input's snapshot of it
        merged.by_id[key] = resource
        origin_of[key] = (origin, resource)
        return
    if found.type != resource.type or not same_content(found.properties, resource.properties):
        raise DuplicateResource(found.type, found.id, first, origin, False)


# What a connection's GET says of its traffic, not of its settings: two exports of one connection taken minutes apart
# differ in them, and no check reads them (REST_2024_05_01 VirtualNetworkGatewayConnection: read-only counters and the
# per-tunnel status; connectionStatus is read: AZURE_CONNECTION_DOWN, so it is compared).
_TRAFFIC = frozenset(k.casefold() for k in ("ingressBytesTransferred", "egressBytesTransferred", "tunnelConnectionStatus"))


def _settings(properties):
    if not isinstance(properties, dict):
        return properties
    inner = properties.get("properties")
    if isinstance(inner, dict):
        return dict(properties, properties=_settings(inner))
    return dict((k, v) for k, v in properties.items() if not (isinstance(k, str) and k.casefold() in _TRAFFIC))


def _finding_origin(finding, origin_of):
    for key in finding.scope:
        found = origin_of.get(id_key(key)) if isinstance(key, str) else None
        if found is not None:
            return found[0]
    return None


def azure_facts_from_sdk(reader, connection=None, virtual_network_gateway=None, resource_group=None,
                         gather_state=False, psk_digest=None):
    """Facts read live through ``reader`` (an sdk.AzureNetworkReader); returns (facts, warnings).

    Selection: ``connection`` (in ``resource_group``), else ``virtual_network_gateway``
    (in ``resource_group``: all its connections), else every connection of
    ``resource_group``, else of the whole subscription.  The resources are fetched as
    ARM JSON and go through the same reader as exported files, so the facts equal those
    of ``azure_facts_from_data`` on the same resources (``source`` is ``sdk``).
    ``psk_digest``: callable psk -> digest; when given the shared keys are read (sharedkey
    API) and digested, otherwise shared keys are dropped.  ``gather_state`` adds
    ``state``: status and byte counters of each IPsec connection and its live IKE SAs;
    failures of that optional part become warnings.  Raises sdk.AzureSdkError.
    """
    reader.authenticate()
    if connection:
        connections = [reader.connection(resource_group, connection)]
    elif virtual_network_gateway:
        connections = reader.gateway_connections(resource_group, virtual_network_gateway)
    elif resource_group:
        connections = reader.group_connections(resource_group)
    else:
        connections = reader.subscription_connections()
    connections = [dict(c) for c in connections]
    ipsec = [c for c in connections if _is_site_connection(c)]
    for conn in connections:
        shared = _pop_shared_key(conn)
        if psk_digest is not None and conn in ipsec:
            shared = shared or reader.shared_key(conn)
            if shared:
                conn.setdefault("properties", {})["sharedKey"] = shared
    resources = reader.related(connections, resolve=_is_site_connection)
    facts = azure_facts_from_data(resources, source="sdk", psk_digest=psk_digest)
    for conn in connections:
        _pop_shared_key(conn)
    if reader.keys_not_read:  # the check says whose keys were not compared, and why (fact_sources)
        facts["keys_not_read"] = list(reader.keys_not_read)
    if reader.not_read:  # the check says which referenced resources Azure refused to show (fact_sources)
        facts["resources_not_read"] = list(reader.not_read)
        # and each connection naming one fails: it was not checked against it (review 2026-12-04: an undefined
        # reference's warning passed the default gate where the read had failed it)
        facts["findings"] = list(facts.get("findings") or []) + [_refused_reference(item) for item in reader.not_read]
    if gather_state:
        facts["state"] = _gather_state(reader, ipsec)
    return facts, list(reader.warnings)


def _is_site_connection(connection):
    props = connection.get("properties") if isinstance(connection.get("properties"), dict) else connection
    kind = props.get("connectionType")
    if isinstance(kind, str):
        return kind.casefold() == "ipsec"
    return props.get("localNetworkGateway2") is not None


def _pop_shared_key(connection):
    value = None
    for holder in (connection, connection.get("properties")):
        if isinstance(holder, dict):
            for key in [k for k in holder if isinstance(k, str) and k.casefold() == "sharedkey"]:
                value = holder.pop(key) or value
    return value


def _refused_reference(item):
    """The error of a connection whose referenced resource Azure refused to show (sdk.get, HTTP 403)."""
    return Finding(code="UNDEFINED_REFERENCE", severity=ERROR, phase="config",
                   summary="%s, named by %s, could not be read (%s): the tunnel is not checked against it."
                           % (item["resource"], item["named_by"], item["why"]),
                   evidence={"azure": {"resource": item["resource"], "error": item["why"]}},
                   scope=[item["connection_id"]]).to_dict()


def _gather_state(reader, connections):
    # imported here: sdk.py needs the Azure SDK only for live reads
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureSdkError, connection_state

    state = {}
    for conn in connections:
        if "connectionStatus" not in (conn.get("properties") or {}):
            # a connection read from a list: Azure fills connectionStatus and the byte counters only in a GET of the
            # one connection (azure-cli issues 2061 and 3226; azure-powershell 2581, review 2026-12-04)
            try:
                conn = reader.reread(conn["id"])
            except AzureSdkError as exc:
                reader.warnings.append("gather_state: %s" % exc)
        entry = connection_state(conn)
        try:
            entry["ike_sas"] = reader.ike_sas(conn)
        except AzureSdkError as exc:
            entry["ike_sas"] = None
            entry["ike_sas_error"] = str(exc)
            reader.warnings.append("gather_state: %s" % exc)
        # keyed by resource group and name: one name ("to-HQ") is common to several groups of a subscription, and one
        # connection's state overwrote the other's (review 2026-12-04)
        state["%s/%s" % (id_segment(conn.get("id") or "", "resourceGroups") or "", conn.get("name"))] = entry
    return state
