# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared readers for device evidence: lines, timestamps, addresses, and the redaction that keeps
key material (hex dumps, KE data, nonces, keys) out of every result."""

import datetime
import functools
import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils import secrets

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# "Sep 19 17:35:29", "Sep 19 2026 17:35:29.123", "*Feb 13 03:58:03.389" (BSD/ASA/IOS style)
_BSD_TIME = r"(?:%s)\s+\d{1,2}\s+(?:\d{4}\s+)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?" % "|".join(MONTHS)
# "2026-09-19T17:35:29Z", "2026-09-19 17:35:29.123+00:00" (RFC 5424 / ISO 8601)
_ISO_TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
# The ASA's `show clock`: "17:35:29.123 UTC Sat Sep 19 2026" (hh:mm:ss.mmm zone weekday month day year; Cisco ASA
# command reference, "show clock"), the poll asa/evidence_capture.py runs between counter samples (review F2 #6)
_SHOW_CLOCK_TIME = (r"\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\s+[A-Za-z]{1,6}\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?:%s)\s+\d{1,2}\s+\d{4}"
                    % "|".join(MONTHS))
TIME_RE = re.compile(r"(%s|%s|%s)" % (_ISO_TIME, _SHOW_CLOCK_TIME, _BSD_TIME))
# H:MM:SS, and the 12-hour clock's AM/PM after it ("4:02:11 PM" in ConnectionStats.txt, as Microsoft's own example;
# "5:31:02.120 PM" in a portal CSV export)
_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?(?:\s*([AaPp])\.?[Mm]\b)?")
# a US date before it: "9/19/2026" (month/day/year)
_US_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

# A hex dump line or run: at least 8 two-digit hex groups in a row ("f6 b6 68 e9 ...").
HEX_RUN_RE = re.compile(r"(?:\b[0-9a-fA-F]{2}\b[ \t]+){7,}\b[0-9a-fA-F]{2}\b(?:[ \t]*\|[^|\n]{0,20})?")
# A long hex string (keys, nonces printed as one word); SPIs are 8 or 16 digits and stay.
LONG_HEX_RE = re.compile(r"\b(?:0x)?[0-9a-fA-F]{24,}\b")
# "pre-shared-key xyz", "psk=xyz", "PSK: xyz", '"sharedKey": "xyz"', "pre-shared-key 0 xyz" (the ASA's
# encryption type first), "secret xyz", "password xyz": the value is never kept. Not a value: the words that
# follow "shared key" in prose ("pre-shared key mismatch", "check shared key"): a whole word, then a space, the end
# or a sentence's punctuation (review 2026-12-04: "on$ite2026" and "or+else42" were read as prose and kept).
_PROSE_WORDS = (r"mismatch|mismatched|differs?|different|is|are|was|were|of|for|not|on|and|or|the|a|an|failed|failure|"
                r"errors?|check|checked|must|should")
_PROSE = r"(?:%s)(?=\s|$|[.,;:!?)](?:\s|$))" % _PROSE_WORDS
# (not "password encryption aes", the ASA command that turns the master passphrase on: secrets.PASSWORD_WORD)
_SECRET_NAME = r"(?:pre[-_ ]?shared[-_ ]?key|psk|shared[-_ ]?key|secret|%s)" % secrets.PASSWORD_WORD
# ":", "=", ":=" or "=>" (a dump's "key => value"), or spaces
_SECRET_SEP = r"(?:\"?\s*:?=?>?(?<=[:=>])\s*\"?|\s+)"
# A label between the name and its separator (review F2 #7: "Pre-shared Key (PSK): S3cret" removed "(PSK):" and
# kept the value): an alias in brackets ("(PSK)", "[psk]", "{ikev2}") or a word naming the value's form ("value",
# "string", "text", "ascii"). Possessive, so that a label is never taken for the value behind it.
_BRACKETED = r"(?:\([^()\n]{0,40}\)|\[[^\[\]\n]{0,40}\]|\{[^{}\n]{0,40}\})"
_SECRET_LABEL = r"(?:\s*%s|\s+(?:value|string|text|ascii)\b)*+" % _BRACKETED
# the ASA's encryption type or "hex" between the name and the value ("pre-shared-key hex 5345...") is skipped,
# possessively: a value removed already is not taken for the value behind the word
SECRET_RE = re.compile(r"(?i)\b(%s%s)(%s)(?:(?:\d|hex|%s)%s)*+(?!\*{3,}|<removed>)(?!%s)\S+"
                       % (_SECRET_NAME, _SECRET_LABEL, _SECRET_SEP, _SECRET_NAME, _SECRET_SEP, _PROSE))
# The config forms secrets.redact knows besides (community, failover key, ntp authentication-key, SNMPv3 auth/priv,
# radius-common-pw, passwd, a bare "key": a config command a syslog or an error echoes), with the words that follow
# "key" or "community" in log prose kept (review 2026-12-05: evidence kept "community X" and "failover key X").
_CONFIG_PROSE_TEXT = (r"(?:%s|%s|exchanges?|exchanged|lengths?|size|material|ids?|lifetimes?|usage|pairs?|"
                      r"generation|derivation|payloads?|negotiation|type|rotation|data|values?|index|from|to|"
                      r"with|in|at|by|as|has|had|will|may|expired|expires|updated|changed|set|used|strings?|<|[=:])"
                      r"(?=\s|$|[.,;:!?)]|(?<=<))" % (_BRACKETED, _PROSE_WORDS))
_CONFIG_PROSE = re.compile("(?i)" + _CONFIG_PROSE_TEXT)
# "failover key (hex) K", "community (v2c): K": secrets.redact takes the label for the value (review F2 #7), so the
# value behind a bracketed label after "key" or "community" is removed here and the label kept as prose there
_LABELLED_KEY_RE = re.compile(r"(?i)\b((?:key|community)(?:\s*%s)++)(%s)(?!\*{3,}|<removed>)(?!%s)\S+"
                              % (_BRACKETED, _SECRET_SEP, _CONFIG_PROSE_TEXT))


def split_lines(text):
    """Physical lines of ``text`` (CRLF or LF, None tolerated), numbered from 1."""
    if not text:
        return []
    if not isinstance(text, str):
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return list(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1))


def redact(text):
    """``text`` without hex dumps, long hex strings or secret values."""
    text = HEX_RUN_RE.sub("<hex dump removed>", text)
    text = LONG_HEX_RE.sub("<hex removed>", text)
    # the "name = value" forms first: secrets.redact takes the word after a keyword, which there is the "="
    text = SECRET_RE.sub(lambda m: m.group(1) + m.group(2) + "<removed>", text)
    lowered = text.lower()
    if "key" in lowered or "community" in lowered:  # its words only: most lines have neither (a cheaper test)
        text = _LABELLED_KEY_RE.sub(lambda m: m.group(1) + m.group(2) + "<removed>", text)
    return secrets.redact(text, prose=_CONFIG_PROSE, mask="<removed>")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def redact_all(value):
    """Every string in ``value`` (dicts, lists, tuples; keys too) redacted, and strict UTF-8: a lone surrogate (a
    reply decoded with surrogateescape, as to_text's surrogate_or_replace does) becomes U+FFFD, as Ansible refuses
    it in a module's result. Dicts and lists changed in place."""
    if isinstance(value, str):
        if _SURROGATE_RE.search(value):
            value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return redact(value)
    if isinstance(value, dict):
        for key in list(value):
            item, clean = redact_all(value[key]), redact(key) if isinstance(key, str) else key
            if clean != key:
                del value[key]
            value[clean] = item
        return value
    if isinstance(value, list):
        value[:] = [redact_all(item) for item in value]
        return value
    if isinstance(value, tuple):
        return tuple(redact_all(item) for item in value)
    return value


def redacted(reader):
    """``reader``'s result with every string redacted: a secret in a field no reader thought of stays out too."""
    @functools.wraps(reader)
    def read(*args, **kwargs):
        return redact_all(reader(*args, **kwargs))
    return read


_HEX_LINE_RE = re.compile(r"(?:[0-9a-fA-F]{2}\s+){1,}[0-9a-fA-F]{2}(?:\s*\|.*)?|[0-9a-fA-F]{2}")


_SESSION_PREFIX_RE = re.compile(r"^\(\d+\):\s*")


def is_hex_dump(line):
    """True for a line that is mostly a hex dump (payload data, RAW packet dump)."""
    stripped = _SESSION_PREFIX_RE.sub("", line.strip())
    return bool(stripped) and bool(_HEX_LINE_RE.fullmatch(stripped))


def clock(time_text):
    """"HH:MM:SS" of a printed time, or None."""
    if not time_text:
        return None
    match = _CLOCK_RE.search(time_text)
    if not match:
        return None
    hour = int(match.group(1))
    if match.group(4):  # review 2026-12-04: "4:02:11 PM" was shown as 04:02:11
        hour = hour % 12 + (12 if match.group(4) in "Pp" else 0)
    return "%02d:%s:%s" % (hour, match.group(2), match.group(3))


def sort_key(time_text):
    """A key that orders printed times of one capture (year where printed, month, day, clock); None sorts first."""
    if not time_text:
        return (0, 0, 0, 0, "")
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", time_text)
    us = _US_DATE_RE.match(time_text) if not iso else None
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    elif us:
        year, month, day = int(us.group(3)), int(us.group(1)), int(us.group(2))
    else:
        bsd = re.match(r"\*?(%s)\s+(\d{1,2})(?:\s+(\d{4})\b)?" % "|".join(MONTHS), time_text)
        year = int(bsd.group(3)) if bsd and bsd.group(3) else 0
        month, day = (MONTHS.index(bsd.group(1)) + 1, int(bsd.group(2))) if bsd else (0, 0)
    return (1, year, month, day, clock(time_text) or "")


def is_ip(value):
    try:
        ipaddress.ip_address(value)
    except (ValueError, TypeError):
        return False
    return True


# The parts of each printed form (review F2 #1, #2): ISO 8601 / RFC 5424 with its offset (RFC 5424 section 6.2.3: TIME-OFFSET
# "Z" or +/-hh:mm; Azure's TimeGenerated is UTC, "Troubleshoot Azure VPN Gateway using diagnostic logs"), the portal CSV's
# US date, `show clock`, BSD/ASA "Sep 19 [2026] 17:35:29" and a clock alone (the live capture's sample label).
_ISO_PARTS_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?")
_SHOW_CLOCK_PARTS_RE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)\s+([A-Za-z]{1,6})\s+[A-Za-z]{3}\s+(%s)\s+(\d{1,2})\s+(\d{4})"
                                  % "|".join(MONTHS))
