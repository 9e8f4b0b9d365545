# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Long-running operation status and results, and getikesas."""

from __future__ import annotations

import hashlib
import json
import re
import time

from .common import DEFAULT_MM, DEFAULT_QM, IKE_SA_LIFETIME, Response, arm_error, iso
from .gateways import instance_endpoints


class OperationsMixin:
    # ---- IKE SAs
    def get_ike_sas(self, req, sub, rg, rid):
        conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        op = self.store.start_operation("post", rid.lower(), None, conn.get("location"), req.api_version)
        op.result = json.dumps({"Status": "Successful", "Data": self.ike_sas(conn)}, separators=(",", ":"))
        headers = self._headers(req, write=True)
        headers.update(self._lro_headers(req, op, location_header=True))
        return Response(202, None, headers=headers)

    def ike_sas(self, conn):
        """Main mode SAs with their quick mode SAs, shaped like Get-AzVirtualNetworkGatewayConnectionIkeSa
        reads them (PascalCase members), derived from the connection's policy and selectors."""
        props = conn.get("properties", {})
        if props.get("connectionStatus") != "Connected":
            return None
        gateway = self.store.get((props.get("virtualNetworkGateway1") or {}).get("id")) or {}
        lng = self.store.get((props.get("localNetworkGateway2") or {}).get("id")) or {}
        local_ips = instance_endpoints(gateway, self.store.get) or [None]  # one main mode SA per instance
        remote_ip = lng.get("properties", {}).get("gatewayIpAddress") or lng.get("properties", {}).get("fqdn")
        policies = props.get("ipsecPolicies") or []
        policy = policies[0] if policies else None
        if policy:
            mm = {"Encryption": policy["ikeEncryption"], "Integrity": policy["ikeIntegrity"], "DhGroup": policy["dhGroup"]}
            qm = {"Encryption": policy["ipsecEncryption"], "Integrity": policy["ipsecIntegrity"],
                  "PfsGroupId": policy["pfsGroup"], "LifetimeSeconds": policy["saLifeTimeSeconds"],
                  "LifetimeKilobytes": policy["saDataSizeKilobytes"]}
        else:
            mm, qm = dict(DEFAULT_MM), dict(DEFAULT_QM)
        initiator = props.get("connectionMode", "Default") != "ResponderOnly"
        elapsed = int(time.time() - self.store.started)
        remote_prefixes = lng.get("properties", {}).get("localNetworkAddressSpace", {}).get("addressPrefixes") or []
        pairs = []
        if props.get("trafficSelectorPolicies"):
            pairs = [(list(p.get("localAddressRanges") or []), list(p.get("remoteAddressRanges") or []))
                     for p in props["trafficSelectorPolicies"]]
        elif props.get("usePolicyBasedTrafficSelectors") or \
                str(gateway.get("properties", {}).get("vpnType", "")).lower() == "policybased":
            # a PolicyBased gateway always offers LNG prefixes x VNet prefixes (POLICY_BASED in gateways.py)
            pairs = [([local], [remote]) for local in self._vnet_prefixes(gateway) for remote in remote_prefixes]
        if not pairs:
            pairs = [(["0.0.0.0/0"], ["0.0.0.0/0"])]
        return [self._main_mode(conn, instance, local_ip, remote_ip, pairs, mm, qm, initiator, elapsed)
                for instance, local_ip in enumerate(local_ips)]

    @staticmethod
    def _main_mode(conn, instance, local_ip, remote_ip, pairs, mm, qm, initiator, elapsed):
        seed = hashlib.sha256(str(conn.get("id", "")).lower().encode() + (b"#%d" % instance if instance else b"")).digest()
        quick = []
        for index, (local, remote) in enumerate(pairs):
            spi = hashlib.sha256(seed + bytes([index])).digest()
            entry = {"LocalEndpoint": local_ip, "RemoteEndpoint": remote_ip}
            entry.update(qm)
            entry.update({"InboundSPI": int.from_bytes(spi[:4], "big"), "OutboundSPI": int.from_bytes(spi[4:8], "big"),
                          "LocalTrafficSelectors": local, "RemoteTrafficSelectors": remote,
                          "IsSaInitiator": initiator, "ElapsedTimeInseconds": elapsed % max(int(qm["LifetimeSeconds"]), 1)})
            quick.append(entry)
        main = {"LocalEndpoint": local_ip, "RemoteEndpoint": remote_ip,
                "InitiatorCookie": int.from_bytes(seed[:8], "big"), "ResponderCookie": int.from_bytes(seed[8:16], "big"),
                "LocalUdpEncapsulationPort": 0, "RemoteUdpEncapsulationPort": 0}
        main.update(mm)
        main.update({"LifeTimeSeconds": IKE_SA_LIFETIME, "IsSaInitiator": initiator,
                     "ElapsedTimeInseconds": elapsed % IKE_SA_LIFETIME, "QuickModeSAs": quick})
        return main

    def _vnet_prefixes(self, gateway):
        for config in gateway.get("properties", {}).get("ipConfigurations") or []:
            subnet_id = ((config.get("properties") or {}).get("subnet") or {}).get("id") or ""
            vnet = self.store.get(re.sub(r"/subnets/[^/]+$", "", subnet_id, flags=re.IGNORECASE))
            if vnet:
                return vnet.get("properties", {}).get("addressSpace", {}).get("addressPrefixes") or []
        return []

    # ---- operation status
    def operation(self, req, op_id, results):
        op = self.store.operations.get(op_id)
        if op is None:
            return arm_error(404, "OperationNotFound", "The operation '%s' could not be found." % op_id)
        self.store.poll(op)
        req.log["operation"] = {"id": op.id, "status": op.status}
        if not results:
            body = {"name": op.id, "status": op.status, "startTime": iso(op.start)}
            if op.end:
                body["endTime"] = iso(op.end)
            if op.status in ("Failed", "Canceled"):
                body["error"] = dict(op.error, details=[])
            headers = {"Retry-After-ms": str(self.retry_after_ms)} if op.status == "InProgress" else {}
            return Response(200, body, headers=headers)
        if op.status == "InProgress":
            headers = self._lro_headers(req, op, location_header=True)
            headers.pop("Azure-AsyncOperation")
            return Response(202, None, headers=headers)
        if op.status in ("Failed", "Canceled"):
            return arm_error(400, op.error["code"], op.error["message"], details=[])
        if op.kind == "post":
            return Response(200, op.result)
        if op.kind == "put":
            resource = self.store.resources.get(op.resource_key)
            return Response(200, self._view(resource)) if resource else Response(204)
        return Response(204)
