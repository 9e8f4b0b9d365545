# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which connections to read, and every resource they name.

``ConnectionDiscovery`` is the half of the SDK reader (sdk.AzureNetworkReader) that chooses:
the connections of one gateway, of a resource group or of the whole subscription, then per
connection its gateway, the gateway's public IPs and VNet, the peered VNets that use its gateway
and the local network gateway.  It reads each resource through the reader's ``get`` (cached,
errors as AzureSdkError) and ``call``, so it holds no client or credential of its own.
No Ansible import here.
"""

from urllib.parse import quote, urlsplit

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_json import arm_dict
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_request_target, shown
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import (
    AzureInputError,
    id_key,
    id_prefix,
    id_segment,
    prop,
)

try:
    from azure.core.rest import HttpRequest
except ImportError:
    HttpRequest = None  # sdk.AzureNetworkReader refuses to start without the SDK (HAS_AZURE)

# The Microsoft.Resources list names the resource groups holding connections; the Network provider's
# subscription-level list is the fallback where that API is not served (Azure REST API reference,
# "Resources - List" 2021-04-01, "Virtual Network Gateway Connections").
RESOURCES_API_VERSION = "2021-04-01"
NETWORK_API_VERSION = "2024-05-01"  # only for the raw subscription-level fallback list


class ConnectionDiscoveryMixin:
    """Selections of connections and the resources they name; mixed into sdk.AzureNetworkReader,
    which provides ``get``, ``call``, ``client``, ``remember``, ``describe``, ``settings``,
    ``warnings`` and the cache."""

    def connection(self, resource_group, name):
        return self.get(self.resource_id(resource_group, "connections", name))

    def resource_id(self, resource_group, kind, name, subscription_id=None):
        return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s" % (
            subscription_id or self.settings.subscription_id, resource_group, kind, name)

    def gateway_connections(self, resource_group, gateway_name):
        """The full connection resources of one virtual network gateway."""
        gateway_id = self.resource_id(resource_group, "virtualNetworkGateways", gateway_name)
        self.get(gateway_id)  # 404 here names the gateway, not its connections
        what = "the connections of %s" % self.describe(gateway_id)
        # list_connections returns list entities (no dpdTimeoutSeconds, ...): use it for
        # the ids only, then read the full resources, listing the group when that is cheaper.
        entities = self.call(what, lambda: list(
            self.client().virtual_network_gateways.list_connections(resource_group, gateway_name,
                                                                    cls=page_checked(what))))
        ids = [listed_id(what, at, getattr(entity, "id", None), getattr(entity, "name", None))
               for at, entity in enumerate(entities)]
        wanted = [i for i in ids if id_key(i) not in self._cache]
        by_group = {}
        for rid in wanted:
            by_group.setdefault((id_segment(rid, "subscriptions") or "").casefold(), {}).setdefault(
                (id_segment(rid, "resourceGroups") or "").casefold(), []).append(rid)
        for groups in by_group.values():
            for rid_list in groups.values():
                if len(rid_list) > 1:
                    self.group_connections(id_segment(rid_list[0], "resourceGroups"),
                                           id_segment(rid_list[0], "subscriptions"))
        return [self.get(rid) for rid in ids]

    def group_connections(self, resource_group, subscription_id=None):
        """All connections of a resource group (one list call, full resources)."""
        # the group may come from an id in Azure's answer: it goes into the URL
        error = request_target_error(resource_group, subscription_id or self.settings.subscription_id, resource_group)
        if error is not None:
            raise error
        what = "the connections of resource group %s" % resource_group
        client = self.client(subscription_id)
        connections = client.virtual_network_gateway_connections
        items = self.call(what, lambda: list(connections.list(resource_group, cls=page_checked(what))))
        return [self.listed(what, arm_dict(item), at) for at, item in enumerate(items)]

    def listed(self, what, item, position):
        """A resource of a list, kept; one without an id is refused by name (it made a KeyError's "unexpected
        'id'" before)."""
        listed_id(what, position, item.get("id"), item.get("name"))
        return self.remember(item)

    def subscription_connections(self):
        """All connections of the subscription.

        The Network API lists connections per resource group only, so the resource
        groups holding connections come from the Microsoft.Resources resource list, then
        each group is listed once.  Where that API is not served (404: some Azure Stack
        Hub versions, emulators) the Network provider's subscription-level collection
        is read instead.
        """
        sub = self.settings.subscription_id
        what = "the connections of subscription %s" % sub
        url = "/subscriptions/%s/resources?$filter=%s&api-version=%s" % (
            quote(sub, safe=""), quote("resourceType eq 'Microsoft.Network/connections'", safe=""),
            RESOURCES_API_VERSION)
        try:
            items = self._pages(what, url)
        except AzureSdkError as exc:
            if exc.status != 404:
                raise
            url = "/subscriptions/%s/providers/Microsoft.Network/connections?api-version=%s" % (
                quote(sub, safe=""), NETWORK_API_VERSION)
            return [self.listed(what, item, at) for at, item in enumerate(self._pages(what, url))]
        groups, seen, listed = [], set(), {}  # a set of the names casefolded: a list rebuilt per item was items squared (issue 12)
        for position, item in enumerate(items):
            rid = item.get("id")
            rg = id_segment(rid, "resourceGroups") if isinstance(rid, str) else None
            if not rg:
                # its group's connections would not be read, and nothing said so (review 2026-12-06)
                raise AzureSdkError("%s: item %d of the resource list names no resource group (id %s); the "
                                    "connections it lists cannot all be read" % (
                                        what, position, shown(rid) if isinstance(rid, str) else "missing"),
                                    code="InvalidResourceId")
            if (id_segment(rid, "subscriptions") or "").casefold() != sub.casefold():
                # listing its group here would read a group of this subscription of the same name, if any
                raise AzureSdkError("%s: item %d of the resource list is in another subscription (id %s)" % (
                    what, position, shown(rid)), code="InvalidResourceId")
            if rg.casefold() not in seen:
                seen.add(rg.casefold())
                groups.append(rg)
            listed.setdefault(rg.casefold(), []).append(item.get("name") or id_segment(rid, "connections"))
        return self._groups_read(groups, listed)

    def _groups_read(self, groups, listed):
        """The connections of ``groups``. A group deleted since the resource list named it (404 ResourceGroupNotFound)
        is a warning naming it and the connections listed in it, and the others are read: one such group failed the
        whole read (review s41). When every group is gone nothing was read: that fails, as a bare 404 would."""
        connections, gone = [], []
        for rg in groups:
            try:
                connections.extend(self.group_connections(rg))
            except AzureSdkError as exc:
                if exc.status != 404 or exc.code != "ResourceGroupNotFound":
                    raise
                gone.append((rg, exc))
        if gone and len(gone) == len(groups):
            raise gone[0][1]
        for rg, exc in gone:
            self.warnings.append("resource group %s is gone: the resource list of subscription %s named connection(s) "
                                 "%s in it, which were not read (deleted since the list was made?); the connections "
                                 "of the other %d resource group(s) were read. Azure said: %s"
                                 % (shown(rg), self.settings.subscription_id,
                                    ", ".join(map(shown, listed[rg.casefold()])), len(groups) - len(gone), exc))
        return connections

    def _pages(self, what, url):
        """The items of every page of a list. An answer not shaped as ARM's list is refused, naming the page and
        item: an item that was not an object was dropped without a word, and a nextLink naming a page already read
        was followed for ever (review 2026-12-06)."""
        items, followed = [], set()
        while url:
            followed.add(url)
            page = self.call(what, self._send_json, url)
            number = len(followed)
            value = page.get("value") if isinstance(page, dict) else page
            if isinstance(page, dict) and "value" in page and value is None:
                raise null_page_error(what, number)
            if not isinstance(page, dict) or not isinstance(value, (list, type(None))):
                raise AzureSdkError("%s: page %d of the answer is not an ARM list (an object whose value is a list): "
                                    "%s is a %s" % (what, number, "it" if value is page else "its value",
                                                    type(value).__name__), code="InvalidResponse")
            for position, item in enumerate(value or []):
                if not isinstance(item, dict):
                    raise AzureSdkError("%s: item %d of page %d of the answer is a %s, not an object; the list is not "
                                        "read" % (what, position, number, type(item).__name__), code="InvalidResponse")
            items.extend(value or [])
            url = page.get("nextLink")
            if url is not None and not isinstance(url, str):
                raise AzureSdkError("%s: the nextLink of page %d is a %s, not a link" % (
                    what, number, type(url).__name__), code="InvalidNextLink")
            if url in followed:
                raise AzureSdkError("%s: the nextLink of page %d names a page already read (%s); the list would never "
                                    "end" % (what, number, shown(url)), code="InvalidNextLink")
            if url and not same_endpoint(url, self.settings.base_url):
                # the next page's request carries the bearer token: only to the endpoint this run reads
                raise AzureSdkError("%s: the answer's nextLink %s is not on %s; it was not followed" % (
                    what, shown(url), self.settings.base_url), code="InvalidNextLink")
        return items

    def _send_json(self, url):
        client = self.client()
        # azure-mgmt-network before 30 (28.0 is what azure.azcollection pins) names it _send_request
        send = getattr(client, "send_request", None) or client._send_request  # pylint: disable=protected-access
        response = send(HttpRequest("GET", url))
        response.raise_for_status()
        return response.json()

    # ---- what a connection names -----------------------------------------
    def related(self, connections, resolve=None):
        """Every resource the connections name, ARM dicts in a stable order, each once.

        Order: the connections, then per connection its gateway, the gateway's public
        IPs, its VNet and the peered VNets that use its gateway, and the local network
        gateway.  A referenced resource that does not exist is left out (the adapter
        reports it as UNDEFINED_REFERENCE) and noted in ``warnings``.  ``resolve``: a
        predicate choosing the connections whose references are read (e.g. site-to-site
        ones only); the others are returned alone.
        """
        out, seen = [], set()
        gateways_done = set()  # a gateway's resources read and added once, not per connection of it (issue 12)

        def add(resource):
            if resource is not None and id_key(resource["id"]) not in seen:
                seen.add(id_key(resource["id"]))
                out.append(resource)

        for connection in connections:
            add(connection)
        for connection in connections:
            if resolve is not None and not resolve(connection):
                continue
            label = "connection %r" % connection.get("name")
            referring = connection.get("id")  # a resource Azure refuses to show is reported on this connection
            # a reference that is no text is not read: the adapter reports it (UNDEFINED_REFERENCE), as offline
            gateway_id = prop(connection, "virtualNetworkGateway1", "id")
            gateway = self.get(gateway_id, optional=True, referenced_by=label, referring=referring) \
                if isinstance(gateway_id, str) and gateway_id else None
            add(gateway)
            if gateway is not None and id_key(gateway["id"]) not in gateways_done:
                gateways_done.add(id_key(gateway["id"]))
                for resource in self.gateway_related(gateway, referring):
                    add(resource)
            lng_id = prop(connection, "localNetworkGateway2", "id")
            if isinstance(lng_id, str) and lng_id:
                add(self.get(lng_id, optional=True, referenced_by=label, referring=referring))
        return out

    def gateway_related(self, gateway, referring=None):
        label = "virtual network gateway %r" % gateway.get("name")
        configs = prop(gateway, "ipConfigurations") or []
        out = []
        for config in configs:
            pip_id = prop(config, "publicIPAddress", "id")
            if isinstance(pip_id, str):
                out.append(self.get(pip_id, optional=True, referenced_by=label, referring=referring))
        subnet_id = next((prop(c, "subnet", "id") for c in configs if isinstance(prop(c, "subnet", "id"), str)), None)
        if subnet_id:
            vnet = self.get(id_prefix(subnet_id, "subnets") or subnet_id, optional=True, referenced_by=label,
                            referring=referring)
            out.append(vnet)
            if vnet is not None:
                out.extend(self.transit_spokes(vnet))
        return [r for r in out if r is not None]

    def transit_spokes(self, hub):
        """Peered VNets that use ``hub``'s gateway: the hub allows gateway transit and the
        spoke's own peering back to the hub has useRemoteGateways."""
        spokes = []
        for peering in self.peerings(hub):
            remote = prop(peering, "remoteVirtualNetwork", "id")
            state = prop(peering, "peeringState")
            if not isinstance(remote, str) or prop(peering, "allowGatewayTransit") is not True:
                continue
            if isinstance(state, str) and state.casefold() != tables.PEERING_CONNECTED.casefold():
                continue
            try:
                spoke = self.get(remote, optional=True, referenced_by="the peering %r of virtual network %r"
                                 % (prop(peering, "name"), hub.get("name")))
            except AzureSdkError as exc:
                if exc.status != 403:
                    raise
                self.warnings.append("peered %s (may be in another subscription); %s" % (
                    str(exc), _refused_spoke_prefixes(peering)))
                continue
            if spoke is None:
                continue
            uses = any(
                prop(p, "useRemoteGateways") is True
                and id_key(prop(p, "remoteVirtualNetwork", "id") or "") == id_key(hub["id"])
                for p in self.peerings(spoke))
            if uses:
                spokes.append(spoke)
        return spokes

    def peerings(self, vnet):
        """A VNet's peerings; a shape ARM does not have is bad input, named as the offline adapter names it
        (gateway.transit_spokes): a peering given as text was skipped here, and a spoke whose own peering was
        text was left out, its prefixes reported as "not in the input" though it had been read. The VNet is described
        only for an error: this runs per VNet of a hub's peerings (linear, issue 12)."""
        value = prop(vnet, "virtualNetworkPeerings")
        if value is None:
            return []
        if not isinstance(value, list):
            raise AzureInputError("%s: virtualNetworkPeerings is a %s, not a list" % (
                self.describe(vnet.get("id") or ""), type(value).__name__))
        for number, peering in enumerate(value):
            path = "virtualNetworkPeerings[%d]" % number
            if not isinstance(peering, dict):
                raise AzureInputError("%s: %s is a %s, not an object" % (
                    self.describe(vnet.get("id") or ""), path, type(peering).__name__))
            remote = prop(peering, "remoteVirtualNetwork")
            if remote is not None and not isinstance(remote, dict):
                raise AzureInputError("%s: %s.remoteVirtualNetwork is a %s, not an object" % (
                    self.describe(vnet.get("id") or ""), path, type(remote).__name__))
            remote_id = prop(remote or {}, "id")
            if remote_id is not None and not isinstance(remote_id, str):
                # id_key of a number was an AttributeError reported as "unexpected" (review 2026-12-06)
                raise AzureInputError("%s: %s.remoteVirtualNetwork.id is a %s, not a resource id" % (
                    self.describe(vnet.get("id") or ""), path, type(remote_id).__name__))
        return value


def _refused_spoke_prefixes(peering):
    """What becomes of a spoke Azure refuses to show: the adapter counts the address space the hub's peering gives
    (gateway._spoke_by_hub_peering, the fields of tables.PEERED_SPACE_FIELDS), else names the peering."""
    for field_name in tables.PEERED_SPACE_FIELDS:
        space = prop(peering, field_name, "addressPrefixes")
        if isinstance(space, list) and space:
            return "its prefixes are taken from the hub's peering (%s: %s)" % (
                field_name, ", ".join(str(p) for p in space[:5]))
    return "its prefixes are not included"


def null_page_error(what, number):
    """A list page whose ``value`` is null: what was on it cannot be told, so the list is not read (review 2026-12-07:
    azure-mgmt-network's pager iterated it, a TypeError "'NoneType' object is not iterable" naming no list)."""
    return AzureSdkError("%s: page %d of Azure's answer holds no list (its value is null, not the resources of the "
                         "page); the list is not read" % (what, number), code="InvalidResponse")


def page_checked(what):
    """The ``cls`` of an azure-mgmt-network list call: it is given each page's items as the SDK read them (its
    extract_data: ``list_of_elem = cls(list_of_elem)``, then ``iter(list_of_elem)``), None for a page whose value is
    null, which is refused naming ``what`` and the page, before the pager iterates it."""
    pages = [0]

    def check(items):
        pages[0] += 1
        if items is None:
            raise null_page_error(what, pages[0])
        return items
    return check


def listed_id(what, position, rid, name):
    """``rid``, the id of the list item at ``position`` (a dict's or an SDK entity's); AzureSdkError naming the item
    when it has none (id_key of None was an AttributeError)."""
    if not isinstance(rid, str) or not rid.strip():
        raise AzureSdkError("%s: item %d of the answer has no resource id (name %s)" % (
            what, position, shown(name)), code="InvalidResponse")
    return rid


def same_endpoint(url, base_url):
    """Whether ``url`` is on the scheme, host and port of ``base_url`` (the Resource Manager endpoint of the run).
    The port 443 written out is the same endpoint: ARM writes its nextLink and Azure-AsyncOperation links so
    (``https://management.azure.com:443/subscriptions/...``, as recorded in the Azure SDKs' tests)."""
    one, other = urlsplit(url), urlsplit(base_url or "")
    try:
        ports = (one.port or 443, other.port or 443)
    except ValueError:  # a port that is no number
        return False
    return one.scheme == "https" and one.scheme == other.scheme and ports[0] == ports[1] \
        and one.hostname is not None and one.hostname == other.hostname and "@" not in one.netloc


def request_target_error(resource_id, subscription, resource_group, name=None):
    """The AzureSdkError for parts of ``resource_id`` that are no valid Azure names (names.check_request_target), or
    None: nothing is sent for such an id."""
    try:
        check_request_target(resource_id, subscription, resource_group, name)
    except InvalidName as exc:
        return AzureSdkError("%s; nothing was sent" % exc, code="InvalidResourceId")
    return None
