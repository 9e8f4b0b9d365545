# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text of what network_cli hands the ASA cliconf and terminal plugins (both read replies the same way).

In plugin_utils, not module_utils: it uses Ansible's text converters, and module_utils/secrets.py,
which the plugins also use, stays free of Ansible imports.
"""

import ast
import re

from ansible.module_utils.common.text.converters import to_text


def reply_text(value):
    """Text of an exception or reply; network_cli raises with the raw reply (bytes), which arrives as its repr."""
    text = to_text(value, errors="surrogate_or_replace")
    if re.match(r"""^b(['"]).*\1$""", text, re.S):
        try:
            text = to_text(ast.literal_eval(text), errors="surrogate_or_replace")
        except (ValueError, SyntaxError):
            pass
    return text


# What the ASA prints when its pager stops a reply (``pager lines N``, ``terminal pager N``) and waits for a key
# (Cisco ASA CLI configuration guide, "Command Output Paging"). The terminal plugin ends a read there, and the
# cliconf plugin fails it, instead of waiting for a prompt that never comes.
MORE_PROMPT = b"<--- More --->"
MORE_RE = re.compile(re.escape(MORE_PROMPT) + rb"[ \t]*$")

# A question the ASA asks before it acts, its whole last line: "Erase configuration in flash memory? [confirm]", "Do
# you really want to replace them? [yes/no]:", "Destination filename [startup-config]?" (Cisco ASA command reference:
# write erase, crypto key generate rsa, copy). The terminal plugin ends a read there when the caller gave no answer.
# \Z, not $: "$" also matches before a final bare LF, so a line of output ending in "]?" would read as a question.
# Its kinds: "[confirm]" takes one key, and anything but return or y declines it; "[yes/no]:" takes a line; a file
# name question ("...[startup-config]?") is left with ctrl-c. decline_key answers each so that the command does not run.
_CONFIRM = rb"\[confirm\]"
_YES_NO = rb"\[(?:yes/no|y/n)\]:?"
_FILE_NAME = rb"\][ \t]*\?"
QUESTION_RE = re.compile(rb"[^\r\n]*(?:%s|%s|%s)[ \t]*\Z" % (_CONFIRM, _YES_NO, _FILE_NAME), re.I)
_DECLINES = ((re.compile(_CONFIRM + rb"[ \t]*\Z", re.I), b"n"), (re.compile(_YES_NO + rb"[ \t]*\Z", re.I), b"no\r"))


def decline_key(question):
    """What to send to decline ``question`` (bytes, a line QUESTION_RE matches): ``n`` for [confirm], ``no`` and
    return for [yes/no], ctrl-c for a file name question."""
    for regex, key in _DECLINES:
        if regex.search(question):
            return key
    return b"\x03"
