#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpn_compat_check
short_description: Check that ASAs and Azure VPN gateways will negotiate, at bring-up and at every rekey
version_added: "0.1.0"
description:
  - Pairs the tunnel ends of every ASA with the connections of every Azure export or subscription given, by their
    addresses, and simulates IKEv2 between each pair in both directions - IKE_SA_INIT, the first Child SA in
    IKE_AUTH, Child SA rekeys with and without PFS started by either end, and the IKE SA rekey.
  - Runs on the controller (an action plugin) and changes nothing. It reads the facts where they are - the hostvars
    of the hosts on which M(vpnalign.s2s.asa_vpn_facts) and M(vpnalign.s2s.azure_vpn_facts) ran (O(asa_hosts),
    O(azure_hosts)), saved files (O(asa_config_files), O(azure_resources_files)), or facts given as data
    (O(asa_facts), O(azure_facts)) - and pairs all of them in one report.
  - Writes the report (one entry per tunnel, each finding with a severity, the phase in which it bites, evidence
    from both ends and the fix for each end) to O(report_dir) as report.json, report.xml (JUnit), report.md and report.html,
    and returns a compact result - counts, a verdict per tunnel, the unpaired ends, a readable summary. The full
    report is returned only with O(return_report=true); for a fleet it is megabytes, and a task result is copied
    several times by Ansible.
  - Each side needs at least one source; a check over nothing fails rather than passing.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  asa_hosts:
    description:
      - Inventory hosts whose C(vpnalign_asa) fact M(vpnalign.s2s.asa_vpn_facts) set earlier in the run (in a play over
        the ASAs, so that forks and C(serial) spread the gathering; AWX job slicing makes jobs that share nothing, each
        pairing only its own slice's hosts). The facts are read from hostvars on the controller, not passed as
        arguments.
      - A host without the fact (its facts task did not run, or failed) fails the task naming it.
      - Two hosts are the two units of one ASA failover pair only with proof (live facts with C(failover) - same
        C(hostname), failover on, one primary and one secondary unit, and the same C(failover.config_digest), the same
        configuration as read). With exactly one of them active they are one device - checked once, from the active
        unit; the output names the standby at every verbosity, and so do the report files and the result (RV(notes)).
        Proven mates both active or neither active are one report entry (error C(FAILOVER_PAIR_UNCLEAR)) naming both,
        neither checked; the rest of the fleet is checked. Hosts that do not prove to be mates (a hostname repeated
        across sites, a security context, configurations that differ - then with a note that replication looks
        stopped) are independent ASAs. A unit that is not active without a proven active mate is checked (its
        configuration is the active unit's, replicated) and named in the output, the report files and RV(notes); so
        is a host whose C(show failover) could not be read (its unit is unknown).
    type: list
    elements: str
    default: []
  azure_hosts:
    description:
      - Inventory hosts (one per Azure subscription) whose C(vpnalign_azure) fact M(vpnalign.s2s.azure_vpn_facts) set
        earlier in the run.
    type: list
    elements: str
    default: []
  asa_config_files:
    description:
      - Saved ASA configurations (C(show running-config), as saved or pasted), read on the controller. A path, a
        directory (its files in sorted order; hidden files are skipped, and subdirectories are not read but named in
        the notes; a glob such as C(backups/*/*) reads a backup tool's group directories), a glob (the files it
        matches; a directory or a link to nothing it matches is named in the notes, not read), or a list of those.
      - A multiple-context ASA saved as Oxidized saves it (the system configuration, then each context behind a
        C([ CONTEXT name FILE url ]) line) is one device per security context, named C(<hostname>/<context>).
      - One device per file, named by its C(hostname) line, else by the file name. Two files of the same device, a
        directory with no file, a glob matching nothing and a file that is not an ASA configuration are errors.
      - Except the backups of the two units of one failover pair (C(failover lan unit primary) in one, C(secondary) in
        the other; failover copies every other configuration line to the standby). When the rest of their configurations
        is the same, the pair is checked once, from the primary unit's file, and the output, the report files and
        RV(notes) say which file was left out.
        When it differs, that is an error naming both files and the first line where they part.
      - Relative paths are found as the notes say (the role, the playbook's directory, then the directory
        C(ansible-playbook) runs in).
    type: raw
    default: []
  azure_resources_files:
    description:
      - Exported Azure resources (a JSON list of ARM resources, or C(az ... show) output), read on the controller. A
        path, a directory (its C(*.json) files in sorted order), a glob, or a list of those; one export per
        subscription or resource group is fine.
      - One connection in two exports is checked once when both say the same (its traffic counters aside), and the
        notes name both files; when they differ (one taken before a change, one after) it is not checked but is one
        error entry, C(AZURE_EXPORTS_DIFFER), naming the connection and both files, and the rest is checked.
    type: raw
    default: []
  asa_facts:
    description:
      - The C(vpnalign_asa) fact set by M(vpnalign.s2s.asa_vpn_facts), or a list of them (one per ASA), given as data.
      - For a few devices; for a fleet use O(asa_hosts), which does not copy the facts through the task's arguments.
    type: raw
  azure_facts:
    description:
      - The C(vpnalign_azure) fact set by M(vpnalign.s2s.azure_vpn_facts), or a list of them, given as data.
    type: raw
  baseline:
    description:
      - What counts as weak crypto (finding C(WEAK_CRYPTO)). Keys left out keep their defaults.
      - A name the check does not know stops the task before anything is read, listing the names it takes (case does
        not matter, and integrity names may carry a hyphen, V(SHA-1)).
    type: dict
    suboptions:
      weak_encryption:
        description:
          - Encryption algorithms below the baseline, in the collection's canonical names - V(NULL), V(DES), V(3DES),
            V(AES-CBC-128), V(AES-CBC-192), V(AES-CBC-256), V(AES-GCM-128), V(AES-GCM-192), V(AES-GCM-256),
            V(AES-GMAC-128), V(AES-GMAC-192), V(AES-GMAC-256).
        type: list
        elements: str
        default: ["DES", "3DES", "NULL"]
      weak_integrity:
        description: Integrity and PRF hashes below the baseline - V(MD5), V(SHA1), V(SHA256), V(SHA384), V(SHA512).
        type: list
        elements: str
        default: ["MD5", "SHA1"]
      weak_dh_groups:
        description: Diffie-Hellman groups below the baseline (IKE and PFS), as IANA numbers (1, 2, 5, 14-32).
        type: list
        elements: int
        default: [1, 2, 5]
  report_dir:
    description:
      - Directory on the controller that receives report.json, report.xml, report.md and report.html (created if missing; each
        file replaced atomically, mode 0644). Empty to write no files.
      - Written in check mode too - the report is the check's output, not a change to a managed system.
      - report.json's C(run.generated_at) (UTC, C(YYYY-MM-DDTHH:MM:SSZ)) and the last line of report.md and report.html
        say when the run wrote them; report.xml holds no time. With C(SOURCE_DATE_EPOCH) set in the controller's
        environment (U(https://reproducible-builds.org/specs/source-date-epoch/), seconds since 1970-01-01 UTC) that
        time is written instead of the current one, so two identical runs write byte-identical files; a value that is
        not a decimal integer fails the task before anything is read.
    type: str
    default: ""
  report_formats:
    description:
      - Which report files O(report_dir) receives - V(json) (report.json), V(xml) (report.xml, JUnit), V(md) (report.md),
        V(html) (report.html). Writing fewer saves time on a large estate (at 100k lines and 2,000 tunnels the four
        take about a third of the check's CPU time, report.html and report.json the most).
      - A report file of a format not chosen that is already in O(report_dir) (an earlier run's, or another tool's
        report.xml) is left as it is, with a warning that this run did not write it.
      - The verdicts, the gate and the task's result do not depend on the formats. With O(report_dir) set, an empty
        list is refused before anything is read.
    type: list
    elements: str
    choices: [json, xml, md, html]
    default: [json, xml, md, html]
  return_report:
    description:
      - Also return the full report (RV(report)) and its JUnit and Markdown renderings (RV(junit), RV(markdown)), as
        the module did before it became an action plugin.
    type: bool
    default: false
  publish_stats:
    description:
      - Publish the compact result as this C(set_stats) name (not per host, not aggregated), as a C(set_stats) task
        would, with C(counts), C(summary), C(verdicts) (a label per tunnel to its verdict; the label is its name, unless another
        tunnel of the run has that name, see RV(ansible_stats)), C(verdicts_by_id) (each tunnel's stable RV(tunnels[].id)
        to its verdict, the same key every run whatever else a run reads; key on it to compare runs), C(tunnels), C(unpaired), C(report_files),
        C(gate) when O(gate_on) is set, and C(evidence) when evidence was given. The task's own result carries it
        (C(ansible_stats)), so the tunnels are not templated again by a second task (the C(vpnalign.s2s.compliance)
        role publishes C(vpnalign_check) this way). Empty publishes nothing.
    type: str
    default: ""
  fail_on:
    description:
      - Fail the task when a finding of this severity or worse is present, after writing the reports. The compact
        result is returned either way.
      - The C(vpnalign.s2s.compliance) role leaves this at V(never) and uses O(gate_on), so that it can print the summary
        first.
    type: str
    choices: [error, warning, never]
    default: never
  gate_on:
    description:
      - Judge the result against this severity without failing the task, and return the verdict as RV(gate) (the
        compliance role asserts on it after printing the summary).
      - Besides findings at or above it, the gate fails when nothing was checked (no ASA end and Azure connection
        are a pair - misspelled variables, inputs that do not belong together), when an input holds no tunnel (an ASA
        with no crypto map entry or tunnel interface, an Azure export or subscription with no VPN connection), and
        when an end has no counterpart, unless O(unpaired_ok=true). V(never) judges no finding and no unpaired end;
        a check over nothing still fails.
      - Not set, RV(gate) is not returned.
      - report.xml marks as failures the findings at or above O(gate_on) (else O(fail_on) when it is given, else
        V(error), so that a task with neither still gives CI a report.xml that fails a tunnel that will die); those
        below are reported in the test case's C(system-out) and a C(below_fail_on) property, not failed. report.md and
        RV(summary_lines) say which findings are below it.
    type: str
    choices: [error, warning, never]
  run_id:
    description:
      - The id this run gave its fact reads (M(vpnalign.s2s.asa_vpn_facts) and M(vpnalign.s2s.azure_vpn_facts)
        O(vpnalign.s2s.asa_vpn_facts#module:run_id)). A host of O(asa_hosts) or O(azure_hosts) whose facts carry
        another id, or none, is not read in this run (C(HOST_NOT_READ)), as with fact caching on a host whose read failed
        or was unreachable still holds an earlier run's facts, which would otherwise be checked as this run's.
      - A host whose read failed in this run (its C(vpnalign_asa_error) / C(vpnalign_azure_error), set by
        C(playbooks/check.yml)) is not read whatever facts it holds, with or without this option.
      - 1 to 64 letters, digits, C(.), C(_) or C(-), as the fact modules take it; anything else fails the task before
        anything is read or written. Blank is no id.
    type: str
  unpaired_ok:
    description:
      - Ends without a counterpart on the other side are expected (an ASA with tunnels to other peers than Azure, an
        export holding connections to other devices). They are still listed in every report, as skipped test cases in
        report.xml, but do not fail RV(gate).
      - Either way, the findings of an unpaired end's own configuration (an invalid value, an undefined reference, an
        IPv6 VTI the check does not model) are listed with it and judged at O(fail_on) as any finding is.
      - V(false) (default), each unpaired end is a failing test case in report.xml and fails RV(gate).
    type: bool
    default: false
  timeline_throughput_mbps:
    description:
      - The load, in Mbit/s through each tunnel, at which report.html draws the timeline of bring-up and the first
        rekeys next to the idle one, so that a data lifetime (kilobytes) turns into a time.
      - Not set, 10 Mbit/s. The page states the value; when set it is also recorded in report.json, so the page can be
        drawn again from report.json alone.
      - Above 0 and at most 1000000 (1 Tbit/s); true/false is refused.
    type: float
  evidence:
    description:
      - What the devices said during an outage (issue 14), saved files on the controller, each kind a list of paths. Read
        and correlated on the controller with the tunnels of the report just made (module_utils/report_evidence.py,
        module_utils/evidence/); M(vpnalign.s2s.vpn_evidence) does the same for a saved report.json.
      - The evidence is tied to the tunnels named in O(evidence.tunnel); else to the only tunnel; else to the tunnels
        whose ASA peer address the evidence speaks with.
      - Each such tunnel in report.json gets an C(evidence) block - C(findings) (each C(confirmed), C(contradicted) or
        C(not_covered), with the C(evidence) lines, their C(time) and what they C(says)), C(consequences), C(unexplained),
        C(misleading) (e.g. syslog 750003 with its C(explanation)), C(timeline), C(counts), C(sources), C(notes) -, and
        the report an C(evidence) summary (C(inputs) by file name, C(tunnels), C(counts), C(notes)). report.html shows
        the observed events next to the predicted exchange they confirm or contradict, report.md a table "What the devices
        said" per tunnel, the summary lines a line per confirmed finding and per misleading message.
      - The verdicts, the gate and report.xml do not change with evidence. Without evidence report.json is exactly what
        it is without this option.
      - Key material in debug output (KE data, nonces, hex dumps, pre-shared keys) never reaches the report.
    type: dict
    suboptions:
      asa_debug:
        description: Saved C(debug crypto ikev2 protocol|platform) output; several files are read as one capture, in order.
        type: list
        elements: path
        default: []
      asa_syslog:
        description: Saved ASA syslog (IKEv2, IPsec and tunnel-group message IDs; plain, EMBLEM or RFC 5424 framing); several files are read as one.
        type: list
        elements: path
        default: []
      ipsec_sa:
        description: Saved C(show crypto ipsec sa) output, one or more samples taken over time (rising encaps with frozen decaps is one-way traffic).
        type: list
        elements: path
        default: []
      azure_diagnostic_logs:
        description: The gateway's IKEDiagnosticLog, TunnelDiagnosticLog or RouteDiagnosticLog exported from Log Analytics (JSON or CSV).
        type: list
        elements: path
        default: []
      azure_troubleshoot:
        description: Network Watcher VPN troubleshoot output (the JSON result or its log files).
        type: list
        elements: path
        default: []
      azure_ike_sas:
        description: The connection's IKE SAs (getikesas output); only the first file is read.
        type: list
        elements: path
        default: []
      charon_logs:
        description: strongSwan charon logs, read as the same exchanges as the ASA debug.
        type: list
        elements: path
        default: []
      tunnel:
        description: Names of the tunnels the evidence is about (when the report has several and the evidence's addresses are masked).
        type: list
        elements: str
        default: []
  live_evidence:
    description:
      - Also tie the evidence the run gathered live to the tunnels (C(playbooks/check.yml -e evidence_live=true); the
        compliance role's entry points C(live_asa) and C(live_azure)) - the results those steps registered on the hosts
        of O(asa_hosts) (C(compliance_asa_evidence), from M(vpnalign.s2s.asa_vpn_evidence), one per peer) and of
        O(azure_hosts) (C(compliance_azure_evidence), from M(vpnalign.s2s.azure_vpn_evidence), one per connection),
        read from C(hostvars) like the facts; only their parsed evidence is there, no raw output.
      - An ASA run goes to the tunnel of that ASA host and peer, an Azure run to the tunnel of that connection; a kind
        gathered live replaces the same kind of O(evidence) for that tunnel. The report's C(evidence) summary gets
        C(live) (per run what was read, the capture's bounds, whether the debug levels read back as before, what is
        left on, the error); a run that failed is a note and a warning, never a failure of the check.
    type: bool
    default: false
  known_variables:
    description:
      - The variable names the calling role and playbook know. When given, the check fails before it reads any input
        if a variable visible on this host looks like a misspelling of one of them (C(failon) for C(fail_on)) or starts
        with one of O(variable_prefixes) without being known, naming both. Empty (the default) compares nothing.
    type: list
    elements: str
    default: []
  variable_prefixes:
    description: Prefixes whose unknown variables are misspellings (with O(known_variables)), e.g. V(compliance_).
    type: list
    elements: str
    default: []
  mark_not_run:
    description:
      - Check nothing. Make O(report_dir) ready (created if missing, a file made and removed in it) and leave in it only
        report.json with C(status) V(not_run), the reason (O(not_run_reason)) and the time, report.xml with one failing
        testcase giving the reason (a CI's JUnit reader shows that failure, not "no test results"), and none of the
        other report files of O(report_formats). Nothing is read.
      - Run first, it keeps a run that stops before the check (a refused option, an interrupted play) from leaving the
        previous run's reports to be read as this one's, and stops the run early when O(report_dir) cannot be written
        (playbooks/check.yml does both). With O(not_run_reason), it records a stop the run fails on anyway, so a
        O(report_dir) that cannot be written is then a warning.
    type: bool
    default: false
  not_run_reason:
    description:
      - With O(mark_not_run), why the run did not check; empty says that the run has not written its report yet (it is
        still running, or it stopped before the check).
    type: str
    default: ""
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: It only reads; O(report_dir) is written in check mode too.
  diff_mode:
    support: none
  platform:
    platforms: all
notes:
  - Pre-shared keys are never compared in clear; only per-run keyed digests, if the facts carry them.
  - A relative path of O(asa_config_files), O(azure_resources_files) or O(evidence) (a file, a directory, or the
    directory part of a glob) is found as the C(src) of M(ansible.builtin.copy) is - in the role's C(files/)
    directory and the role's own, then in the playbook's directory and its C(files/) - and, not found there, in the
    directory C(ansible-playbook) runs in. A relative O(report_dir) is made in the directory C(ansible-playbook)
    runs in.
seealso:
  - module: vpnalign.s2s.asa_vpn_facts
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
# A fleet: gather in a play over the ASAs (parallel under forks), check once on the controller.
- name: Gather the ASA ends
  hosts: asa
  gather_facts: false
  tasks:
    - name: Read the crypto configuration
      vpnalign.s2s.asa_vpn_facts:
        host: "{{ inventory_hostname }}"

- name: Check every tunnel
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Pair all ASAs with the saved Azure exports and check them
      vpnalign.s2s.vpn_compat_check:
        asa_hosts: "{{ groups['asa'] }}"
        azure_resources_files: exports/
        report_dir: out/
      register: check

    - name: Show what will fail
      ansible.builtin.debug:
        var: check.summary_lines

# Offline: a directory of saved configs (one device per file) and several exports.
- name: Check saved configs
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Check saved configs, stopping on errors only, treating SHA-1 as acceptable
      vpnalign.s2s.vpn_compat_check:
        asa_config_files: backups/asa/
        azure_resources_files: [exports/sub-a.json, exports/sub-b.json]
        report_dir: out/
        baseline:
          weak_integrity: [MD5]
        fail_on: error

    # A nightly compliance run over the estate: the JUnit for the pipeline and report.json for the records only.
    - name: Check saved configs, two report files
      vpnalign.s2s.vpn_compat_check:
        asa_config_files: backups/asa/
        azure_resources_files: exports/
        report_dir: out/nightly/
        report_formats: [json, xml]

    # Facts given as data, the full report returned (small inputs only).
    - name: Check the tunnels between facts gathered earlier in this play
      vpnalign.s2s.vpn_compat_check:
        asa_facts: "{{ ansible_facts.vpnalign_asa }}"
        azure_facts: "{{ ansible_facts.vpnalign_azure }}"
        return_report: true
      register: check

    # An outage: the ASA's debug, syslog and two samples of its counters next to the configuration's prediction.
    - name: Check the seed case with what the devices said
      vpnalign.s2s.vpn_compat_check:
        asa_config_files: examples/seed-asa-azure-pfs/asa_running_config.txt
        azure_resources_files: examples/seed-asa-azure-pfs/azure_resources.json
        report_dir: out/
        evidence:
          asa_debug: [examples/seed-asa-azure-pfs/debug_crypto_ikev2.txt]
          asa_syslog: [examples/seed-asa-azure-pfs/syslog.txt]
          ipsec_sa: [saved/sa-1700.txt, saved/sa-1701.txt]
"""

RETURN = r"""
evidence:
  description:
    - With O(evidence), how many findings the evidence confirmed, contradicted and did not cover, over all tunnels
      (the compliance role publishes it as C(vpnalign_check.evidence)). The gate does not read it.
  returned: when O(evidence) holds a file
  type: dict
  sample: {"confirmed": 1, "contradicted": 0, "not_covered": 2}
gate:
  description: The verdict for O(gate_on), and the sentence that says why and where the reports are.
  returned: when O(gate_on) is set
  type: dict
  contains:
    passed:
      description:
        - No finding at or above O(gate_on), something was checked, every input holds a tunnel and every end has a
          counterpart (or O(unpaired_ok=true)).
      type: bool
      sample: false
    reasons:
      description: Why the gate failed, one sentence per reason; empty when it passed.
      type: list
      elements: str
      sample: ["1 error(s) and 1 warning(s); fail_on is error."]
    message:
      description: The reasons (or that it passed), and the report directory, ready to print.
      type: str
      sample: "1 error(s) and 1 warning(s); fail_on is error. Reports are in /srv/reports."
counts:
  description: Number of findings per severity over all tunnels.
  returned: always
  type: dict
  sample: {"error": 1, "warning": 1, "info": 1}
summary:
  description: Counts of tunnels per verdict.
  returned: always
  type: dict
  sample: {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
tunnels:
  description: One entry per tunnel, without its findings (they are in the report files).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The tunnel's name (the Azure connection's).
      type: str
      sample: UKSouth-HQ-S2S
    id:
      description:
        - The tunnel's stable identifier, report.json's C(id) (Azure subscription/resource group/connection, ASA
          host/crypto map/seq or tunnel interface), the same from run to run whatever else a run reads, unlike a name
          two subscriptions may share. report.xml's suites, report.md's and report.html's headings name it too.
      type: str
      sample: "azure:00000000-0000-0000-0000-000000000000/RG/UKSouth-HQ-S2S asa:gateway/CRYPTO-MAP/2"
    verdict:
      description: V(fail), V(degraded) or V(pass).
      type: str
      sample: fail
    counts:
      description: The tunnel's findings per severity.
      type: dict
      sample: {"error": 1, "warning": 1, "info": 1}
    asa:
      description:
        - Which ASA end (host, crypto map and sequence or tunnel interface, peer).
        - When the ASA runs BGP over the tunnel, C(bgp) with C(addresses) (what it peers from) and C(neighbor) (the
          address it expects the Azure gateway's BGP at); absent without BGP. The evidence ties an Azure BGP event,
          which names its neighbor, to the tunnel of that address.
      type: dict
      sample: {"host": "gateway", "crypto_map": "CRYPTO-MAP", "seq": 2, "peer": "203.0.113.20"}
    azure:
      description:
        - Which Azure connection (connection, gateway, resource group).
        - When the connection runs BGP, C(bgp) with C(addresses) (the gateway instance's BGP peering addresses) and
          C(neighbor) (the on-premises BGP address it expects, the local network gateway's C(bgpPeeringAddress));
          absent without BGP.
      type: dict
      sample: {"connection": "UKSouth-HQ-S2S", "gateway": "UKSouth-VNG", "resource_group": "RG"}
unpaired:
  description:
    - Ends for which no counterpart was found and that do not point at the other side, each as C(asa) or C(azure) (the
      end's names) and, for an ASA end, C(reason) - what the run has at its peer address (no connection at all, or a
      gateway whose connections go to other sites).
    - An end whose own configuration has findings (an invalid value, an undefined reference, a construct not modelled)
      also has C(verdict) and C(counts) (findings per severity, as a tunnel's); the report lists the findings. They
      count in RV(counts) and the gate as any finding does, whatever O(unpaired_ok) says.
  returned: always
  type: list
  elements: dict
notes:
  description:
    - Sources the check read and did not check as a device of their own, one sentence each naming the option, the
      hosts or files and where the device was checked from - the other unit of an ASA failover pair (O(asa_hosts),
      O(asa_config_files)) - and a unit that is not active read without its active unit. The same sentences as the
      console prints at every verbosity, and as the report files carry (report.json C(notes), a section of report.md
      and report.html, a passing testsuite C(notes on the sources read) in report.xml).
    - The summary lines do not repeat them. Published in the set_stats of O(publish_stats) too.
  returned: when a source was left out or read with a caveat
  type: list
  elements: str
  sample: ["asa_config_files: backups/fw-a.cfg and backups/fw-b.cfg are the two units of failover pair gateway with the
            same configuration: checked once, from the primary unit's backups/fw-a.cfg"]
summary_lines:
  description:
    - A short readable summary, one line per tunnel, per error or warning with its fix (marked when below O(gate_on)
      or O(fail_on)) and per unpaired end. Over 100 tunnels, only the tunnels that do not pass (or carry evidence)
      have their lines, and one line counts the passing ones; the report files list every tunnel. Over 100 tunnels
      with O(report_dir) set, a finding is one line, without its fixes (the report files hold them).
    - It is a list; print it with C(ansible.builtin.debug) C(var), or C(msg) given the list, so that every callback
      shows one line per item.
  returned: always
  type: list
  elements: str
status:
  description: V(not_run) with O(mark_not_run=true).
  returned: with O(mark_not_run=true)
  type: str
  sample: not_run
report_files:
  description: The files written into O(report_dir) (absolute paths); empty without O(report_dir).
  returned: always
  type: list
  elements: str
  sample: ["/srv/out/report.json", "/srv/out/report.xml", "/srv/out/report.md"]
report:
  description: The full report, as written to report.json.
  returned: when O(return_report=true)
  type: dict
  contains:
    schema_version:
      description: Version of this structure.
      type: int
      sample: 1
    tunnels:
      description:
        - One entry per tunnel with C(name), C(asa), C(azure), C(verdict) (fail, degraded, pass) and C(findings), and
          C(id), the same for the same tunnel from run to run whatever else a run reads (C(azure:<subscription>/<resource
          group>/<connection> asa:<host>/<crypto map>/<seq>), a VTI's C(<host>/<tunnel interface>)), to diff two runs' reports.
        - Paired tunnels also have C(remediation) (every fix per end, rendered together) and C(alignment) -
          C(align_to_azure) and C(align_to_asa), each with C(options) for M(vpnalign.s2s.asa_vpn_tunnel) or
          M(vpnalign.s2s.azure_vpn_connection) that fix that end alone, C(manual) (steps no option carries, each with
          its C(reason)) and C(needs_pre_shared_key); C(remediation_left), when a one-end plan leaves some error or
          warning, names per end (C(asa), C(azure)) the codes its plan alone does not fix.
        - Paired tunnels also have C(rekey) - per end (C(asa), C(azure)) C(child_lifetime_seconds),
          C(child_lifetime_kilobytes), C(ike_lifetime_seconds), C(pfs_group) and C(mode) - from which report.html draws
          who starts each rekey and when.
        - With O(evidence), a tunnel the evidence is about also has C(evidence) (see O(evidence)).
      type: list
      elements: dict
    summary:
      description: Counts of tunnels per verdict.
      type: dict
      sample: {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
    unpaired:
      description:
        - Ends for which no counterpart was found and that do not point at the other side.
        - An end whose own configuration has findings also has C(verdict) and C(findings), as a tunnel's.
      type: list
      elements: dict
    notes:
      description:
        - The sources read and not checked as a device of their own (RV(notes)). Only in a report that has some
          (an optional key, as C(evidence); C(schema_version) stays 1), so a report without them is as before.
      type: list
      elements: str
      returned: when a source was left out or read with a caveat
    run:
      description:
        - When the run wrote the report - C(generated_at), UTC, C(YYYY-MM-DDTHH:MM:SSZ), the time of
          C(SOURCE_DATE_EPOCH) when the environment sets it - and C(fail_on), the level report.xml, report.md and the
          summary were judged at (O(gate_on), else O(fail_on), else V(error)).
      type: dict
      sample: {"generated_at": "2026-12-06T01:02:03Z", "fail_on": "error"}
    keys_not_compared:
      description:
        - For how many tunnels with pre-shared keys on both ends the keys were not compared, of how many, and for how
          many the ASA's or Azure's key was not read (no digest); AUTH_MISMATCH is not reported for those. Absent when
          every such tunnel's keys were compared.
      type: dict
      returned: when some tunnel's keys were not compared
      sample: {"tunnels": 1, "of": 1, "asa_key_not_read": 1, "azure_key_not_read": 1}
    evidence:
      description:
        - With O(evidence) (or evidence gathered live), the evidence read - C(inputs) (the file names per kind),
          C(tunnels) (the tunnels it was tied to), C(counts) (findings confirmed, contradicted, not covered; as
          RV(evidence)), C(notes) (what could not be tied) and, for live evidence, C(live) (each capture, what was
          read, whether the debug levels read back as before). Each such tunnel has its own C(evidence) too.
      type: dict
      returned: when O(evidence) holds a file or evidence was gathered live
      sample: {"inputs": {"asa_debug": ["debug_crypto_ikev2.txt"]}, "tunnels": ["UKSouth-HQ-S2S"],
               "counts": {"confirmed": 1, "contradicted": 0, "not_covered": 2}, "notes": []}
ansible_stats:
  description:
    - What a C(set_stats) task publishing the compact result would give; Ansible's strategy publishes it as it does
      set_stats' (read it at the end of the run, e.g. an AWX workflow's artifacts).
  returned: when O(publish_stats) is set
  type: dict
  contains:
    data:
      description:
        - One key, O(publish_stats), whose value has C(counts), C(summary), C(verdicts) (a label per tunnel, its name
          unless two tunnels share it, to its verdict; a name qualified one run, because another subscription with that
          connection name was read, is not the next), C(verdicts_by_id) (each tunnel's stable RV(tunnels[].id) to its
          verdict, the same key every run), C(tunnels), C(unpaired), C(report_files) as RV(counts),
          RV(summary), RV(tunnels), RV(unpaired), RV(report_files); C(gate) (RV(gate)) when O(gate_on) is set,
          C(evidence) (RV(evidence)) with evidence, and C(notes) (RV(notes)) when a source was noted.
      type: dict
      sample: {"vpnalign_check": {"counts": {"error": 1, "warning": 1, "info": 1}, "verdicts": {"UKSouth-HQ-S2S": "fail"},
                                  "verdicts_by_id": {"azure:00000000-0000-0000-0000-000000000000/RG/UKSouth-HQ-S2S asa:gateway/CRYPTO-MAP/2": "fail"}}}
    per_host:
      description: Always V(false), as a set_stats task with C(per_host=false).
      type: bool
      sample: false
    aggregate:
      description: Always V(false), as a set_stats task with C(aggregate=false) (a later publish replaces it).
      type: bool
      sample: false
junit:
  description: The report as JUnit XML (a testsuite per tunnel, a testcase per check), as written to report.xml.
  returned: when O(return_report=true)
  type: str
markdown:
  description: The report as Markdown for people, as written to report.md.
  returned: when O(return_report=true)
  type: str
"""