_BSD_PARTS_RE = re.compile(r"(%s)\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)" % "|".join(MONTHS))
_UTC_NAMES = ("UTC", "GMT", "Z", "UCT")


def time_parts(time_text):
    """{year, month, day (None where not printed), seconds (of the printed day), offset (minutes east of UTC, None for
    no zone printed), zone (the name `show clock` printed, if not UTC)} of a printed time, or None."""
    if not isinstance(time_text, str) or not time_text:
        return None
    iso = _ISO_PARTS_RE.search(time_text)
    if iso:
        offset = None
        if iso.group(7):
            offset = 0 if iso.group(7) == "Z" else \
                (1 if iso.group(7)[0] == "+" else -1) * (int(iso.group(7)[1:3]) * 60 + int(iso.group(7)[-2:]))
        return {"year": int(iso.group(1)), "month": int(iso.group(2)), "day": int(iso.group(3)),
                "seconds": int(iso.group(4)) * 3600 + int(iso.group(5)) * 60 + float(iso.group(6)), "offset": offset}
    shown = _SHOW_CLOCK_PARTS_RE.search(time_text)
    if shown:
        utc = shown.group(4).upper() in _UTC_NAMES
        return {"year": int(shown.group(7)), "month": MONTHS.index(shown.group(5)) + 1, "day": int(shown.group(6)),
                "seconds": int(shown.group(1)) * 3600 + int(shown.group(2)) * 60 + float(shown.group(3)),
                "offset": 0 if utc else None, "zone": None if utc else shown.group(4)}
    us = _US_DATE_RE.search(time_text)
    bsd = _BSD_PARTS_RE.search(time_text) if not us else None
    hms = clock(time_text)
    if not hms:
        return None
    fraction = re.search(r"\d{1,2}:\d{2}:\d{2}(\.\d+)", time_text)
    seconds = sum(int(x) * m for x, m in zip(hms.split(":"), (3600, 60, 1))) + float(fraction.group(1) if fraction else 0)
    if us:
        return {"year": int(us.group(3)), "month": int(us.group(1)), "day": int(us.group(2)), "seconds": seconds,
                "offset": None}
    if bsd:
        return {"year": int(bsd.group(3)) if bsd.group(3) else None, "month": MONTHS.index(bsd.group(1)) + 1,
                "day": int(bsd.group(2)), "seconds": seconds, "offset": None}
    return {"year": None, "month": None, "day": None, "seconds": seconds, "offset": None}


