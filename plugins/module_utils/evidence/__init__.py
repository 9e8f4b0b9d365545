# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Readers of what the devices said during an outage, and their correlation with the check's findings.

Plain Python, no Ansible import and no vendor adapter import: like the show-output parsers these
read text. ``asa_debug`` reads ``debug crypto ikev2 protocol|platform`` output, ``asa_syslog`` ASA
syslog lines, ``ipsec_counters`` samples of ``show crypto ipsec sa`` taken over time, ``azure_logs`` the
Azure gateway's diagnostic logs exported from Log Analytics, ``azure_gateway`` Network Watcher VPN troubleshoot
output and the connection's IKE SAs, ``charon_log`` strongSwan charon logs (as the debug's exchanges); ``signals``
turns what they read into observations that point at finding codes, and ``correlate`` ties those to
the findings of one tunnel of a check report (confirmed / contradicted / not covered).

Nothing here raises on bad input: cut, interleaved, reordered or mislabeled text gives partial
results and notes. Key material (KE data, nonces, hex dumps, pre-shared keys) is never kept.
"""
