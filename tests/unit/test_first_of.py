# -*- coding: utf-8 -*-
"""A list that grows with the input is named in a bounded line: its first few, then how many more (issue 12: a hub's
thousands of tunnels were named in every tunnel's entry). One helper, safe_text.first_of, for every such line."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of


@pytest.mark.parametrize("texts,shown,separator,total,expected", [
    ([], 3, ", ", None, ""),
    (["a"], 3, ", ", None, "a"),
    (["a", "b", "c"], 3, ", ", None, "a, b, c"),
    (["a", "b", "c", "d", "e"], 3, ", ", None, "a, b, c and 2 more"),
    (["a", "b", "c", "d"], 2, "; ", None, "a; b and 2 more"),
    # only the first ones given, the count apart (a hub's peers, the unpaired ends of a fleet)
    (["a", "b"], 2, ", ", 10, "a, b and 8 more"),
    # fewer given than may be shown, more counted: the rest are still counted
    (["a"], 5, ", ", 3, "a and 2 more"),
    (["a", "b"], 5, ", ", 2, "a, b"),
])
def test_first_of_names_the_first_and_counts_the_rest(texts, shown, separator, total, expected):
    assert first_of(texts, shown, separator, total) == expected


def test_a_long_list_is_named_by_its_first_ten():
    texts = ["tunnel-%d" % n for n in range(100000)]
    line = first_of(texts, 10)
    assert line.startswith("tunnel-0, tunnel-1, ") and line.endswith("tunnel-9 and 99990 more")