def _instant(parts, year=None, date=None):
    """The UTC datetime of ``parts``, the missing year or date taken from ``year`` / ``date``; None if invalid."""
    y, m, d = parts["year"] or year, parts["month"], parts["day"]
    if m is None:
        y, m, d = date or (None, None, None)
    if not (y and m and d):
        return None
    try:
        when = datetime.datetime(y, m, d) + datetime.timedelta(seconds=parts["seconds"])
    except (ValueError, OverflowError):  # "Feb 30", a year the calendar does not hold
        return None
    return when - datetime.timedelta(minutes=parts["offset"] or 0)


# A year for times of a run no evidence gives one for: a leap year, so that "Feb 29" stays a date; never shown
_NO_YEAR = 2000
# A time without a year more than half a year after the run's latest dated time is taken from the year before
# (an ASA's "Dec 31 23:59:58" next to Azure's 2027-01-01)
_HALF_YEAR = datetime.timedelta(days=183)


def order_times(times):
    """Every printed time of one run in one comparable UTC form: ([(key, clock) per time], notes).

    ``key`` sorts (a time that does not parse first); ``clock`` is "HH:MM:SS" in UTC (None when the time does not
    parse). An offset printed is applied; a time printed without a zone is taken as UTC as printed. A time without a
    year takes the year of the run's latest time that has one, a clock alone the date of the latest time that has
    one; the notes say so where forms mix. A few passes over the times: linear."""
    parts = [time_parts(t) for t in times]
    dated = [_instant(p) for p in parts if p and p["year"]]
    dated = [d for d in dated if d is not None]
    latest = max(dated) if dated else None
    notes, yearless, clock_only, shifted, named, zoned, zoneless, year_before = [], [], [], [], [], 0, [], 0
    instants = []
    for text, p in zip(times, parts):
        if p is None:
            instants.append(None)
            continue
        if p["year"] is None and p["month"] is not None:
            yearless.append(text)
            when = _instant(p, year=latest.year if latest else _NO_YEAR)
            if when is not None and latest is not None and when - latest > _HALF_YEAR:
                when, year_before = _instant(p, year=latest.year - 1), year_before + 1
        elif p["month"] is None:
            clock_only.append(text)
            when = None  # the date comes from the others, below
        else:
            when = _instant(p)
        if p["offset"]:
            shifted.append(text)
        if p["offset"] is not None:
            zoned += 1
        elif not p.get("zone"):
            zoneless.append(text)
        if p.get("zone"):
            named.append("%s (%s)" % (text, p["zone"]))
        instants.append(when)
    days = [w for w, p in zip(instants, parts) if w is not None and p and p["month"] is not None]
    reference = max(days) if days else None
    keyed = []
    for text, p, when in zip(times, parts, instants):
        if p is not None and p["month"] is None:
            when = _instant(p, date=(reference.year, reference.month, reference.day) if reference else
                            (_NO_YEAR, 1, 1))
        keyed.append(((1, when), when.strftime("%H:%M:%S")) if when is not None else ((0,), None))
    # a note only where forms mix: times of one form order among themselves as printed
    if yearless and latest:
        notes.append("%d time(s) printed without a year (e.g. %r) were taken to be in %d, the year of the other "
                     "evidence%s" % (len(yearless), yearless[0], latest.year,
                                     " (%d of them, dated after it, in %d)" % (year_before, latest.year - 1)
                                     if year_before else ""))
    if clock_only and reference:
        notes.append("%d time(s) printed as a clock only (e.g. %r) were taken to be on %s, the date of the other "
                     "evidence" % (len(clock_only), clock_only[0], reference.strftime("%Y-%m-%d") if latest else
                                   "%s %d" % (MONTHS[reference.month - 1], reference.day)))
    if shifted:
        notes.append("times printed with a UTC offset (e.g. %r) are shown in UTC" % shifted[0])
    if zoned and zoneless:
        notes.append("times printed without a zone (e.g. %r) were taken to be UTC, as the times with one are shown"
                     % zoneless[0])
    if named:
        notes.append("times in a zone other than UTC (%s) are shown as printed: the zone's offset is not known"
                     % ", ".join(named[:3]))
    return keyed, notes


def instant(time_text):
    """The UTC datetime of a printed time that has its date and year (its offset applied, none taken as UTC), or None."""
    parts = time_parts(time_text)
    return _instant(parts) if parts and parts["year"] else None
