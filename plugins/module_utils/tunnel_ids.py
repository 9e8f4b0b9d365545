# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A label per report tunnel that no other tunnel of the report has, for what is keyed by tunnel: the ``verdicts`` map
set_stats publishes. A tunnel's name is its Azure connection's (and instance), and one
landing-zone template gives the same connection name in each subscription; keyed by name, one tunnel's verdict
replaced the other's (a failing tunnel read as degraded). A name no other tunnel has is its own label (what every
single-subscription run had); a repeated one gets where its connection is, from the report's Azure identifier
(subscription, resource group, gateway), then the ASA's, then a number. report.xml's suites and report.md's and
report.html's headings are named by ``suite_names`` instead: the name and the report's stable ``id``, whatever else the
run reads.

Plain Python, no Ansible import.
"""

import hashlib
import re


def _where(tunnel, parts):
    values = []
    for side in parts:
        found = tunnel.get(side) or {}
        for key in ("subscription", "resource_group", "gateway", "host", "interface", "crypto_map", "seq"):
            if found.get(key) is not None:
                values.append(str(found[key]))
    return "/".join(values)


def tunnel_labels(tunnels):
    """The labels of ``tunnels`` (report entries), in their order. Linear: names are counted once. A name that is no
    text (a hand-made report) is given back as it is, for the writer to refuse as it did."""
    names = [t.get("name") for t in tunnels]
    counts = _text_counts(names)
    labels = list(names)
    for parts in (("azure",), ("azure", "asa")):
        repeated = [i for i, label in enumerate(labels) if isinstance(label, str) and counts[label] > 1]
        if not repeated:
            return labels
        for i in repeated:
            where = _where(tunnels[i], parts)
            labels[i] = "%s (%s)" % (names[i], where) if where else names[i]
        counts = _text_counts(labels)
    return _numbered(labels, counts)


def _text_counts(names):
    """How many times each name that is text stands in ``names``."""
    counts = {}
    for name in names:
        if isinstance(name, str):
            counts[name] = counts.get(name, 0) + 1
    return counts


def _numbered(names, counts):
    """``names`` with each text standing more than once (``counts``) numbered ``#1``, ``#2`` in order."""
    seen = {}
    for i, name in enumerate(names):
        if isinstance(name, str) and counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            names[i] = "%s #%d" % (name, seen[name])
    return names


def id_keys(tunnels):
    """The ``verdicts_by_id`` keys of ``tunnels`` (compact result entries), in their order: each one's report.json
    ``id`` (compat.stable_tunnel_id), the same whatever else a run reads; tunnel_labels' label changed the night a
    second subscription of the same connection name was read, or not. An entry without an id is keyed by its name;
    two entries of one key (a hand-made report) get ``#1``, ``#2``, so neither verdict replaces the other."""
    keys = [t.get("id") if isinstance(t.get("id"), str) and t.get("id") else t.get("name") for t in tunnels]
    keys = [key if isinstance(key, str) else str(key) for key in keys]
    return _numbered(keys, _text_counts(keys))


def suite_names(tunnels):
    """report.xml's test suite names of ``tunnels`` (report entries), in their order: ``<name> (<id>)``, the
    tunnel's name then its report.json ``id`` (the id alone when it ends with the name) (compat.stable_tunnel_id:
    subscription/resource group/connection, ASA host/crypto map/seq), the same whatever else a run reads. A CI
    system keeps a suite's history by its name (Jenkins' JUnit plugin, GitLab's unit test reports, AWX):
    tunnel_labels qualifies a name only when another tunnel of the run has it, so a night one subscription was not
    read renamed the other's suite (review 2026-12-07). An entry without an id (a hand-made report) is named by its
    name; two entries of one id (a hand-made report too) get ``#1``, ``#2``. A name that is no text is given back as
    it is, for the writer to refuse as it did."""
    names = []
    for t in tunnels:
        name, ident = t.get("name"), t.get("id")
        if isinstance(name, str) and isinstance(ident, str) and ident and ident != name:
            # an id that ends with the name says it already (a connection with no ASA end "azure:<sub>/<rg>/<name>",
            # a host not read "asa:fw1 (not read)"): the id alone
            name = ident if ident.endswith(name) else "%s (%s)" % (name, ident)
        names.append(name)
    return _numbered(names, _text_counts(names))


