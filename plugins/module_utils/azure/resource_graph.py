# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure Resource Graph answers in an Azure resources input: their rows, and whether a set of pages is whole.

Shapes (Microsoft Learn, Azure Resource Graph REST API "Resources - Resources", QueryResponse; azure-mgmt-resourcegraph
QueryResponse; the resource-graph extension of azure-cli):
  - REST: ``{"totalRecords", "count", "resultTruncated", "$skipToken", "data", "facets"}``;
  - ``az graph query``: ``{"count", "data", "skip_token", "total_records"}``.
``count`` is the rows of this answer ("in the case of paging, the number of records in the current page"),
``totalRecords`` the rows the query matched, and a skip token is there while more pages follow. ``data`` is an object
array, or with ``resultFormat: table`` ``{"columns": [{"name", "type"}], "rows": [[...]]}``, each row's values in the
order of the columns.

A query's pages are whole when their rows add up to its totalRecords and one of them (the last) has no skip token.
Pages of one query share its totalRecords, so pages are grouped by it; several whole queries of one total are
``k`` last pages and ``k`` times the rows. The sum alone passed a page saved twice in place of a missing one, and pages
of two queries of one total (review 2026-12-07), so within a group two more things are checked: no row id is in two
pages (one query's result holds each resource once; a row in two pages is a page saved twice, or pages of two runs,
between which resources changed: Microsoft Learn, Azure Resource Graph "Guidance for pagination", on duplicate or
missing records in paged results), and table-format pages have the same
``columns`` (the columns of the query's output: pages of other columns are answers of other queries). The fields of
object-format rows are not compared (whether an answer leaves out a null column is not documented, and a false
refusal would stop a whole export). Pages of two queries of one total with the same columns and no row in common cannot
be told from one query's pages by what an answer carries (a skip token is opaque: "Continuation token for pagination",
QueryRequestOptions); the rows they lack are then not read, as no input names them. No Ansible import here.
"""

from dataclasses import dataclass

__all__ = ["GRAPH_KEYS", "GraphPage", "graph_answer", "graph_rows", "incomplete"]

GRAPH_KEYS = frozenset(("count", "skip_token", "total_records", "totalRecords", "$skipToken", "resultTruncated"))


def graph_answer(data):
    """Whether the dict ``data`` (with no id) is a Resource Graph answer: its rows under ``data``, as a list or a
    table, and one of the envelope's keys."""
    rows = data.get("data")
    return "id" not in data and bool(GRAPH_KEYS & set(data)) and (
        isinstance(rows, list) or (isinstance(rows, dict) and "columns" in rows and "rows" in rows))


@dataclass
class GraphPage:
    """One answer: where it is (``where``: the input item, with the file when several are read), the rows it holds,
    its ``count`` and ``total`` as it says them (None when absent) and whether a skip token says more follow."""

    where: str
    rows: int
    count: object
    total: object
    more: bool
    ids: tuple = ()  # the ids of the rows that have one
    columns: object = None  # a table's (name, type) columns; None for object rows


def graph_rows(data, where):
    """(rows as resource dicts, GraphPage) of the answer ``data``; or a message (str) saying why it cannot be read."""
    rows = data["data"]
    columns = None
    if isinstance(rows, dict):
        columns = _table_columns(rows)
        rows = _table_rows(rows, where)
        if isinstance(rows, str):
            return rows
    total = data.get("totalRecords", data.get("total_records"))
    ids = tuple(row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), str))
    page = GraphPage(where, len(rows), data.get("count"), total,
                     bool(data.get("$skipToken") or data.get("skip_token")), ids, columns)
    if page.count is not None and (not _number(page.count) or page.count != page.rows):
        return ("Azure input item %s is a Resource Graph answer whose count (%r) is not the %d rows it holds: was it "
                "edited or cut? Save the answer again" % (where, page.count, page.rows))
    if total is not None and not _number(total):
        return "Azure input item %s is a Resource Graph answer whose totalRecords (%r) is not a number" % (where, total)
    return rows, page


