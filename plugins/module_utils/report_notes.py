# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The words the report files share: the report's ``notes`` and how a fix already shown is referred to.

``notes`` are the sources the check read but did not check on their own, in the words every report file uses. Today
they are failover units (plugin_utils/fact_sources.py and asa_saved_configs.py, module_utils/asa/failover_pairs.py):
a pair's two backups checked once from the primary unit's file, a pair's standby host checked from its active unit, a
standby read without its active unit. The console says them at every verbosity; the files must too, or a device missing from them reads as
a silent drop to whoever reads only the files (AWX, a compliance archive).

Each note is text that may hold a host or file name (never configuration text); each writer escapes it as it
escapes any other text. Plain Python, no Ansible import; imported by report_html, which findings imports.
"""

NOTES_TITLE = "Notes on the sources read"
NOTES_INTRO = ("Sources the check read and did not check as a device of their own (the two units of a failover pair "
               "are one device, checked once from one unit), or checked with a caveat:")
PROVEN = " (proven)"  # after an end's label: re-running the engine on the fixed model cleared the finding
# after an end's label: proven only with the other end's fix applied too (proof "together"); review 2026-12-04: it read
# "(proven)" like a fix of one end alone, and the ASA's fix alone left the finding
PROVEN_TOGETHER = " (proven together with the other end's fix below or above: apply both)"


def file_suffix(end):
    """`` (<file>)`` after a report end ({"asa": ...} or {"azure": ...} id) read from a saved file, else ""."""
    return " (%s)" % end["file"] if isinstance(end.get("file"), str) and end["file"] else ""


# after PROVEN_TOGETHER, the order the proof found (fix_rendering._safe_first): the end whose part alone breaks nothing goes
# first; when each part alone breaks the tunnel, it is down between the two changes (review 2026-12-04: no order was
# given, and either one was an outage)
_ORDER = {"asa": "; the ASA's first, Azure's after: the ASA's change alone breaks nothing",
          "azure": "; Azure's first, the ASA's after: Azure's change alone breaks nothing"}
_NO_SAFE_ORDER = "; the tunnel is down from the first change to the second: make them in one window"


def proven_label(verdict):
    """The label suffix of an end's fix for its proof verdict: PROVEN_TOGETHER with the order to apply them in,
    PROVEN or ""."""
    if not isinstance(verdict, dict) or not verdict.get("proven"):
        return ""
    if not verdict.get("together"):
        return PROVEN
    if "first" not in verdict:  # a report written before the order was said
        return PROVEN_TOGETHER
    return PROVEN_TOGETHER[:-1] + _ORDER.get(verdict.get("first"), _NO_SAFE_ORDER) + ")"


def alternatives_text(finding):
    """For a finding whose fixes on two ends are each proven alone: they are two ways out, not two steps (review
    2026-12-05: BGP_NOT_CONFIGURED's ASA fix removed BGP and its Azure fix turned it on; both applied brought the error
    back, reversed). None otherwise (a fix proven only together is one of two steps: proven_label says so)."""
    remediation, proof = finding.get("remediation") or {}, finding.get("proof") or {}
    alone = [vendor for vendor in remediation if remediation.get(vendor) and isinstance(proof.get(vendor), dict)
             and proof[vendor].get("proven") and not proof[vendor].get("together")]
    if len(alone) < 2:
        return None
    return "Either fix clears this finding on its own: make one of them, not both."


def plan_left_text(tunnel, vendor):
    """What a tunnel's one-end plan for ``vendor`` leaves (report ``remediation_left``), in words, or None."""
    codes = (tunnel.get("remediation_left") or {}).get(vendor)
    if not isinstance(codes, list) or not codes:
        return None
    # review 2026-12-05: "see the plan for both ends" was said of tunnels that have none
    where = ("see the plan for both ends, or the findings" if tunnel.get("remediation_both") else
             "no plan that changes both ends is proven either; see the findings")
    return "Alone it leaves %s: %s." % (", ".join(str(c) for c in codes), where)


def both_heading(tunnel):
    """The heading of a tunnel's plan for both ends (report ``remediation_both``), with the order to apply it in."""
    order = tunnel.get("remediation_both_order")
    return "Fix both ends (proven together%s)" % _ORDER.get(order, _NO_SAFE_ORDER)


def is_proven_label(label):
    """Whether an end's label carries a proven verdict (proven_label)."""
    return label.endswith(PROVEN) or PROVEN_TOGETHER[:-1] in label


def source_notes(report):
    """The report's notes as a list of texts; [] when it has none (the key is there only when there are some)."""
    notes = report.get("notes")
    if not notes:
        return []
    if not isinstance(notes, list):  # a hand-edited report.json: said as it is, never dropped
        notes = [notes]
    return [note if isinstance(note, str) else str(note) for note in notes]


def keys_text(report, short=False):
    """The sentence that says for how many tunnels the pre-shared keys were not compared (report ``keys_not_compared``,
    compat._keys_not_compared), or None: report.md and report.html say it under the counts, the console (``short``)
    after the tunnels."""
    found = report.get("keys_not_compared")
    if not isinstance(found, dict):
        return None
    if short:
        return ("Pre-shared keys not compared for %s of %s tunnel(s) (the ASA's key not read for %s, Azure's for %s): a "
                "key mismatch there is not reported." % (found.get("tunnels"), found.get("of"),
                                                         found.get("asa_key_not_read"), found.get("azure_key_not_read")))
    return ("Pre-shared keys not compared for %s of %s tunnel(s) with keys, so a key mismatch there is not reported: "
            "the ASA's key was not read for %s (a running config shows it masked: asa_vpn_facts include_secrets, "
            "-e compare_keys=true in playbooks/check.yml), Azure's for %s (a key in a saved export is not "
            "compared, present or not; a live read with -e compare_keys=true needs the sharedkey permission)." % (
                found.get("tunnels"), found.get("of"), found.get("asa_key_not_read"), found.get("azure_key_not_read")))


def finding_heading(finding):
    """``WARNING REKEY_TOO_FREQUENT (child_rekey)``: how report.md heads a finding, and how both writers name the
    finding a shared fix was shown under (same_fix_text)."""
    return "%s %s (%s)" % (str(finding.get("severity", "")).upper(), finding.get("code", ""), finding.get("phase", ""))


def same_fix_text(heading, proven):
    """What a finding says in place of a fix already shown, word for word and as proven or not, under the finding
    ``heading`` of the same tunnel (report.md and report.html: one change that clears two findings - in the seed example
    Azure's data lifetime raised for REKEY_TOO_FREQUENT and CHILD_DATA_LIMIT_MISMATCH - was printed twice, and read as
    two changes to make). report.xml keeps each fix in full: a CI page shows each failed test case alone."""
    return "the same change as for %s above%s" % (heading, " (made once, it clears this finding too)" if proven else "")
