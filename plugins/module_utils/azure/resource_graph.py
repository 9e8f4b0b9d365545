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

A query's pages are whole when their distinct rows are its totalRecords and one of them (the last) has no skip token.
Pages of one query share its totalRecords and, in the table format, its ``columns`` (the columns of the query's
output: pages of other columns are answers of other queries), so pages are grouped by both. Within a group the rows are
counted by id, each once: the sum alone passed a page saved twice in place of a missing one (review 2026-12-07), while a
row in two pages is harmless where no row is missing. A whole query saved twice (or run twice and paged otherwise) is
read once: its rows are one resource each (resources.AzureIndex.add; the same id with other properties is refused as
exports of different times), and this module has no warning channel to say more. Last pages that share a row are one
query's; several whole queries of one total and columns, their last pages apart, are ``k`` last pages and ``k`` times the
rows. A group short of them is refused naming the rows missing and the pages holding a row twice (Microsoft Learn,
Azure Resource Graph "Guidance for pagination", on duplicate or missing records in paged results), and where pages of
one total differ in their columns, naming the columns not in every page. The fields of object-format rows are not
compared (whether an answer leaves out a null column is not documented, and a false refusal would stop a whole
export). Pages of two queries of one total with the same columns and no row in common cannot be told from one query's
pages by what an answer carries (a skip token is opaque: "Continuation token for pagination", QueryRequestOptions); the
rows they lack are then not read, as no input names them. A column's type is not read (a type given as an object
in an edited export is compared as its JSON). No Ansible import here.
"""

import json
from dataclasses import dataclass
from operator import itemgetter

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
    return tuple((_hashable(c.get("name")), _hashable(c.get("type"))) if isinstance(c, dict) else (None, None)
                 for c in columns)


def _hashable(value):
    """A column's name or type as a key (a type given as an object, in a foreign or edited export, as its JSON)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, sort_keys=True, default=repr)


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
            groups.setdefault((page.total, page.columns), []).append(page)
    for key in sorted(groups, key=itemgetter(0)):  # by total, stable: columns in the order first seen
        total = key[0]
        lacking = _lacking(groups[key], total)
        if lacking is None:
            continue
        kinds = {k[1]: [p.where for p in groups[k]] for k in groups if k[0] == total}
        if len(kinds) > 1:
            return _mixed(pages, groups[key], total, kinds, lacking)
        return _whole_message(groups[key], total, lacking)
    return None


_GIVE_EVERY_PAGE = ("Give every page of each query once (az graph query --first 1000 --skip-token <the last page's "
                    "skip_token> until none is left)")


def _lacking(group, total):
    """(what the pages of one total and columns lack, the row ids two pages hold) or None when they are whole.

    Their distinct rows must be ``total`` for each query: as many queries as last pages, last pages sharing a row
    counted as one (one query saved twice, or paged otherwise in another run)."""
    seen, twice = {}, {}
    for page in group:
        for rid in {i.casefold(): i for i in page.ids}.values():  # ARM ids are case-insensitive
            if rid.casefold() in seen:
                twice.setdefault((seen[rid.casefold()], page.where), []).append("/".join(rid.split("/")[-2:]))
            else:
                seen[rid.casefold()] = page.where
    distinct = len(seen) + sum(p.rows - len(p.ids) for p in group)
    queries = _queries(group)
    if not queries:
        return "the last page (one without a skip token) is not in this input", twice
    if distinct == total * queries:
        return None
    if distinct < total * queries:
        return "%d of its rows are in no page given" % (total * queries - distinct), twice
    return ("the pages hold %d rows more than it matched: are pages of two runs mixed?" % (distinct - total * queries),
            twice)


def _queries(group):
    """How many queries the last pages of a group are: last pages that share a row id are one query's."""
    found = []
    for page in group:
        if page.more:
            continue
        ids = {i.casefold() for i in page.ids}
        joined = [q for q in found if q & ids]
        for q in joined:
            found.remove(q)
            ids |= q
        found.append(ids)
    return len(found)


def _whole_message(group, total, lacking):
    what, twice = lacking
    if twice:
        pairs = "; ".join("%s and %s both hold %d row%s (%s)" % (
            first, second, len(ids), "" if len(ids) == 1 else "s", ", ".join(sorted(ids)[:2]) + (
                ", ..." if len(ids) > 2 else "")) for (first, second), ids in sorted(twice.items()))
        return ("Azure input items %s: pages of a Resource Graph query of %d rows (totalRecords) hold a row twice: "
                "%s. A page is in twice, or pages of two runs are mixed (one query's pages hold each row once); "
                "counted once, %s. %s" % (", ".join(p.where for p in group), total, pairs, what, _GIVE_EVERY_PAGE))
    where = ", ".join("%s (%d rows%s)" % (p.where, p.rows, ", skip token" if p.more else "") for p in group)
    return ("Azure input item%s %s: %s of a Resource Graph query of %d rows (totalRecords), and %s. %s, in one file "
            "as a list of the answers or in several files read together" % (
                "s" if len(group) > 1 else "", where, "one page" if len(group) == 1 else "%d pages" % len(group),
                total, what, _GIVE_EVERY_PAGE))


def _mixed(pages, group, total, kinds, lacking):
    """The message when pages of one totalRecords have different columns (answers of different queries) and those
    of one of them lack something: which columns differ, and what is lacking."""
    return ("Azure input items %s are pages of different Resource Graph queries, each of %d rows (totalRecords): "
            "their columns differ: %s. For the query of %s, %s. %s" % (
                ", ".join(p.where for p in pages if p.total == total and (p.more or p.rows != total)), total,
                _columns_differ(kinds), ", ".join(p.where for p in group), lacking[0], _GIVE_EVERY_PAGE))


def _columns_differ(kinds):
    """Where the column lists of ``kinds`` ({columns or None: [where]}) differ, each list given whole."""
    sets = [set(columns or ()) for columns in kinds]
    names = {}
    for columns in kinds:
        for name, ctype in columns or ():
            names.setdefault(name, set()).add(ctype)
    apart = [c for c in dict.fromkeys(c for columns in kinds for c in columns or ()) if not all(c in s for s in sets)]
    head = ("%s in some pages only" % ", ".join(_column_text(c, names) for c in apart)
            if apart else "the same columns in another order")
    return "%s (%s)" % (head, "; ".join("%s: %s" % (
        ", ".join(where),
        "object rows (no columns)" if columns is None else ", ".join(_column_text(c, names) for c in columns))
        for columns, where in kinds.items()))


def _column_text(column, names):
    """A column's name, with its type when another page has a column of that name and another type."""
    name, ctype = column
    return str(name) if len(names[name]) < 2 else "%s (%s)" % (name, ctype)
