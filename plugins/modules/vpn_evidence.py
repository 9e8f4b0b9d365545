#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpn_evidence
short_description: Tie what the devices said during an outage (ASA debug, syslog, counters; Azure logs; charon logs) to the check's findings
version_added: "0.1.0"
description:
  - Reads a check report (C(report.json) of M(vpnalign.s2s.vpn_compat_check) or the role C(vpnalign.s2s.compliance))
    and evidence saved from the ASA - C(debug crypto ikev2 protocol|platform) output, ASA syslog lines, and
    C(show crypto ipsec sa) taken one or more times - and says for each finding of one tunnel whether the evidence
    C(confirmed) it (with the lines that show it and their time), C(contradicted) it (the phase it predicts to fail
    succeeded with this peer) or does not cover it (C(not_covered)).
  - Evidence that no finding explains is listed (C(unexplained), with the finding codes it suggests); evidence that is
    the effect of a confirmed finding (for example C(#pkts decaps) frozen after a refused Child SA rekey) is listed
    under C(consequences); known misleading messages (ASA syslog 750003 "Detected unsupported failover version") are
    named and explained under C(misleading).
  - Offline, it reads files on the host it runs on, usually the controller (with C(delegate_to) V(localhost)). It changes
    nothing. Cut, interleaved, reordered or mislabeled files give partial results and C(notes), not a failure.
  - Azure's side is read too - the VPN gateway's diagnostic logs exported from Log Analytics (IKEDiagnosticLog,
    TunnelDiagnosticLog, RouteDiagnosticLog rows of the C(AzureDiagnostics) table, as JSON or the portal's CSV), the
    Network Watcher VPN troubleshoot result and its log files, and the connection's IKE SAs (getikesas) - and so are
    strongSwan charon logs (for example the oracle's), read as the same exchanges as the ASA debug.
  - Failures no finding code covers (requests nobody answers, rekey collisions, an SA that expires without a rekey,
    a BGP session lost with no BGP finding) are listed under C(unexplained) with a C(note) that says so and where to
    look.
  - Key material in the debug (KE data, nonces, AUTH data, hex dumps) and pre-shared keys are never returned.
author:
  - vpnalign.s2s developers (@vpnalign)
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the
      controller.
    support: full
    details:
      - Its action plugin finds relative paths on the controller (see the notes) and refuses, before the module runs,
        an option given as a list (or a mapping) where a path or a name is expected, naming the option.
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: It only reads; check mode returns the same result.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
options:
  report:
    description: Path of the check report (C(report.json)).
    type: path
    required: true
  tunnel:
    description:
      - The name of the tunnel in the report (C(tunnels[].name)). Left out, the report's only tunnel is taken, or the
        only one whose ASA peer is the address the evidence speaks with (said in C(notes)).
      - A name the report does not hold fails the task, naming the report's tunnels; so does a report whose check did
        not run (C(status) C(not_run)).
    type: str
  debug:
    description: Path of a saved C(debug crypto ikev2 protocol) / C(platform) capture from the ASA.
    type: path
  syslog:
    description:
      - Path of ASA syslog lines (C(%ASA-n-NNNNNN:)), with or without timestamps, as the ASA logs them or as a
        collector framed them (RFC 3164, RFC 5424, EMBLEM). Other lines are skipped and counted in C(notes).
    type: path
  counters:
    description:
      - Paths of saved C(show crypto ipsec sa) outputs, oldest first. A file may hold several outputs, each started by
        the command line or by a line that is only a timestamp; traffic in one direction only shows across two or
        more samples.
    type: list
    elements: path
    default: []
  azure_diagnostic_logs:
    description:
      - Paths of the Azure VPN gateway's diagnostic logs exported from Log Analytics - rows of the C(AzureDiagnostics)
        table (C(TimeGenerated), C(Category), C(OperationName), C(Message), C(Level), C(instance_s), C(remoteIP_s),
        C(status_s)) as a JSON array (C(az monitor log-analytics query)), the query API's C(tables) form, an object with
        a C(records) list (a storage archive), JSON lines, or the portal's CSV export. Several files are merged in time order.
      - Read - IKEDiagnosticLog (C([SEND]/[RECEIVED] ... [NOTIFY]) refusals, unanswered C(SA_INIT), DPD, collisions,
        expiries), TunnelDiagnosticLog (C(TunnelConnected)/C(TunnelDisconnected); a disconnect followed by a connect on
        the other instance is named a failover), RouteDiagnosticLog (C(BgpDisconnectedEvent) over an up tunnel). A BGP
        event is the tunnel's whose BGP address (the report's C(asa.bgp.addresses), C(azure.bgp.neighbor)) it names;
        one that names no address (unless its gateway has one BGP tunnel in the report) or an address of no tunnel,
        or a report without these addresses (of an earlier version; check again), is a note, never evidence.
    type: list
    elements: path
    default: []
  azure_troubleshoot:
    description:
      - Paths of a Network Watcher VPN troubleshoot result (JSON with C(code) and C(results)) and of the log files it
        writes to the storage account (C(ConnectionStats.txt), C(IKEErrors.txt), C(IKElogs.txt)).
    type: list
    elements: path
    default: []
  azure_ike_sas:
    description:
      - Path of the connection's IKE SAs - the output of C(Get-AzVirtualNetworkGatewayConnectionIkeSa) as JSON, or the
        body of the REST call C(getikesas) (a JSON string holding the list).
    type: path
  charon_logs:
    description:
      - Paths of strongSwan charon logs (C(<time> <thread>[IKE] ...), epoch or dated timestamps, with or without a
        syslog prefix) of the end that speaks with the tunnel's peer. Read as the same exchanges as the ASA debug, so a
        fault maps to the same finding; the local end is named strongSwan.
    type: list
    elements: path
    default: []
notes:
  - Relative paths (O(report), O(debug), O(syslog) and the other files) on the controller (the local connection) are
    found as the C(src) of M(ansible.builtin.copy) is - in the role's C(files/) directory and the role's own, then
    in the playbook's directory and its C(files/) - and, not found there, in the directory C(ansible-playbook) runs
    in. On another host they name files there, as given.
  - The evidence's peer address is compared with the tunnel's ASA C(peer); evidence about another peer is left out
    (and noted), masked addresses (such as C(51.a.b.c)) are taken to be the tunnel's peer. In Azure's IKE log the
    C(Local) address is the gateway, which is the tunnel's peer; charon's peer is the address it sends to.
  - Shapes of the Azure inputs - U(https://learn.microsoft.com/en-us/azure/vpn-gateway/troubleshoot-vpn-with-azure-diagnostics),
    U(https://learn.microsoft.com/en-us/azure/network-watcher/vpn-troubleshoot-overview),
    U(https://learn.microsoft.com/en-us/powershell/module/az.network/get-azvirtualnetworkgatewayconnectionikesa).
seealso:
  - module: vpnalign.s2s.vpn_compat_check
"""

EXAMPLES = r"""
- name: Explain the outage of one tunnel from what the ASA logged
  vpnalign.s2s.vpn_evidence:
    report: out/report.json
    tunnel: UKSouth-HQ-S2S
    debug: captures/debug_crypto_ikev2.txt
    syslog: captures/asa.log
    counters:
      - captures/ipsec_sa_1740.txt
      - captures/ipsec_sa_1741.txt
  delegate_to: localhost
  register: evidence

- name: Explain it from Azure's side and from a strongSwan peer's charon log
  vpnalign.s2s.vpn_evidence:
    report: out/report.json
    tunnel: UKSouth-HQ-S2S
    azure_diagnostic_logs:
      - captures/AzureDiagnostics_ike.json
      - captures/AzureDiagnostics_tunnel.csv
    azure_troubleshoot:
      - captures/troubleshoot.json
      - captures/IKEErrors.txt
    azure_ike_sas: captures/getikesas.json
    charon_logs:
      - captures/charon.log
  delegate_to: localhost
  register: azure_evidence

- name: Show the timeline
  ansible.builtin.debug:
    var: evidence.correlation.timeline
"""

RETURN = r"""
correlation:
  description: The findings of the tunnel with what the evidence says of each.
  returned: always
  type: dict
  contains:
    tunnel:
      description: The tunnel's name.
      type: str
      sample: UKSouth-HQ-S2S
    findings:
      description:
        - One entry per finding of the tunnel in the report, in its order - C(code), C(phase), C(severity), C(status)
          (C(confirmed), C(contradicted) or C(not_covered)), C(evidence) (C(source) debug/syslog/counters/azure_logs/
          azure_troubleshoot/azure_ike_sas/charon, C(lines) (rows of an Azure export, results of a troubleshoot file),
          C(time) as printed, C(says)), C(reason) when not confirmed, C(consequences) when the effect was seen.
      type: list
      elements: dict
      sample:
        - code: PFS_MISMATCH
          phase: child_rekey
          severity: error
          status: confirmed
          evidence:
            - source: debug
              lines: [4, 87, 103]
              time: Sep 19 17:35:29
              notify: INVALID_KE_PAYLOAD
              exchange: CREATE_CHILD_SA
              message_id: 2
              says: Azure (51.a.b.c) started CREATE_CHILD_SA (a Child SA rekey, message 2) with KE group 19; ASA
                answered INVALID_KE_PAYLOAD (peer sent group 19, local policy prefers group 0)
    consequences:
      description: Evidence that is the effect of a confirmed finding, with C(explained_by) (its code).
      type: list
      elements: dict
    unexplained:
      description:
        - Failures in the evidence that no finding of the report explains, with C(suggests) (finding codes) and, where
          no finding code covers that kind of failure at all, a C(note) saying so and where to look.
      type: list
      elements: dict
    evidence_findings:
      description:
        - Findings that come from the evidence alone (IKE_NO_RESPONSE, REKEY_COLLISION, SA_EXPIRED_WITHOUT_REKEY), each
          with C(code), C(severity), C(phase), C(from=evidence), C(summary), C(explanation), C(evidence) (the lines) and
          C(next_steps) per side (what to check; no configuration fix is claimed). They never change the report's verdict.
      type: list
      elements: dict
    misleading:
      description: Known misleading messages, with C(explanation) and C(instead) (what the evidence shows).
      type: list
      elements: dict
    timeline:
      description: One line per piece of evidence of each confirmed finding and its consequences, in time order.
      type: list
      elements: str
      sample:
        - "17:35:29 Azure (51.a.b.c) started CREATE_CHILD_SA (a Child SA rekey, message 2) with KE group 19; ASA answered
          INVALID_KE_PAYLOAD (peer sent group 19, local policy prefers group 0) [PFS_MISMATCH: confirmed, debug line 4,87,103]"
    counts:
      description: How many findings are C(confirmed), C(contradicted), C(not_covered).
      type: dict
      sample: {confirmed: 1, contradicted: 0, not_covered: 2}
    sources:
      description:
        - Packets read from the debug, syslog records, counter samples, Azure log rows, troubleshoot results and log
          entries, IKE SAs, charon messages (null for a source not given).
      type: dict
      sample: {debug: 6, syslog: 1, counters: 1, azure_logs: null, azure_troubleshoot: null, azure_ike_sas: null, charon: null}
    notes:
      description: What was partial or odd in the evidence (cut short, reordered, mislabeled, masked, one sample).
      type: list
      elements: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import read_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_check_report
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import file_text


def _read(module, option, path):
    try:
        return file_text(read_input(path))
    except (IOError, OSError) as exc:
        module.fail_json(msg="vpn_evidence: cannot read %s %s: %s" % (option, path, exc.strerror or exc))
    return None


ARGUMENT_SPEC = dict(
    report=dict(type="path", required=True),
    tunnel=dict(type="str"),
    debug=dict(type="path"),
    syslog=dict(type="path"),
    counters=dict(type="list", elements="path", default=[]),
    azure_diagnostic_logs=dict(type="list", elements="path", default=[]),
    azure_troubleshoot=dict(type="list", elements="path", default=[]),
    azure_ike_sas=dict(type="path"),
    charon_logs=dict(type="list", elements="path", default=[]),
)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
    )
    params = module.params
    report = read_check_report(module, "vpn_evidence", params["report"])
    if report.get("status") == "not_run":
        # the placeholder a check that stopped leaves (report_files.write_not_run): nothing to explain against
        module.fail_json(msg="vpn_evidence: report %s is from a check that did not run (status not_run: %s); run the "
                             "check again and give its report" % (params["report"], report.get("reason") or "no reason given"))
    names = [t.get("name") for t in report["tunnels"] if isinstance(t, dict)]
    if params["tunnel"] is not None and params["tunnel"] not in names:
        module.fail_json(msg="vpn_evidence: tunnel %r is not in report %s (its tunnels: %s)" % (
            params["tunnel"], params["report"], ", ".join(str(n) for n in names[:10]) + (" ..." if len(names) > 10 else "")
            if names else "none"))
    debug = _read(module, "debug", params["debug"]) if params["debug"] else None
    syslog = _read(module, "syslog", params["syslog"]) if params["syslog"] else None
    counters = [_read(module, "counters", path) for path in params["counters"]] or None
    lists = {option: [_read(module, option, path) for path in params[option]] or None
             for option in ("azure_diagnostic_logs", "azure_troubleshoot", "charon_logs")}
    ike_sas = _read(module, "azure_ike_sas", params["azure_ike_sas"]) if params["azure_ike_sas"] else None
    correlation = explain(report, tunnel=params["tunnel"], debug_text=debug, syslog_text=syslog, counter_texts=counters,
                          azure_log_texts=lists["azure_diagnostic_logs"], azure_troubleshoot_texts=lists["azure_troubleshoot"],
                          azure_ike_sas_text=ike_sas, charon_texts=lists["charon_logs"])
    module.exit_json(changed=False, correlation=correlation)


if __name__ == "__main__":
    main()
