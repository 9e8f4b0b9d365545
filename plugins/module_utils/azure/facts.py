# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure resources -> the ``vpnalign_azure`` fact: what azure_vpn_facts returns."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused_aged
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import facts_with_tunnels

__all__ = ["AzureInputError", "azure_facts_and_ends", "azure_facts_from_data", "azure_facts_from_sdk"]


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
    of: the check on the controller takes the ends as they are (compat.ReadEnds; issue 12)."""
    with gc_paused_aged():  # see gc_pause.py: the ends outlive the reading
        return _facts(data, source, psk_digest, checked)


def _facts(data, source, psk_digest, checked):
    index = load_resources(data, checked=checked)
    ends, findings = azure_tunnel_ends(index, psk_digest=psk_digest)
    counts = {}
    for resource in index.order:
        kind = resource.type.split("/")[-1]
        counts[kind] = counts.get(kind, 0) + 1
    if index.ignored_count:
        counts["ignored"] = index.ignored_count
    return {
        "source": source,
        "tunnels": None,  # azure_facts_from_data: one compact dict per end (model.facts_with_tunnels)
        "findings": [f.to_dict() for f in findings],
        "counts": counts,
    }, ends


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


def _gather_state(reader, connections):
    # imported here: sdk.py needs the Azure SDK only for live reads
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureSdkError, connection_state

    state = {}
    for conn in connections:
        entry = connection_state(conn)
        try:
            entry["ike_sas"] = reader.ike_sas(conn)
        except AzureSdkError as exc:
            entry["ike_sas"] = None
            entry["ike_sas_error"] = str(exc)
            reader.warnings.append("gather_state: %s" % exc)
        state[conn.get("name")] = entry
    return state
