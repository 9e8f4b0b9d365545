# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evidence readers of issue 14 in the fuzz suite: seeds, evidence-specific mutators, planted secrets,
and one input through its reader (``parse_evidence`` with that one text) and through ``explain`` with the
seed case's check report.

Every input is a seed file of one evidence kind, mutated (the suite's text mutators and the ones here: cut
mid-line, two files interleaved, blocks shuffled, timestamps in other formats, huge lines, deep JSON, CSV
with odd quoting, NUL and control bytes, invalid UTF-8), sometimes given to the reader of another kind
(mislabeled), then with planted key material: a ``pre-shared-key`` value, a Nonce/KE hex dump, an Azure
``sharedKey``. Decoded as vpn_compat_check reads an evidence file (UTF-8, errors replaced).

Verified: nothing escapes, both results are strict JSON, no planted secret is in either, and the time
budget of the suite (pipeline.py: 1 s CPU per 10,000 lines, at least 1 s).
"""

from __future__ import annotations

import glob
import json
import os
import re
import zlib

import fuzzpath
import mutate

fuzzpath.ensure()

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain, parse_evidence  # noqa: E402

# kind -> (argument of parse_evidence, one text or a list of texts, seed files)
EVIDENCE_ARGS = {
    "debug": ("debug_text", "one"),
    "syslog": ("syslog_text", "one"),
    "counters": ("counter_texts", "many"),
    "azure_logs": ("azure_log_texts", "many"),
    "azure_troubleshoot": ("azure_troubleshoot_texts", "many"),
    "azure_ike_sas": ("azure_ike_sas_text", "one"),
    "charon": ("charon_texts", "many"),
}
SEED_DIR = os.path.join("examples", "seed-asa-azure-pfs")
FIXTURES = os.path.join("tests", "fixtures", "evidence")
SEED_GLOBS = {
    "debug": [os.path.join(SEED_DIR, "debug_crypto_ikev2.txt"), os.path.join(FIXTURES, "*.debug.txt")],
    "syslog": [os.path.join(SEED_DIR, "syslog.txt"), os.path.join(FIXTURES, "*.syslog.txt")],
    "counters": [os.path.join(SEED_DIR, "show_crypto_ipsec_sa.txt"), os.path.join(FIXTURES, "*.samples.txt")],
    "azure_logs": [os.path.join(FIXTURES, "azure", "*Diagnostic*")],
    "azure_troubleshoot": [os.path.join(FIXTURES, "azure", "troubleshoot_*.json"), os.path.join(FIXTURES, "azure", "*.txt")],
    "azure_ike_sas": [os.path.join(FIXTURES, "azure", "getikesas.json")],
    "charon": [os.path.join(FIXTURES, "charon", "*.log")],
}

MAX_INPUT = 4 * 1024 * 1024

# -- planted secrets: none of these may be in any result -------------------------------------------------
PSK = "Qz7-PlantedPsk-9051"
SHARED_KEY = "Sk8PlantedSharedKey3307"
NONCE = bytes.fromhex("d15ea73c904bf2681de57ac309b46f82a4e2179c5b08d63ef1720bc8954ad3e6")
KE = bytes.fromhex("7b3e91c05fa2d4688e1c37b950f6a2d3c8194e7a06bd52f3e9a1740d6c28b5f1")
PSK_LINES = [b" ikev2 remote-authentication pre-shared-key %s", b" ikev2 local-authentication pre-shared-key 0 %s",
             b"pre-shared-key %s", b"psk=%s", b"PSK: %s", b"secret %s", b"Pre-Shared-Key = %s", b"password: %s"]
SHARED_KEY_FORMS = [b'"sharedKey": "%s", ', b"sharedKey: %s", b"sharedKey=%s", b"shared key %s", b"SharedKey %s"]


def _spaced(data, upper=False):
    text = " ".join("%02x" % b for b in data)
    return text.upper() if upper else text


def _dump_lines(rng, label, data):
    """``data`` as the ASA or charon prints a payload."""
    form = rng.randrange(4)
    rows = [data[i:i + 16] for i in range(0, len(data), 16)]
    if form == 0:  # ASA debug: the payload header, then 16 bytes a line
        return [b"%s Next payload: NONE, reserved: 0x0, length: %d" % (label, len(data) + 4)] + \
            [_spaced(r).encode() for r in rows]
    if form == 1:  # ASA RAW packet dump: with the ASCII column
        return [_spaced(r).encode() + b" | ................" for r in rows]
    if form == 2:  # charon at level 4: "nonce => 32 bytes @ 0x..." then offset rows
        return [b"14[ENC] %s => %d bytes @ 0x7f3a5c0012d0" % (label.lower(), len(data))] + \
            [b"14[ENC]   %d: %s  ................" % (i * 16, _spaced(r, upper=True).encode()) for i, r in enumerate(rows)]
    return [b"%s data: %s" % (label, data.hex().encode())]  # one long hex word


def _windows(data, size=4):
    return [data[i:i + size] for i in range(len(data) - size + 1)]


SECRET_NEEDLES = [PSK.lower(), "plantedpsk", SHARED_KEY.lower(), "plantedsharedkey"] + \
    [_spaced(w) for d in (NONCE, KE) for w in _windows(d)] + [w.hex() for d in (NONCE, KE) for w in _windows(d)]


def leaks(text):
    """The planted secrets (or 4 bytes in a row of the planted hex) in ``text``, lower-cased compare."""
    lowered = re.sub(r"[ \t]+", " ", text.lower())
    return [n for n in SECRET_NEEDLES if n in lowered]


def plant(rng, data):
    """``data`` with one to three planted secrets: as lines of their own or inside an existing line."""
    lines = data.split(b"\n")
    names = []
    for _n in range(rng.randint(1, 3)):
        what = rng.randrange(3)
        if what == 0:
            payload = [rng.choice(PSK_LINES) % PSK.encode()]
            names.append("plant:psk")
        elif what == 1:
            payload = [rng.choice(SHARED_KEY_FORMS) % SHARED_KEY.encode()]
            names.append("plant:sharedKey")
        else:
            payload = _dump_lines(rng, rng.choice([b"Nonce", b"KE"]), NONCE if rng.random() < 0.5 else KE)
            names.append("plant:hex")
        at = rng.randrange(len(lines) + 1)
        # inside a line, but not inside what was planted before (a secret cut in two is not the reader's fault)
        if rng.random() < 0.5 or not lines or leaks(lines[min(at, len(lines) - 1)].decode("latin-1")):
            lines[at:at] = payload
        else:  # inside a line (a JSON string, a CSV field, a message): at a space, else at the end
            at = min(at, len(lines) - 1)
            spaces = [m.end() for m in re.finditer(rb" ", lines[at])] or [len(lines[at])]
            cut = rng.choice(spaces)
            lines[at] = lines[at][:cut] + b" ".join(payload) + b" " + lines[at][cut:]
    return b"\n".join(lines), names


# -- evidence-specific mutators --------------------------------------------------------------------------
TIMES = [b"2026-09-19T17:35:29.123456+05:30", b"19/09/2026 17:35:29", b"Sep  9 17:35:29", b"1796047296.041",
         b"Sep 19 25:61:99", b"Sep 99 17:35:29", b"0000-00-00 00:00:00", b"9999-99-99T99:99:99Z", b"Sept 19 17:35",
         b"2026-13-45 17:35:29", b"17:35", b"Mon Sep 19 17:35:29 2026", b"2026-09-19T17:35:29" + b"9" * 4301,
         b"\xef\xbc\x92026-09-19 17:35:29", b"Sep 19 " + b"1" * 40 + b":35:29", b""]
TIME_ANY = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                      rb"\s+\d{1,2}\s+(?:\d{4}\s+)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?|\b\d{10}\.\d{3}\b")


def cut_mid_line(rng, data):
    return data[:rng.randrange(len(data) + 1)]


def interleave(rng, data, other=b""):
    """Two captures' lines merged (each in its own order), as two terminals logged to one file."""
    a, b = data.split(b"\n"), (other or data).split(b"\n")
    out = []
    while a or b:
        source = a if a and (not b or rng.random() < 0.5) else b
        taken = min(len(source), rng.randint(1, 4))
        out.extend(source[:taken])
        del source[:taken]
    return b"\n".join(out)


