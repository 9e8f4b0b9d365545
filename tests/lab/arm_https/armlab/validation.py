# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure's rules for PUT bodies, in Azure's error shape."""

from __future__ import annotations

from .common import DPD_MAX, DPD_MIN, INT32_MAX, IPSEC_POLICY_FIELDS, SA_DATA_SIZE_MIN, SA_LIFETIME_MIN, arm_error
from .gateways import connection_bgp_violations, lng_bgp_violations
from .schema import valid_cidr, valid_ipv4, valid_shared_key


class ValidationMixin:
    def validate_connection(self, props, existing, rid, name):
        out = []
        old = (existing or {}).get("properties", {})
        ctype = props.get("connectionType")
        if not ctype:
            out.append(("MissingRequiredProperty", "The connectionType property is required for connection %s." % name,
                        "properties.connectionType"))
        gw = None
        gw_id = (props.get("virtualNetworkGateway1") or {}).get("id")
        if not gw_id:
            out.append(("MissingRequiredProperty", "The virtualNetworkGateway1 property is required for connection %s." % name,
                        "properties.virtualNetworkGateway1"))
        else:
            gw = self._ref(gw_id, "virtualnetworkgateways")
            if gw is None:
                out.append(_bad_reference(gw_id, rid, "properties.virtualNetworkGateway1"))
        lng = None
        if ctype == "IPsec":
            lng_id = (props.get("localNetworkGateway2") or {}).get("id")
            if not lng_id:
                out.append(("MissingRequiredProperty", "The localNetworkGateway2 property is required for IPsec "
                            "connection %s." % name, "properties.localNetworkGateway2"))
            else:
                lng = self._ref(lng_id, "localnetworkgateways")
                if lng is None:
                    out.append(_bad_reference(lng_id, rid, "properties.localNetworkGateway2"))
        elif ctype == "Vnet2Vnet":
            gw2_id = (props.get("virtualNetworkGateway2") or {}).get("id")
            if not gw2_id:
                out.append(("MissingRequiredProperty", "The virtualNetworkGateway2 property is required for Vnet2Vnet "
                            "connection %s." % name, "properties.virtualNetworkGateway2"))
            elif self._ref(gw2_id, "virtualnetworkgateways") is None:
                out.append(_bad_reference(gw2_id, rid, "properties.virtualNetworkGateway2"))
        protocol = props.get("connectionProtocol")
        old_protocol = old.get("connectionProtocol", "IKEv2") if existing is not None else None
        if existing is not None and protocol and protocol != old_protocol:
            out.append(("ConnectionProtocolCannotBeChanged",
                        "The connection protocol of existing connection %s cannot be changed from %s to %s. Delete "
                        "the connection and create it again to change its protocol." % (name, old_protocol, protocol),
                        "properties.connectionProtocol"))
        gw_props = (gw or {}).get("properties", {})
        sku = str((gw_props.get("sku") or {}).get("name") or "")
        vpn_type = str(gw_props.get("vpnType") or "RouteBased")
        effective_protocol = protocol or old_protocol or "IKEv2"
        if gw is not None and ctype == "IPsec" and sku.lower() == "basic":
            if vpn_type.lower() == "routebased" and effective_protocol == "IKEv1":
                out.append(("ConnectionProtocolNotSupportedBySku",
                            "IKEv1 connections are not supported on RouteBased virtual network gateway %s with SKU "
                            "Basic." % gw.get("name"), "properties.connectionProtocol"))
            if vpn_type.lower() == "policybased" and effective_protocol == "IKEv2":
                out.append(("ConnectionProtocolNotSupportedBySku",
                            "IKEv2 connections are not supported on PolicyBased virtual network gateway %s with SKU "
                            "Basic." % gw.get("name"), "properties.connectionProtocol"))
        policies = props.get("ipsecPolicies") or []
        if len(policies) > 1:
            out.append(("IpsecPolicyCountExceeded",
                        "Only one IPsec/IKE policy can be set on connection %s; the request has %d." % (name, len(policies)),
                        "properties.ipsecPolicies"))
        if policies and gw is not None and sku.lower() == "basic":
            out.append(("IpsecPolicyNotSupportedOnBasicSku",
                        "Custom IPsec/IKE policy is not supported on virtual network gateway %s with SKU Basic." % gw.get("name"),
                        "properties.ipsecPolicies"))
        for index, policy in enumerate(policies):
            out += _policy_violations(policy, "properties.ipsecPolicies[%d]" % index)
        dpd = props.get("dpdTimeoutSeconds")
        if dpd is not None and not DPD_MIN <= dpd <= DPD_MAX:
            out.append(("DpdTimeoutOutOfRange", "DPD timeout %d seconds is not valid. It must be between %d and %d "
                        "seconds." % (dpd, DPD_MIN, DPD_MAX), "properties.dpdTimeoutSeconds"))
        for index, selector in enumerate(props.get("trafficSelectorPolicies") or []):
            for field in ("localAddressRanges", "remoteAddressRanges"):
                ranges = selector.get(field) or []
                target = "properties.trafficSelectorPolicies[%d].%s" % (index, field)
                if not ranges:
                    out.append(("InvalidTrafficSelectorPolicy", "%s must list at least one address range." % target, target))
                for value in ranges:
                    if not valid_cidr(value):
                        out.append(("InvalidTrafficSelectorPolicy",
                                    "Address range '%s' in %s is not a valid IPv4 prefix." % (value, target), target))
        if ctype == "IPsec":
            out += connection_bgp_violations(props, gw, lng, name)
        if props.get("sharedKey") is not None and not valid_shared_key(props["sharedKey"]):
            out.append(("InvalidSharedKey", "The shared key must be 1 to 128 printable ASCII characters.",
                        "properties.sharedKey"))
        return out

    def validate_lng(self, props):
        out = []
        address = props.get("gatewayIpAddress")
        if not address and not props.get("fqdn"):
            out.append(("LocalNetworkGatewayAddressRequired",
                        "Either gatewayIpAddress or fqdn must be specified for a local network gateway.",
                        "properties.gatewayIpAddress"))
        if address and not valid_ipv4(address):
            out.append(("InvalidLocalNetworkGatewayIpAddress",
                        "The gateway IP address '%s' is not a valid IPv4 address." % address, "properties.gatewayIpAddress"))
        prefixes = (props.get("localNetworkAddressSpace") or {}).get("addressPrefixes") or []
        for value in prefixes:
            if not valid_cidr(value):
                out.append(("InvalidAddressPrefix", "Address prefix '%s' is not a valid IPv4 prefix (CIDR with the "
                            "network address)." % value, "properties.localNetworkAddressSpace.addressPrefixes"))
        return out + lng_bgp_violations(props)


