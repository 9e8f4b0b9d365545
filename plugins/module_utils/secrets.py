# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keyed digests of pre-shared keys, and redaction of device text.

Plain Python, no Ansible import.

A pre-shared key never leaves the module that read it: it is reduced to
``hmac-sha256:<16 hex>`` = HMAC-SHA256(run key, PSK), truncated. The two facts
modules of one run use the same run key (``psk_hash_key``) so that the ASA's and
Azure's digests can be compared; without a shared key each module draws a random
one, and digests of different modules (or runs) never match and say nothing
about the key. The truncation keeps the digest a comparison token, not a
reversible or brute-force-friendly value on its own (it is keyed anyway).
"""

import hashlib
import hmac
import re
import secrets as _secrets

DIGEST_PREFIX = "hmac-sha256:"
DIGEST_HEX_CHARS = 16
MASK = "*****"


def random_key(nbytes=32):
    """A fresh random key (hex text) for one run."""
    return _secrets.token_hex(nbytes)


def _to_bytes(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogateescape")


def psk_digest(key, psk):
    """``hmac-sha256:`` + the first 16 hex digits of HMAC-SHA256(key, psk)."""
    if key is None or key == "":
        raise ValueError("psk_digest needs a key")
    mac = hmac.new(_to_bytes(key), _to_bytes(psk), hashlib.sha256).hexdigest()
    return DIGEST_PREFIX + mac[:DIGEST_HEX_CHARS]


# A digest key shorter than this is refused: Ansible masks a no_log value wherever it occurs in a result, so a short
# key ("10", "outside") garbles the facts; and whoever can guess the key can test guessed pre-shared keys against the
# digests. 16 characters of a random string is at least the 112-bit strength NIST SP 800-107r1 (5.3.4) asks of an
# HMAC key.
HASH_KEY_MIN = 16
# This collection's floor for a pre-shared key it sends (the ASA and Azure take 1 to 128 characters): Ansible masks a
# key wherever it occurs in a result, so a key of a character or two starred out every command and message the module
# returned (review 2026-12-05), and a key that short is guessed.
PSK_MIN = 8


def too_short(what, length, minimum):
    """The message for a secret shorter than ``minimum``: its length, never the secret."""
    return "%s is %d character%s long; give a random string of at least %d" % (
        what, length, "" if length == 1 else "s", minimum)


def hash_key_error(value, what="psk_hash_key"):
    """Why ``value`` cannot key the digests (None: it can, or it is not given and a random key is drawn)."""
    if value is None or value == "":
        return None
    if len(value) < HASH_KEY_MIN:
        return too_short(what, len(value), HASH_KEY_MIN) + (
            " (it is masked wherever it occurs in the result, and keys the digests of the pre-shared keys)")
    return None


def short_secret_error(values, minimums, scope=""):
    """Why a secret option of ``values`` (a task's arguments as given) is too short, or None. Said before anything
    else is: Ansible masks a no_log value wherever it occurs in any message, so a one-letter key turned the task's
    every message, its own or ansible-core's, into asterisks ("a********a_vpn_fact********: p********k_ha********h_key
    i********", review 2026-12-05). ``minimums``: option -> its least length; an empty value is left to the module."""
    for name, minimum in minimums.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or value == "":
            continue
        length = len(str(value))  # Ansible's str type makes text of a number
        if length < minimum:
            return too_short(scope + name, length, minimum)
    return None


# Why a key may not be inside a name the result prints: Ansible masks a no_log value wherever it occurs in the result,
# inside a longer word too, so an object-group "AzureVPN12" of a key "AzureVPN1" came back as "********2": the output
# garbled and the stars telling part of the key (review 2026-12-06).
INSIDE_WHY = ("Ansible masks a secret wherever it occurs in the result, inside a longer word too, which would garble "
              "that name in the output and show where the key is; choose another key")


def key_in_options_error(key, values, skip=(), what="pre_shared_key", scope="", done="nothing was sent"):
    """Why ``key`` may not be sent with the options ``values`` (a mapping, as given): it occurs in the value of one
    of them (a name, an address, a path the result prints), or None. ``skip``: option names not searched (the secret
    options themselves, a config text checked line by line elsewhere); ``done``: what the message says of the
    change. The message names the option, never the key."""
    if not isinstance(key, str) or not key:
        return None

    def places(value, path):
        if isinstance(value, dict):
            for name in sorted(value, key=str):
                if name not in skip:
                    yield from places(value[name], "%s.%s" % (path, name) if path else str(name))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                yield from places(item, "%s[%d]" % (path, i))
        elif value is not None and not isinstance(value, bool):
            yield path, str(value)

    for path, text in places(values, scope):
        if key in text:
            return "%s occurs in the value of %s: %s (%s)" % (what, path, INSIDE_WHY, done)
    return None


def maskable(value):
    """Whether ``value``, a secret read (not sent), may go to Ansible's ``no_log_values``: Ansible masks it wherever it
    occurs in the result, so a key of a few letters ("RG", a gateway's name) starred out resource groups and ids,
    broke pairing, and told the key by where the stars fell (review 2026-12-06, hostile input D2). Shorter keys are
    kept out of every output by the code that reads them (never quoted; ``hide_arm_secrets`` for an option)."""
    return isinstance(value, str) and len(value) >= PSK_MIN


def make_psk_digester(key=None, seen=None):
    """A callable psk -> digest bound to ``key`` (random when None or empty).

    ``seen``: optional set; every key digested that is ``maskable`` is added to it, so that the caller
    can register the clear keys as values to hide (Ansible's ``no_log_values``).
    """
    bound = key if key else random_key()

    def digest(psk):
        if seen is not None and maskable(psk):
            seen.add(psk)
        return psk_digest(bound, psk)

    return digest


# Words after which an ASA config line carries a secret. ``pre-shared-key [0|8] KEY``
# (tunnel-group ipsec-attributes, crypto map set ikev2 pre-shared-key, ikev1),
# ``password``/``passwd``/``secret``/``key`` forms of users, enable, AAA, NTP, SNMP...
# The forms whose secret comes after a key number or an algorithm come first (at one position the first alternative
# that matches wins), so that the secret is masked, not the key number (Cisco ASA command reference):
# ``ntp authentication-key N md5|sha1|sha256|sha512|cmac K``; ``ospf message-digest-key N md5 K`` and
# ``area A virtual-link IP message-digest-key N md5 K``; ``authentication key eigrp AS K key-id N``;
# ``failover key [0|8] [hex] K``; ``snmp-server user U G v3 [encrypted] auth md5|sha|sha224... K priv
# aes 128|192|256|3des|des K`` (two secrets); ``radius-common-pw K``; ``pre-shared-key hex K`` (the key's bytes in
# hexadecimal; the form ytti/oxidized lib/oxidized/model/asa.rb's :secret filter matches, see parser/values.py).
_ENCRYPTION = r"(?:(?:0|7|8|encrypted|pbkdf2)\s+)?"
# What SSH clients (paramiko: "host key mismatch for H"; libssh, OpenSSH: "Host key verification failed", "The
# ssh-ed25519 key fingerprint is SHA1:...") say after "host key": whole words only (a word then a space, punctuation or
# the end), so a secret such as "for@zure" after a host named "host" is still masked. No ASA command has "host key".
_SSH_KEY_PROSE = r"(?:mismatch|mismatched|verification|for|changed|has|is|was|not|of|type|check|checking)(?=\s|$|[.,;:!?)])"
# ``password`` names a password except in ``password encryption aes``, the command that turns the master passphrase on
# (Cisco ASA Series Command Reference, "password encryption aes"); evidence/text.py's SECRET_RE takes it too.
PASSWORD_WORD = r"password(?!\s+encryption\s+aes\b)"
# ``key chain NAME`` (a global command naming a key chain, Cisco ASA Series Command Reference "key chain") is no key:
# the word ``chain`` then one name, and nothing more on that line. Any other word after ``key`` that begins with
# "chain" is a key and masked: ``key chain-X`` or ``key chain.X`` (a "\b" after chain matched before "-" or ".",
# review 2026-12-07), ``key chain`` alone (the key "chain"), ``key chain timeout 5`` (an aaa-server host line).
_KEY_CHAIN_COMMAND = r"(?![ \t]+chain[ \t]+[^\s]+[ \t]*(?:[\r\n]|$))"
_SECRET_HEADS = (
    r"\bauthentication-key\s+\d+\s+(?:md5|sha1|sha256|sha512|cmac)\s+" + _ENCRYPTION,
    r"\bmessage-digest-key\s+\d+\s+md5\s+" + _ENCRYPTION,
    r"\bauthentication\s+key\s+eigrp\s+\d+\s+(?:[078]\s+(?=\S+\s+key-id\b))?",
    r"\bfailover\s+key\s+(?:(?:0|8)\s+)?(?:hex\s+)?",
    r"\bauth\s+(?:md5|sha|sha224|sha256|sha384|sha512)\s+",
    r"\bpriv\s+(?:aes\s+(?:128|192|256)|3des|des)\s+",
    r"\bradius-common-pw\s+" + _ENCRYPTION,
    # the ASA takes any unambiguous abbreviation of a keyword (review 2026-12-06: ``local-authentication pre-shared K``
    # was quoted in clear): ``p``, ``pr``, ``pre``, ``pre-...`` after ikev1|ikev2, after local-|remote-authentication
    # (abbreviated too) and after ``set ikev1|ikev2``; ``passw`` on, and a user's ``pas``
    # (only where the ASA takes one: "pre-shared key mismatch" and "pre-shared authentication failed" are log prose)
    r"\b(?:ikev[12]|(?:local|remote)-a\S*|set\s+ikev[12])\s+p(?:re?)?(?:-\S*)?\s+"
    r"(?!(?:key|keys|authentication|auth|failed|mismatch)\b)" + _ENCRYPTION + r"(?:hex\s+)?",
    r"\busername\s+\S+\s+pas\S*\s+" + _ENCRYPTION,
    r"\bpassw(?:o(?:r)?)?\s+" + _ENCRYPTION,
    # a bare ``key`` not ending a hyphenated word: ``ntp trusted-key N`` names a key number, not a secret; nor SSH's
    # words about the device's host key (review E2: "host key mismatch" read "host key *****"), see _SSH_KEY_PROSE;
    # nor the word after ``crypto key`` (generate, zeroize, import, export, mypubkey) or ``key chain`` (its name), nor
    # ``password encryption aes`` (turns on the master passphrase) nor a BGP ``send-community``, ``set community`` or
    # ``match community`` (a community value or list name); Cisco ASA Series Command Reference: "crypto key generate
    # rsa", "crypto key zeroize", "key chain", "password encryption aes", "neighbor send-community", "set community",
    # "match community"; ``license smart register idtoken T`` (a registration token) and a key's ``passphrase P``
    r"\b(?:pre-shared-key|" + PASSWORD_WORD + r"|passwd|secret|key-string|authentication-key|"
    r"ikev1-user-authentication|passphrase|idtoken|(?<!-)(?<!\bset\s)(?<!\bmatch\s)community|"
    r"(?<!-)(?<!\bhost\s)(?<!\bcrypto\s)key(?!\s+config-key\b)" + _KEY_CHAIN_COMMAND + r"(?!\s+fingerprint\s+is\s)|"
    r"(?<=\bhost\s)key(?!\s+%s))\b(?:\s+(?:0|7|8|encrypted|pbkdf2))?(?:\s+hex)?\s+" % _SSH_KEY_PROSE,
)
_SECRET_RE = re.compile(r"(?P<head>(?:%s))(?P<secret>\S+)" % "|".join(_SECRET_HEADS), re.IGNORECASE)
# Secrets not behind one keyword (review 2026-12-05): ``key config-key password-encryption NEW [OLD]`` (the master
# passphrase, new and old), ``pkcs12 PASSPHRASE`` (crypto ca import/export), and a URL's ``user:password@`` (call-home
# destinations, ddns update URLs, trustpoint enrollment URLs).
_CONFIG_KEY_RE = re.compile(r"(?P<head>\bconfig-key\s+password-encryption)(?P<secret>(?:\s+\S+){1,2})", re.IGNORECASE)
_PKCS12_RE = re.compile(r"(?P<head>\bpkcs12\s+)(?P<secret>\S+)", re.IGNORECASE)
# userinfo holds no "/" (RFC 3986 3.2.1), so a host's ":port/" is never taken for a password
_URL_PASSWORD_RE = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s/@]+)(?=@)", re.IGNORECASE)