def shuffle_blocks(rng, data):
    blocks = re.split(rb"(?:\n\s*\n|\n(?=\S))", data) if rng.random() < 0.5 else \
        [data[i:i + 512] for i in range(0, len(data), 512)]
    rng.shuffle(blocks)
    return b"\n".join(blocks)


def other_timestamps(rng, data):
    matches = list(TIME_ANY.finditer(data))
    if not matches:
        return rng.choice(TIMES) + b" " + data
    chosen = rng.sample(matches, min(len(matches), rng.randint(1, 6)))
    for m in sorted(chosen, key=lambda m: -m.start()):
        data = data[:m.start()] + rng.choice(TIMES) + data[m.end():]
    return data


def huge_evidence_line(rng, data):
    size = rng.choice([16 * 1024, 256 * 1024, 1024 * 1024])
    unit = rng.choice([b"ab ", b"0", b"pre-shared-key ", b"[", b"{\"a\":", b"Remote 1.2.3.4:500: ", b"%ASA-4-750003: ",
                       b"IKEv2-PROTO-2: (59): ", b"\"", b",", b"9" * 20 + b" ", b"Sep 19 17:35:29 "])
    line = unit * (size // len(unit))
    lines = data.split(b"\n")
    lines.insert(rng.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def deep_json(rng, data):
    depth = rng.choice([50, 990, 1100, 5000, 100000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"records":', b"}"), (b'{"a":', b"}")])
    if rng.random() < 0.5 and data.lstrip()[:1] in (b"[", b"{"):
        return opener * depth + data + closer * depth
    inner = opener * depth + b"1" + closer * depth
    return data.replace(b'"', b'"x": ' + inner + b', "', 1) if rng.random() < 0.5 else data + b"\n" + inner


def odd_csv(rng, data):
    lines = data.split(b"\n")
    for _n in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        choice = rng.randrange(6)
        if choice == 0:
            lines[i] = b'"' + lines[i]  # a quote never closed: the rest of the file is one field
        elif choice == 1:
            lines[i] = lines[i].replace(b",", b'","', 1) + b'"""'
        elif choice == 2:
            lines[i] = lines[i].replace(b",", b";")
        elif choice == 3:
            lines[i] = lines[i] + b"," * rng.choice([1, 50, 5000])
        elif choice == 4:
            lines[i] = b'"a\nb",' + lines[i]  # a quoted field over two lines
        else:
            lines[i] = b"\xef\xbb\xbf" + lines[i] + b"\x00"
    return b"\n".join(lines)


def nul_bytes(rng, data):
    buf = bytearray(data)
    for _n in range(rng.randint(1, 20)):
        buf.insert(rng.randrange(len(buf) + 1), rng.choice([0, 0, 0x1b, 0x0d, 0x0c, 0x7f, 0x85]))
    return bytes(buf)


EVIDENCE_MUTATORS = mutate.SHOW_MUTATORS + [cut_mid_line, interleave, shuffle_blocks, other_timestamps, huge_evidence_line,
                                            deep_json, odd_csv, nul_bytes]
EVIDENCE_WEIGHTS = [2] * len(mutate.SHOW_MUTATORS) + [3, 3, 3, 4, 1, 2, 2, 3]


def load_seeds():
    """kind -> name -> bytes"""
    seeds = {}
    for kind, patterns in SEED_GLOBS.items():
        seeds[kind] = {}
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(fuzzpath.REPO_ROOT, pattern))):
                if not path.endswith(".md"):
                    with open(path, "rb") as handle:
                        seeds[kind][os.path.relpath(path, fuzzpath.REPO_ROOT)] = handle.read()
    return seeds


def make_evidence_input(seeds, rng):
    """(reader kind, bytes, names)"""
    kind = rng.choice(sorted(seeds))
    name = rng.choice(sorted(seeds[kind]))
    data = seeds[kind][name]
    names = ["evidence:%s:%s" % (kind, name)]
    every = [(k, n) for k in sorted(seeds) for n in sorted(seeds[k])]
    for _n in range(rng.choice([1, 1, 2, 3])):
        mutator = rng.choices(EVIDENCE_MUTATORS, EVIDENCE_WEIGHTS)[0]
        if mutator is interleave:
            other_kind, other = rng.choice(every)
            data = interleave(rng, data, seeds[other_kind][other])
            names.append("interleave:%s" % other)
        elif mutator is mutate.token_swap:
            data = mutate.token_swap(rng, data, ())
            names.append(mutator.__name__)
        else:
            data = mutator(rng, data)
            names.append(mutator.__name__)
        data = data[:MAX_INPUT]  # repeat_all thrice over is hundreds of MB: past any capture, and GBs of memory
    data, planted = plant(rng, data)
    names += planted
    if rng.random() < 0.15:  # mislabeled: the file given as another kind
        kind = rng.choice(sorted(seeds))
        names.append("as:%s" % kind)
    return kind, data, names


def run_reader_and_explain(report, reader, data, problems):
    """The input through its reader and through explain(); problems found appended (strict JSON, leaks)."""
    # as vpn_compat_check and vpn_evidence read an evidence file; a device's reply as asa_vpn_evidence reads it
    # (to_text surrogate_or_replace: undecodable bytes become lone surrogates) for a sixth of the inputs
    text = data.decode("utf-8", "surrogateescape" if zlib.crc32(data) % 6 == 0 else "replace")
    arg, how = EVIDENCE_ARGS[reader]
    value = text if how == "one" else [text]
    for what, result in (("the %s reader" % reader, lambda: parse_evidence(**{arg: value})),
                         ("explain()", lambda: explain(report, **{arg: value}))):
        out = result()
        try:
            dumped = json.dumps(out, ensure_ascii=False, allow_nan=False, sort_keys=True)
            dumped.encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError) as exc:
            problems.append("%s's result is not strict JSON: %s" % (what, str(exc)[:200]))
            continue
        found = leaks(dumped)
        if found:
            problems.append("%s's result holds a planted secret: %s" % (what, found[0]))