def _policy_violations(policy, target):
    out = []
    missing = [f for f in IPSEC_POLICY_FIELDS if policy.get(f) is None]
    if missing:
        out.append(("IpsecPolicyIncomplete",
                    "The IPsec/IKE policy at %s is missing %s. All eight parameters (saLifeTimeSeconds, "
                    "saDataSizeKilobytes, ipsecEncryption, ipsecIntegrity, ikeEncryption, ikeIntegrity, dhGroup, "
                    "pfsGroup) must be specified; a partial policy is not allowed." % (target, ", ".join(missing)), target))
    enc, integ = policy.get("ipsecEncryption"), policy.get("ipsecIntegrity")
    if enc and integ and (enc.startswith("GCMAES") or integ.startswith("GCMAES")) and enc != integ:
        if enc.startswith("GCMAES"):
            message = ("IpsecEncryption %s requires IpsecIntegrity %s (the request has %s): with GCM the same "
                       "algorithm and key length must be used for IPsec encryption and integrity." % (enc, enc, integ))
        else:
            message = ("IpsecIntegrity %s can only be used with IpsecEncryption %s (the request has %s)." % (integ, integ, enc))
        out.append(("IpsecPolicyGcmMismatch", message, target + ".ipsecIntegrity"))
    lifetime = policy.get("saLifeTimeSeconds")
    if lifetime is not None and lifetime < SA_LIFETIME_MIN:
        out.append(("IpsecPolicySaLifeTimeOutOfRange",
                    "SA lifetime %d seconds is not valid. It must be at least %d seconds." % (lifetime, SA_LIFETIME_MIN),
                    target + ".saLifeTimeSeconds"))
    size = policy.get("saDataSizeKilobytes")
    if size is not None and size != 0 and size < SA_DATA_SIZE_MIN:
        out.append(("IpsecPolicySaDataSizeOutOfRange",
                    "SA data size %d KB is not valid. It must be 0 or between %d and %d KB." % (size, SA_DATA_SIZE_MIN, INT32_MAX),
                    target + ".saDataSizeKilobytes"))
    return out


def _bad_reference(ref, rid, target):
    return ("InvalidResourceReference",
            "Resource %s referenced by resource %s was not found. Please make sure that the referenced resource "
            "exists, and that both resources are in the same region." % (ref, rid), target)


def validation_error(violations):
    details = [{"code": code, "message": message, "target": target} for code, message, target in violations]
    code, message, _target = violations[0]
    if len(violations) > 1:
        message += " (%d more problems in details)" % (len(violations) - 1)
    return arm_error(400, code, message, details=details)
