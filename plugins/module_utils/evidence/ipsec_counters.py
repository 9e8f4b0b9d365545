# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``show crypto ipsec sa`` samples over time -> per SA the packet counters and their deltas.

Plain Python, no Ansible import. Input: one text with one or more outputs (a new sample starts at a
``show crypto ipsec sa`` command line, at a line that is only a timestamp (the ASA's ``show clock`` output too,
text.TIME_RE), or when an SA already seen in the current sample appears again), or a list of texts or of (time, text) pairs. Per SA (crypto
map, seq, local and remote ident, peer): the samples' ``#pkts encaps``/``#pkts decaps`` and
``current outbound/inbound spi``, the deltas between samples, and a verdict: ``one_way`` (encaps rise
in every step and decaps never move: packets go into the tunnel and nothing comes back), ``two_way``,
``idle``, ``single_sample`` (one sample shows no trend), ``reset`` (a counter went down: the SA was
replaced or cleared between samples).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import TIME_RE, redacted, split_lines

_COMMAND_RE = re.compile(r"show\s+crypto\s+ipsec\s+sa\b")
_ONLY_TIME_RE = re.compile(r"^\W*(%s)\W*$" % TIME_RE.pattern)
_MAP_RE = re.compile(r"Crypto map tag:\s*([^,\s]+)(?:,\s*seq num:\s*(\d+))?")
_IDENT_RE = re.compile(r"(local|remote) ident \(addr/mask/prot/port\):\s*\(([^)]*)\)")
_PEER_RE = re.compile(r"current_peer:\s*(\S+)")
_ENCAPS_RE = re.compile(r"#pkts encaps:\s*(\d+)")
_DECAPS_RE = re.compile(r"#pkts decaps:\s*(\d+)")
_SPI_RE = re.compile(r"current (outbound|inbound) spi\s*:\s*([0-9A-Fa-f]+)")


@redacted
def parse_counters(samples):
    """Samples and per-SA series; never raises on bad input."""
    texts = _texts(samples)
    parsed, notes = [], []
    for index, (label_time, text) in enumerate(texts):
        for sample in _split_samples(text, label_time, notes):
            sample["input"] = index
            parsed.append(sample)
    series = {}
    for index, sample in enumerate(parsed):
        for sa in sample["sas"]:
            key = (sa["crypto_map"], sa["seq"], sa["local_ident"], sa["remote_ident"], sa["peer"])
            entry = series.setdefault(key, {"crypto_map": sa["crypto_map"], "seq": sa["seq"], "peer": sa["peer"],
                                            "local_ident": sa["local_ident"], "remote_ident": sa["remote_ident"],
                                            "points": []})
            entry["points"].append({"sample": index, "input": sample["input"], "time": sample["time"], "line": sa["line"],
                                    "encaps": sa["encaps"], "decaps": sa["decaps"],
                                    "outbound_spi": sa["outbound_spi"], "inbound_spi": sa["inbound_spi"]})
    result = []
    for entry in series.values():
        points = [p for p in entry["points"] if p["encaps"] is not None and p["decaps"] is not None]
        if len(points) < len(entry["points"]):
            notes.append("SA %s: %d sample(s) without both counters (cut short?)"
                         % (_label(entry), len(entry["points"]) - len(points)))
        entry["deltas"] = [{"encaps": b["encaps"] - a["encaps"], "decaps": b["decaps"] - a["decaps"],
                            "from_line": a["line"], "to_line": b["line"], "from_time": a["time"], "to_time": b["time"]}
                           for a, b in zip(points, points[1:])]
        entry["verdict"] = _verdict(points, entry["deltas"])
        if any(a["outbound_spi"] and b["outbound_spi"] and a["outbound_spi"] != b["outbound_spi"]
               for a, b in zip(points, points[1:])):
            entry["rekeyed_between_samples"] = True
        result.append(entry)
    if not parsed:
        notes.append("no `show crypto ipsec sa` output found")
    elif len(parsed) == 1:
        notes.append("one sample of `show crypto ipsec sa`: traffic in one direction only shows across two or more "
                     "samples taken some seconds apart")
    return {"samples": [{"time": s["time"], "input": s["input"], "line": s["line"], "sas": len(s["sas"])} for s in parsed],
            "sas": result, "notes": notes}