def _number(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _table_columns(table):
    columns = table.get("columns")
    if not isinstance(columns, list):
        return None
    return tuple((c.get("name"), c.get("type")) if isinstance(c, dict) else (None, None) for c in columns)


def _table_rows(table, where):
    """A table-format answer's rows as dicts keyed by column name (the columns name the fields)."""
    columns, rows = table.get("columns"), table.get("rows")
    names = [c.get("name") if isinstance(c, dict) else None for c in columns] if isinstance(columns, list) else None
    if not names or not all(isinstance(n, str) and n for n in names) or not isinstance(rows, list):
        return ("Azure input item %s is a Resource Graph table whose columns are not a list of {name, type} or whose "
                "rows are not a list" % where)
    out = []
    for at, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(names):
            return ("Azure input item %s.data.rows[%d] has %s values for the table's %d columns" % (
                where, at, len(row) if isinstance(row, list) else "no list of", len(names)))
        out.append(dict(zip(names, row)))
    return out


def incomplete(pages):
    """A message naming what a set of Resource Graph answers lacks, or None when each query's pages are whole."""
    groups = {}
    for page in pages:
        if page.total is None:
            if page.more:
                return ("Azure input item %s is one page of a Resource Graph query (it has a skip token) and gives no "
                        "totalRecords, so whether the other pages are here cannot be told: save every page with "
                        "its totalRecords (az graph query prints total_records)" % page.where)
            continue  # no total and no skip token: the whole answer, as it says nothing more
        if page.more or page.rows != page.total:
            groups.setdefault(page.total, []).append(page)
    for total in sorted(groups):
        group = groups[total]
        mixed = _mixed(group, total) or _repeated(group, total)
        if mixed:
            return mixed
        rows = sum(p.rows for p in group)
        last = sum(1 for p in group if not p.more)
        if last and rows == total * last:
            continue
        where = ", ".join("%s (%d rows%s)" % (p.where, p.rows, ", skip token" if p.more else "") for p in group)
        if not last:
            lacking = "the last page (one without a skip token) is not in this input"
        elif rows < total * last:
            lacking = "%d of its rows are in no page given" % (total * last - rows)
        else:
            lacking = "the pages hold %d rows more than it matched: is a page in twice, or are pages of two runs mixed?" \
                % (rows - total * last)
        return ("Azure input item%s %s: %s of a Resource Graph query of %d rows (totalRecords), and %s. Give every "
                "page (az graph query --first 1000 --skip-token <the last page's skip_token> until none is "
                "left), in one file as a list of the answers or in several files read together" % (
                    "s" if len(group) > 1 else "", where, "one page" if len(group) == 1 else "%d pages" % len(group),
                    total, lacking))
    return None


_GIVE_EVERY_PAGE = ("Give every page of each query once (az graph query --first 1000 --skip-token <the last page's "
                    "skip_token> until none is left)")


def _mixed(group, total):
    """A message when table pages of one totalRecords have different columns: answers of different queries."""
    kinds = {}
    for page in group:
        if page.columns is not None:
            kinds.setdefault(page.columns, []).append(page.where)
    if len(kinds) < 2:
        return None
    return ("Azure input items %s are pages of different Resource Graph queries, each of %d rows (totalRecords), "
            "not the pages of one: their columns differ (%s), so whether each query's pages are all here cannot be "
            "told. %s" % (", ".join(p.where for p in group), total,
                          "; ".join("%s in %s" % (_columns_text(c), ", ".join(w)) for c, w in kinds.items()),
                          _GIVE_EVERY_PAGE))


def _columns_text(columns):
    names = [str(name) for name, _type in columns]
    return ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")


def _repeated(group, total):
    """A message when a row id is in two pages of one totalRecords: a page saved twice, or pages of two runs."""
    seen, twice = {}, {}
    for page in group:
        for rid in {i.casefold(): i for i in page.ids}.values():  # ARM ids are case-insensitive
            if rid.casefold() in seen:
                twice.setdefault((seen[rid.casefold()], page.where), []).append("/".join(rid.split("/")[-2:]))
            else:
                seen[rid.casefold()] = page.where
    if not twice:
        return None
    lasts = sum(1 for p in group if not p.more)
    lacking = max(total * max(lasts, 1) - len(seen) - sum(p.rows - len(p.ids) for p in group), 0)
    pairs = "; ".join("%s and %s both hold %d row%s (%s)" % (
        first, second, len(ids), "" if len(ids) == 1 else "s", ", ".join(sorted(ids)[:2]) + (
            ", ..." if len(ids) > 2 else "")) for (first, second), ids in sorted(twice.items()))
    return ("Azure input items %s: pages of a Resource Graph query of %d rows (totalRecords) hold a row twice: %s. A "
            "page is in twice, or pages of two runs are mixed (one query's pages hold each row once)%s. %s" % (
                ", ".join(p.where for p in group), total, pairs,
                "; counted once, %d of its rows are in no page given" % lacking if lacking else "",
                _GIVE_EVERY_PAGE))
