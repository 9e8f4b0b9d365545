# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An IKEv1 policy that authenticates the way the tunnel does, added beside policies that authenticate otherwise
(AUTH_MISMATCH's ``ike_auth_method`` fix): the report's lines (remediation.py) and asa_vpn_tunnel's
``ikev1_authentication`` push (push_crypto_map.py) are made here, so that align pushes what the check proved.

IKEv1 policies are global: every tunnel of the ASA (remote access too) is matched against them, and a policy matches
only with the same authentication (ASA_CLI_GUIDE_IKE_POLICY in the reference facts). So the policy that authenticates
otherwise is never edited - a tunnel or remote-access client that authenticates with certificates may need it - but
copied: its encryption, hash, group and lifetime, with the tunnel's ``authentication``, at a free priority after every
other policy (proposals.new_policy_priority, the rule of the report's other IKE policy fixes).

Plain Python, no Ansible import.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.proposals import new_policy_priority
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Block, IntentError, block_change

# fix method (psk, certificate) -> the ASA's ``authentication`` keyword
KEYWORD = {method: keyword for keyword, method in tables.IKEV1_AUTHENTICATION.items()}
HEADER = "crypto ikev1 policy %d"
_LABEL = re.compile(r"^ikev1 policy (\d+)$")


def label_priority(label):
    """The priority of the IKEv1 policy an IKE proposal label names ("ikev1 policy 20"), or None."""
    match = _LABEL.match(str(label or "").replace(" (AEAD)", ""))
    return int(match.group(1)) if match else None


def method_of(children):
    """The method (psk, certificate...) a policy of these sub-commands matches: its ``authentication``, else the
    default (tables.IKEV1_POLICY_DEFAULTS, as the parser reads it)."""
    keyword = tables.IKEV1_POLICY_DEFAULTS.value["authentication"]
    for child in children:
        words = child.split()
        if words[:1] == ["authentication"] and len(words) > 1:
            keyword = words[1]
    return tables.IKEV1_AUTHENTICATION.get(keyword, keyword)


def suite_of(children):
    """What a policy negotiates besides its authentication, comparable: {keyword: value}, the defaults filled in."""
    defaults = tables.IKEV1_POLICY_DEFAULTS.value
    suite = {key: str(defaults[key]) for key in ("encryption", "hash", "group", "lifetime")}
    for child in children:
        words = child.split()
        if len(words) > 1 and words[0] in suite:
            suite[words[0]] = " ".join(words[1:])
    return suite


def copied(children, keyword):
    """The sub-commands of a policy like one of ``children`` that authenticates with ``keyword``."""
    return ["authentication %s" % keyword] + [c for c in children if c.split()[:1] != ["authentication"]]


def remediation_lines(entry, item):
    """The report's lines for an ``ike_auth_method`` fix: for each IKEv1 policy labelled, a copy that authenticates
    with the fix's method at a free priority (``entry``: remediation._Entry, which hands out the priorities), or one
    "!" line saying what cannot be done so (asa/remediation.py, fix_rendering._asa_cannot)."""
    method = item.get("method")
    keyword = KEYWORD.get(method)
    proposals = list(entry.end.ike_proposals) + list(entry.end.ike_proposals_responder or ())
    lines = []
    for label in item.get("labels") or ():
        priority = label_priority(label)
        if priority is None or keyword is None:
            return ["! %s cannot be given the authentication method %s here: set it by hand" % (label, method)]
        source = next((p.source for p in proposals if label_priority(p.label) == priority and p.source), None)
        if not source:
            return ["! crypto ikev1 policy %d was not read: add a policy with authentication %s by hand"
                    % (priority, keyword)]
        full = entry.policy_limit_reached(1)
        if full:
            return [full]
        children = [line.text.strip() for line in source if not line.text.startswith("crypto ")]
        lines += [HEADER % entry.free_priority(1)] + [" " + child for child in copied(children, keyword)]
    return lines


def changes(tree, option):
    """asa_vpn_tunnel's ``ikev1_authentication`` ({"method", "policies"}) against the running config ``tree``: a new
    policy per policy named that authenticates otherwise, unless one of the same suite and method is there already
    (a second run adds nothing). Raises IntentError for a policy the ASA does not have, or when it holds as many
    IKEv1 policies as it takes (tables.MAX_IKE_POLICIES)."""
    if not option:
        return []
    method = option["method"]
    keyword = KEYWORD[method]
    held = [block for block in tree.starting("crypto ikev1 policy ") if block.parent.split()[3:4] != []]
    used = {int(b.parent.split()[3]) for b in held if b.parent.split()[3].isdigit()}
    present = [(suite_of(b.children), method_of(b.children)) for b in held]
    out = []
    for priority in option["policies"]:
        block = tree.get(HEADER % priority)
        if block is None:
            raise IntentError("ikev1_authentication: the ASA has no crypto ikev1 policy %d to copy" % priority)
        suite = suite_of(block.children)
        if method_of(block.children) == method or (suite, method) in present:
            continue
        if len(used) >= tables.MAX_IKE_POLICIES:
            raise IntentError("ikev1_authentication: the ASA holds %d IKEv1 policies, the most it takes: a copy of "
                              "crypto ikev1 policy %d with authentication %s would be refused; change a policy no "
                              "tunnel uses by hand" % (len(used), priority, keyword))
        new = new_policy_priority(used)
        used.add(new)
        present.append((suite, method))
        out.append(block_change(tree, Block(HEADER % new, copied(block.children, keyword))))
    return out