# What a report.html anchor keeps of an id: ASCII letters, digits, "." and "-", valid as they are in an HTML id (no
# space, WHATWG HTML "The id attribute"), a URL fragment (RFC 3986 section 3.5, unreserved characters) and an SVG
# url(#...) reference; any other run of characters (the id's ":", "/" and space) is one "_"
_NOT_ANCHOR = re.compile(r"[^A-Za-z0-9.-]+")


def anchor_keys(tunnels):
    """report.html's anchor of each of ``tunnels`` (report entries), in their order: its report.json ``id`` (its name
    when it has none) made safe for an HTML id and a URL fragment, unique in the page. A tunnel's position (``tunnel-3``)
    changed every anchor after a tunnel added or removed: a diff of two nights was noise and a bookmarked link led to
    another tunnel. Two ids made the same by the mapping get a digest of their id (the same whatever else is read); two
    entries of one id (a hand-made report) ``~2``, ``~3`` after the first."""
    keys = []
    for t in tunnels:
        ident = t.get("id") if isinstance(t.get("id"), str) and t.get("id") else t.get("name")
        ident = ident if isinstance(ident, str) else ""
        keys.append((ident, _NOT_ANCHOR.sub("_", ident).strip("_") or "tunnel"))
    counts = {}
    for ident, key in set(keys):
        counts[key] = counts.get(key, 0) + 1
    out, seen = [], {}
    for ident, key in keys:
        if counts[key] > 1:  # distinct ids, one key: told apart by their own digest, not by their order
            key = "%s_%s" % (key, hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:8])
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else "%s~%d" % (key, seen[key]))
    return out


def _unpaired_id(end, with_subscription):
    """An unpaired end's names as report.json gives them (compat._asa_id, _azure_id), in stable_tunnel_id's shape."""
    if not isinstance(end, dict):
        return ""
    asa, azure = end.get("asa"), end.get("azure")
    if isinstance(azure, dict):
        text = "azure:%s%s/%s/%s" % ("%s/" % azure.get("subscription") if with_subscription else "", azure.get("resource_group"),
                                     azure.get("gateway"), azure.get("connection"))
        return text + ("#%s" % azure["instance"] if azure.get("instance") is not None else "")
    if isinstance(asa, dict):
        where = asa.get("interface") if asa.get("interface") is not None else "%s/%s" % (asa.get("crypto_map"), asa.get("seq"))
        return "asa:%s/%s" % (asa.get("host"), where)
    return ""


def unpaired_anchor_keys(ends, taken=()):
    """report.html's anchor of each of the unpaired ``ends`` (report.json ``unpaired``), in their order: ``unpaired_``
    and the end's names as anchor_keys makes an id safe, unique in the page (not one of ``taken``, the tunnels' keys).
    Their position (``u0``) moved every anchor after an end added or removed. An Azure end names its subscription only
    the nights a run reads several: it is left out, and used only to tell apart ends that have the same names without
    it (one landing-zone template in two subscriptions), so an end's anchor does not change the night another
    subscription is or is not read."""
    bare = [_unpaired_id(end, False) for end in ends]
    counts = _text_counts(bare)
    idents = [_unpaired_id(end, True) if counts[text] > 1 else text for end, text in zip(ends, bare)]
    keys = anchor_keys([{"id": "unpaired " + ident} for ident in idents])
    out, used = [], set(taken)
    for key in keys:
        found, n = key, 1
        while found in used:  # a hand-made report's tunnel keyed the same
            n += 1
            found = "%s~%d" % (key, n)
        used.add(found)
        out.append(found)
    return out


def unpaired_reason(end):
    """Why an unpaired end is one, in the words of the side it lacks (the check's own words where it gave them)."""
    if isinstance(end.get("reason"), str) and end["reason"]:
        return end["reason"]
    if isinstance(end.get("asa"), dict):
        return "no Azure connection has this peer address"
    if isinstance(end.get("azure"), dict):
        return "no ASA tunnel end points at this connection's gateway"
    return "no counterpart on the other side"