# Properties of ARM resources that hold a secret as text (a connection's pre-shared key; the adapter reads it as
# "set, not shown", azure/session.py)
ARM_SECRET_PROPERTIES = frozenset(["sharedKey"])


def _arm_secret_holders(data):
    """(dict, property) of each secret property holding text in ARM resources given as data (lists and dicts, any
    depth). One walk, iterative (an export may nest deeply)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ARM_SECRET_PROPERTIES and isinstance(value, str) and value:
                    yield item, key
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))


def arm_secrets_in(data):
    """The secret values in ARM resources given as data, for a module's no_log_values: Ansible echoes module options
    at -vvv and into log_path (review 2026-12-05: an export's sharedKey passed as the ``resources`` option)."""
    return {holder[key] for holder, key in _arm_secret_holders(data)}


def hide_arm_secrets(data):
    """``data`` (ARM resources given as an option) with every secret property's text replaced by ``MASK``, in place:
    the option is echoed back (invocation, -vvv, log_path), and a key too short to be ``maskable`` is hidden there
    only so."""
    for holder, key in _arm_secret_holders(data):
        holder[key] = MASK
    return data


def secrets_in(text):
    """The secret values of ``text`` (a command line, a config line), as ``redact`` finds them: for a caller that
    must also mask them where they come back without their keyword (a device echoing a rejected line). The pkcs12
    passphrase, the master passphrases and a URL's password too, as ``redact`` masks them."""
    text = str(text or "")
    found = [value for match in _CONFIG_KEY_RE.finditer(text) for value in match.group("secret").split()]
    for pattern in (_PKCS12_RE, _URL_PASSWORD_RE, _SECRET_RE):
        found.extend(match.group("secret") for match in pattern.finditer(text))
    return [value for value in found if value.strip("*")]


def redact(text, extra=(), prose=None, mask=MASK):
    """Text with every secret-looking value after a secret keyword replaced by
    ``*****``, and every string of ``extra`` (known secrets) masked wherever it
    appears. For messages that quote device output (errors, truncated replies).
    ``prose``: a compiled pattern of the words kept after a keyword (log text, where "key exchange" is no key);
    ``mask``: what a secret after a keyword becomes."""
    if text is None:
        return text
    text = str(text)
    for value in sorted((v for v in extra if v), key=len, reverse=True):
        text = text.replace(value, MASK)

    def _sub(match):
        secret = match.group("secret")
        if secret.strip("*") == "" or (prose is not None and prose.match(secret)):
            return match.group(0)
        return match.group("head") + mask

    text = _CONFIG_KEY_RE.sub(lambda m: m.group("head") + (" " + mask) * len(m.group("secret").split()), text)
    text = _URL_PASSWORD_RE.sub(_sub, _PKCS12_RE.sub(_sub, text))
    return _SECRET_RE.sub(_sub, text)
