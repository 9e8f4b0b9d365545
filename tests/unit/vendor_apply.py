# -*- coding: utf-8 -*-
"""Apply a printed fix to the vendor's own input, the way the device or Azure would take it.

The proofs (proof.py) apply fix intents to the model; a user applies the printed text. These
helpers apply the printed text, so a test can re-parse the result through the real adapters and
check again:

``apply_asa(config_text, lines)``: ASA CLI lines, as typed in configuration mode, applied to a
``show running-config`` text. A top-level line that sets a one-value setting replaces it
(``crypto map M 10 set pfs group19`` replaces ``crypto map M 10 set pfs``); ``no <line>`` removes
it; a line followed by more-indented lines enters that section (an existing one with the same
header, or a new one) and its sub-commands replace or add in the same way. Lines starting with
"!" are guidance for a person and are not applied. Anything the ASA would refuse (``no`` of
something absent, a sub-command without a section) raises ApplyError.

``apply_azure(resources, remediation, connection)``: the Azure fix as the report prints it,
{"connection" | "local_network_gateway" | "virtual_network_gateway": {"name", "resource_group",
"properties"}}, merged into that resource's ``properties`` in an ARM export (a list of resources
as GET returns them): objects merge, anything else (lists included, as in a PUT) replaces.
Config findings still print connection property paths ({"ipsecPolicies[0].pfsGroup": ...}); those
are set on ``connection``.

Test-only helpers: they use no product code, so they judge the product from outside.
"""

import copy
import re

COMMENT = "!"


class ApplyError(ValueError):
    """The fix cannot be applied as printed (the device or Azure would refuse it)."""


# ---------------------------------------------------------------------------------------------
# ASA
# ---------------------------------------------------------------------------------------------
class _Node(object):
    __slots__ = ("text", "children")

    def __init__(self, text, children=None):
        self.text = text
        self.children = children if children is not None else []


def _words(text):
    return " ".join(text.split())


def _parse(text):
    """running-config text -> list of top-level nodes, each with its indented sub-commands."""
    root = _Node("")
    stack = [(-1, root)]
    for raw in text.splitlines():
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        node = _Node(_words(raw))
        while stack[-1][0] >= indent:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root.children


def _render(nodes, depth=0):
    out = []
    for node in nodes:
        out.append(" " * depth + node.text)
        out.extend(_render(node.children, depth + 1))
    return out


# One-value settings: a line matching one of these replaces the line with the same key (group 1).
_TOP_SETTINGS = [re.compile(p) for p in (
    r"^(crypto map \S+ \d+ set pfs)(?: |$)",
    r"^(crypto map \S+ \d+ set security-association lifetime (?:seconds|kilobytes))(?: |$)",
    r"^(crypto map \S+ \d+ set ikev[12] (?:ipsec-proposal|transform-set))(?: |$)",
    r"^(crypto map \S+ \d+ set peer)(?: |$)",
    r"^(crypto map \S+ \d+ match address)(?: |$)",
    r"^(crypto map \S+ \d+ set connection-type)(?: |$)",
    r"^(crypto ipsec security-association lifetime (?:seconds|kilobytes))(?: |$)",
    r"^(crypto ipsec ikev1 transform-set \S+)(?: |$)",
    r"^(sysopt connection tcpmss)(?: (?!minimum)|$)",
    r"^(prefix-list \S+ seq \d+)(?: |$)",
    r"^(tunnel-group \S+ type)(?: |$)",
)]
_SUB_SETTINGS = [re.compile(p) for p in (
    r"^(encryption|integrity|group|prf|hash|authentication)(?: |$)",
    r"^(lifetime(?: seconds)?)(?: |$)",
    r"^(protocol esp (?:encryption|integrity))(?: |$)",
    r"^(set pfs)(?: |$)",
    r"^(set security-association lifetime (?:seconds|kilobytes))(?: |$)",
    r"^(set ikev[12] (?:ipsec-proposal|transform-set))(?: |$)",
    r"^(vpn-tunnel-protocol|isakmp keepalive|default-group-policy)(?: |$)",
    r"^(tunnel (?:destination|source interface|mode|protection ipsec profile))(?: |$)",
    r"^(ip address|nameif|security-level|subnet|description)(?: |$)",
    r"^(neighbor \S+ (?:remote-as|ebgp-multihop))(?: |$)",
    r"^(ikev2 (?:remote|local)-authentication)(?: |$)",
)]


