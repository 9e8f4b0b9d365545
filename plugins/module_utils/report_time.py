# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When the reports say they were written (report.json ``run.generated_at``, report.md and report.html "Written ...").

The current time in UTC, unless ``SOURCE_DATE_EPOCH`` is set in the controller's environment: then that time, as
https://reproducible-builds.org/specs/source-date-epoch/ defines it (an ASCII decimal integer, seconds since
1970-01-01 00:00:00 UTC, the output format of ``date +%s``; a tool that embeds a timestamp MUST use it in place of the
current time, and SHOULD stop with an error when the value is malformed). Two identical runs with one
``SOURCE_DATE_EPOCH`` write byte-identical reports (a CI job diffs them). An empty value counts as unset.
Plain Python, no Ansible import.
"""

import datetime
import os
import re

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_DIGITS = re.compile(r"[0-9]+\Z")


def generated_at(environ=None, now=None):
    """``YYYY-MM-DDTHH:MM:SSZ`` (UTC): ``SOURCE_DATE_EPOCH`` when set, else ``now`` (default: the current time).
    A malformed ``SOURCE_DATE_EPOCH`` raises ValueError naming it."""
    value = (os.environ if environ is None else environ).get(SOURCE_DATE_EPOCH, "")
    if value == "":
        return (now or datetime.datetime.now(datetime.timezone.utc)).strftime(FORMAT)
    if not _DIGITS.match(value):
        raise ValueError("%s must be the seconds since 1970-01-01 00:00:00 UTC as a decimal integer (date +%%s), not %r"
                         % (SOURCE_DATE_EPOCH, value))
    try:
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc).strftime(FORMAT)
    except (OverflowError, OSError, ValueError):
        raise ValueError("%s %s is beyond the dates this system can write" % (SOURCE_DATE_EPOCH, value))