def _texts(samples):
    if samples is None:
        return []
    if isinstance(samples, (str, bytes)):
        return [(None, samples)]
    texts = []
    for item in samples:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            texts.append((item[0], item[1]))
        elif isinstance(item, dict):
            texts.append((item.get("time"), item.get("text")))
        else:
            texts.append((None, item))
    return texts


def _split_samples(text, label_time, notes):
    samples, sample, sa = [], None, None

    def new_sample(number, time):
        created = {"time": time or label_time, "line": number, "sas": []}
        samples.append(created)
        return created

    for number, raw in split_lines(text if isinstance(text, str) else ""):
        line = raw.strip()
        only_time = _ONLY_TIME_RE.match(line)
        if _COMMAND_RE.search(line) or only_time:
            time = only_time.group(1) if only_time else (TIME_RE.search(line).group(1) if TIME_RE.search(line) else None)
            if sample is not None and not sample["sas"]:  # "<time>" then "asa# show crypto ipsec sa": one sample
                sample["time"] = sample["time"] or time
            else:
                sample = new_sample(number, time)
            sa = None
            continue
        map_match = _MAP_RE.search(line)
        if map_match:
            sample = sample or new_sample(number, None)
            sa = {"crypto_map": map_match.group(1), "seq": int(map_match.group(2)) if map_match.group(2) else None,
                  "local_ident": None, "remote_ident": None, "peer": None, "encaps": None, "decaps": None,
                  "outbound_spi": None, "inbound_spi": None, "line": number}
            sample["sas"].append(sa)
            continue
        if sa is None:
            continue
        ident = _IDENT_RE.search(line)
        if ident:
            if sa[ident.group(1) + "_ident"] is not None:  # a second proxy pair under the same map header
                sa = dict(sa, local_ident=None, remote_ident=None, encaps=None, decaps=None, line=number)
                sample["sas"].append(sa)
            sa[ident.group(1) + "_ident"] = ident.group(2)
        for pattern, name in ((_ENCAPS_RE, "encaps"), (_DECAPS_RE, "decaps")):
            counter = pattern.search(line)
            if counter:
                sa[name] = int(counter.group(1))
        peer = _PEER_RE.search(line)
        if peer:
            sa["peer"] = peer.group(1)
        spi = _SPI_RE.search(line)
        if spi:
            sa[spi.group(1) + "_spi"] = spi.group(2).upper()
    repeated = []
    for sample in samples:
        seen, kept = set(), []
        for sa in sample["sas"]:
            key = (sa["crypto_map"], sa["seq"], sa["local_ident"], sa["remote_ident"], sa["peer"])
            if key in seen:
                notes.append("line %d: SA %s appears twice in one sample; the second is read as a later sample"
                             % (sa["line"], key[0]))
                repeated.append({"time": None, "line": sa["line"], "sas": [sa]})
                continue
            seen.add(key)
            kept.append(sa)
        sample["sas"] = kept
    return samples + repeated


def _verdict(points, deltas):
    if len(points) < 2:
        return "single_sample"
    if any(d["encaps"] < 0 or d["decaps"] < 0 for d in deltas):
        return "reset"
    if all(d["encaps"] > 0 and d["decaps"] == 0 for d in deltas):
        return "one_way"
    if all(d["encaps"] == 0 and d["decaps"] == 0 for d in deltas):
        return "idle"
    return "two_way" if any(d["decaps"] > 0 for d in deltas) else "unknown"


def _label(entry):
    return "%s %s (%s <-> %s)" % (entry["crypto_map"], entry["seq"], entry["local_ident"], entry["remote_ident"])