def _setting(text, top):
    for pattern in _TOP_SETTINGS if top else _SUB_SETTINGS:
        match = pattern.match(text)
        if match:
            return match.group(1)
    return None


def _same_setting(node, key, top):
    return _setting(node.text, top) == key


def _remove(container, command, top):
    """``no <command>``: what the ASA removes for it; ApplyError when there is nothing to remove."""
    key = _setting(command, top)
    neighbor = re.match(r"^neighbor (\S+) remote-as(?: |$)", command)
    if neighbor:  # "no neighbor X remote-as N" removes the neighbor and everything said about it
        gone = [n for n in container if n.text.startswith("neighbor %s " % neighbor.group(1))]
    elif key is not None and command == key:  # "no crypto map M 10 set pfs": whatever its value
        gone = [n for n in container if _same_setting(n, key, top)]
    else:
        gone = [n for n in container if n.text == command]
    if not gone:
        raise ApplyError("'no %s': the configuration has no such line" % command)
    container[:] = [n for n in container if n not in gone]


_NAT_NUMBERED = re.compile(r"^(nat \(\S+\)) (\d+) (source .*)$")


def _insert_at(container, node, top):
    """Where the ASA shows a new line: next to its kind (an ACL's entries, a crypto map's
    entries, routes, prefix-list entries in sequence order); a numbered twice NAT rule at that
    position among the manual NAT rules; anything else at the end (before ': end')."""
    text = node.text
    if not top:
        container.append(node)
        return
    nat = _NAT_NUMBERED.match(text)
    if nat:
        node.text = "%s %s" % (nat.group(1), nat.group(3))
        manual = [i for i, n in enumerate(container) if n.text.startswith("nat (") and "after-auto" not in n.text]
        position = int(nat.group(2)) - 1
        at = manual[position] if position < len(manual) else (manual[-1] + 1 if manual else None)
        if at is None:  # no manual rule yet: before the after-auto ones
            at = next((i for i, n in enumerate(container) if n.text.startswith("nat (")), None)
        if at is not None:
            container.insert(at, node)
            return
    seq = re.match(r"^(prefix-list \S+ )seq (\d+) ", text)
    if seq:
        later = [i for i, n in enumerate(container) if n.text.startswith(seq.group(1))
                 and re.match(r"^prefix-list \S+ seq (\d+) ", n.text)
                 and int(re.match(r"^prefix-list \S+ seq (\d+) ", n.text).group(1)) > int(seq.group(2))]
        if later:
            container.insert(later[0], node)
            return
    family = _family(text)
    same = [i for i, n in enumerate(container) if family and n.text.startswith(family)]
    if same:
        container.insert(same[-1] + 1, node)
        return
    end = [i for i, n in enumerate(container) if n.text.startswith(": end")]
    container.insert(end[0] if end else len(container), node)


def _family(text):
    for pattern in (r"^(access-list \S+ )", r"^(crypto map \S+ )", r"^(route )", r"^(prefix-list \S+ )",
                    r"^(tunnel-group \S+ )", r"^(crypto ikev[12] policy )", r"^(crypto ipsec ikev2 ipsec-proposal )",
                    r"^(crypto ipsec ikev1 transform-set )", r"^(object-group network )", r"^(crypto ikev[12] enable )"):
        match = re.match(pattern, text)
        if match:
            return match.group(1)
    return None


def _set(container, command, top):
    """A command typed in ``container``: a one-value setting replaces its old value in place."""
    key = _setting(command, top)
    if key is not None:
        same = [n for n in container if _same_setting(n, key, top)]
        if same:
            same[0].text = command
            container[:] = [n for n in container if n is same[0] or n not in same]
            return same[0]
    for node in container:
        if node.text == command:
            return node
    node = _Node(command)
    _insert_at(container, node, top)
    return node


