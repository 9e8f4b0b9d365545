# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AS numbers an on-premises BGP speaker may not use with an Azure VPN gateway.

Shared by the Azure reader (azure/bgp.py: the local network gateway's bgpSettings.asn) and the ASA push
(asa/push_options.py: the bgp option of asa_vpn_tunnel), which never import each other.

Source: Microsoft, "VPN Gateway FAQ", BGP section ("Are there ASNs reserved by Azure?", "Are there any other ASNs
that I can't use?"; MicrosoftDocs/azure-docs includes/vpn-gateway-faq-bgp-include.md, ms.date 10/18/2023,
https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#bgp; verified, DOC_BGP_FAQ in azure/tables.py).

Plain Python, no Ansible import.
"""

# A gateway's ASN when bgpSettings.asn is absent (DOC_BGP_FAQ: "Azure VPN gateways have a default ASN of 65515
# assigned, whether BGP is enabled or not", verified).
DEFAULT_GATEWAY_ASN = 65515
# ASNs the on-premises side may not use with Azure (DOC_BGP_FAQ, verified):
# reserved by Azure: public 8074, 8075, 12076; private 65515, 65517-65520.
# (The 2017 FAQ listed 8075, 8076, 12076; the current list wins.)
AZURE_RESERVED_ASNS = frozenset([8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520])
# reserved by IANA, (first, last): 23456 AS_TRANS, 64496-64511 and 65536-65551
# documentation, 65535 and 4294967295 last ASNs. The FAQ prints "429496729", a
# digit short of 4294967295 (RFC 7300), which the IANA registry it links lists.
IANA_RESERVED_ASN_RANGES = ((23456, 23456), (64496, 64511), (65535, 65551), (4294967295, 4294967295))
# what to use instead, for messages: the private 2-byte ranges Azure leaves free (RFC 6996: 64512-65534)
PRIVATE_FREE = "64512-65514 or 65521-65534"


def asn_reserved(asn):
    """Who reserves ``asn`` ("Azure" or "IANA"), or None."""
    if asn in AZURE_RESERVED_ASNS:
        return "Azure"
    if any(first <= asn <= last for first, last in IANA_RESERVED_ASN_RANGES):
        return "IANA"
    return None