def apply_asa(config_text, lines):
    """``config_text`` with the CLI ``lines`` applied; returns (new text, number of lines applied).

    Indentation in ``lines`` says nesting, one space per level, as the report prints them."""
    top = _parse(config_text)
    sections = [top]  # sections[d]: the container a line indented by d goes into
    applied = 0
    commands = [(len(line) - len(line.lstrip(" ")), _words(line)) for line in lines]
    for i, (depth, command) in enumerate(commands):
        if not command or command.startswith(COMMENT):
            continue
        if depth >= len(sections):
            raise ApplyError("%r is indented but no section is open for it" % command)
        del sections[depth + 1:]
        container = sections[depth]
        is_top = depth == 0
        if command.startswith("no "):
            _remove(container, command[3:], is_top)
            node = None
        else:
            node = _set(container, command, is_top)
        applied += 1
        opens = i + 1 < len(commands) and commands[i + 1][0] > depth and not commands[i + 1][1].startswith(COMMENT)
        if opens:
            if node is None:
                raise ApplyError("%r opens no section" % command)
            sections.append(node.children)
    return "\n".join(_render(top)) + "\n", applied


def applicable_asa_lines(lines):
    """The lines of an ASA fix that are commands (not "!" guidance for a person)."""
    return [line for line in lines or [] if line.strip() and not line.strip().startswith(COMMENT)]


# ---------------------------------------------------------------------------------------------
# Azure
# ---------------------------------------------------------------------------------------------
RESOURCE_TYPES = {
    "connection": "Microsoft.Network/connections",
    "local_network_gateway": "Microsoft.Network/localNetworkGateways",
    "virtual_network_gateway": "Microsoft.Network/virtualNetworkGateways",
}
# What the report prints next to the property changes: commands and words for a person.
NOT_PROPERTIES = ("az", "powershell", "note", "unsupported")


def _resource_group(resource):
    match = re.search(r"/resourceGroups/([^/]+)/", resource.get("id") or "", re.IGNORECASE)
    return match.group(1) if match else None


def _find(resources, kind, name, group=None):
    for resource in resources:
        if (resource.get("type") or "").lower() == RESOURCE_TYPES[kind].lower() and \
                (resource.get("name") or "").lower() == (name or "").lower() and \
                (group is None or (_resource_group(resource) or "").lower() == group.lower()):
            return resource
    raise ApplyError("the export has no %s %r in resource group %r" % (kind, name, group))


def _merge(into, changes):
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _set_path(properties, path, value):
    """Set ``ipsecPolicies[0].pfsGroup``-style paths (the config findings' form)."""
    parts = [(name, int(index) if index else None) for name, index in _PATH_PART.findall(path)]
    target = properties
    for n, (name, index) in enumerate(parts):
        last = n == len(parts) - 1
        key = name or index
        if last:
            if index is not None and not name:
                while len(target) <= index:
                    target.append({})
            target[key] = copy.deepcopy(value)
            return
        nxt = parts[n + 1]
        if name:
            if name not in target or target[name] is None:
                target[name] = [] if nxt[1] is not None and not nxt[0] else {}
            target = target[name]
        else:
            while len(target) <= index:
                target.append({})
            target = target[index]


def azure_changes(remediation):
    """(per-resource changes, connection property paths) of a printed Azure fix."""
    resources = {k: v for k, v in (remediation or {}).items() if k in RESOURCE_TYPES}
    paths = {k: v for k, v in (remediation or {}).items() if k not in RESOURCE_TYPES and k not in NOT_PROPERTIES}
    return resources, paths


def apply_azure(resources, remediation, connection=None, group=None):
    """A copy of the ARM export ``resources`` with the printed Azure fix applied.

    ``connection``/``group``: the connection that property paths (config findings) apply to."""
    out = copy.deepcopy(resources)
    changes, paths = azure_changes(remediation)
    if not changes and not paths:
        raise ApplyError("the fix changes no Azure property")
    for kind, change in changes.items():
        resource = _find(out, kind, change.get("name"), change.get("resource_group"))
        _merge(resource.setdefault("properties", {}), change.get("properties") or {})
    if paths:
        resource = _find(out, "connection", connection, group)
        for path, value in paths.items():
            _set_path(resource.setdefault("properties", {}), path, value)
    return out
