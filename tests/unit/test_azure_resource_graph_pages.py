# -*- coding: utf-8 -*-
"""Resource Graph answers saved page by page (review s42, area K): ``az graph query --first N`` gives pages with a
skip token until the last; users save each page to a file, or the answers in one list. A whole set of pages was
refused ("one page"), a page short of totalRecords without a skip token was read as the whole estate, and the table
format (``resultFormat: table``) was refused as "has no id"."""

import copy

import pytest

from scenario_builders import azure_resources

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import (
    azure_facts_from_data,
    azure_sources_facts_and_ends,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError

TOKEN = "ew0KICAiJGlkIjogIjIiLA0K"


def rows():
    found = copy.deepcopy(azure_resources())
    for row in found:
        row["type"] = row["type"].lower()  # Resource Graph spells types in lower case
    return found


def page(part, total, more):
    """One ``az graph query`` answer: ``part`` of the rows, the query's ``total`` and a skip token when ``more``."""
    return {"count": len(part), "data": part, "skip_token": TOKEN if more else None, "total_records": total}


def rest_page(part, total, more):
    """One REST QueryResponse page."""
    answer = {"totalRecords": total, "count": len(part), "resultTruncated": "false", "data": part, "facets": []}
    if more:
        answer["$skipToken"] = TOKEN
    return answer


def refusal(data):
    with pytest.raises(AzureInputError) as caught:
        azure_facts_from_data(data)
    return str(caught.value)


@pytest.mark.parametrize("make", [page, rest_page], ids=["az_graph_query", "rest"])
def test_every_page_in_one_file_reads_as_the_whole_query(make):
    found = rows()
    answers = [make(found[:2], 5, True), make(found[2:4], 5, True), make(found[4:], 5, False)]
    facts = azure_facts_from_data(answers)
    assert len(facts["tunnels"]) == 1
    assert facts["counts"]["connections"] == 1 and facts["counts"]["localNetworkGateways"] == 1


def test_pages_saved_in_several_files_read_together():
    found = rows()
    read = azure_sources_facts_and_ends([(page(found[:3], 5, True), "graph/page1.json"),
                                         (page(found[3:], 5, False), "graph/page2.json")])
    assert sum(len(ends) for _facts, ends, _used in read) == 1


def test_a_page_missing_from_the_files_is_named_with_each_file():
    found = rows()
    with pytest.raises(AzureInputError) as caught:
        azure_sources_facts_and_ends([(page(found[:2], 5, True), "graph/page1.json"),
                                      (page(found[4:], 5, False), "graph/page3.json")])
    message = str(caught.value)
    assert "graph/page1.json [0] (2 rows, skip token)" in message and "graph/page3.json [0] (1 rows)" in message
    assert "2 of its rows are in no page given" in message


def test_a_missing_last_page_is_said_missing():
    message = refusal([page(rows()[:2], 5, True)])
    assert "one page of a Resource Graph query of 5 rows" in message
    assert "the last page (one without a skip token) is not in this input" in message


def test_a_page_short_of_total_records_is_not_read_as_the_whole_query():
    # before: two of five rows read as the whole estate (no skip token: az graph query --first 2 without paging on)
    message = refusal(page(rows()[:2], 5, False))
    assert message.startswith("Azure input item [0] (2 rows): one page of a Resource Graph query of 5 rows")
    assert "3 of its rows are in no page given" in message


def test_a_page_given_twice_with_every_row_there_is_read_once():
    # review R2 2026-12-07: refusing it (as every row twice) refused exports that lack nothing; its rows are one
    # resource each, as a resource given twice with the same properties is
    found = rows()
    facts = azure_facts_from_data([page(found[:3], 5, True), page(found[:3], 5, True), page(found[3:], 5, False)])
    assert len(facts["tunnels"]) == 1 and facts["counts"]["connections"] == 1


def test_a_count_that_is_not_the_rows_held_is_refused():
    answer = page(rows(), 5, False)
    answer["count"] = 4
    assert refusal(answer).startswith("Azure input item [0] is a Resource Graph answer whose count (4) is not the 5 rows")


def table(found):
    """The table format: the columns name the fields, each row holds their values in that order."""
    names = ["id", "name", "type", "location", "resourceGroup", "subscriptionId", "properties"]
    return {"columns": [{"name": n, "type": "object" if n == "properties" else "string"} for n in names],
            "rows": [[row.get(n) for n in names] for row in found]}


@pytest.mark.parametrize("make", [page, rest_page], ids=["az_graph_query", "rest"])
def test_a_table_format_answer_reads_as_its_rows(make):
    found = rows()
    answer = make(found, 5, False)
    answer["data"] = table(found)
    assert len(azure_facts_from_data(answer)["tunnels"]) == len(azure_facts_from_data(found)["tunnels"]) == 1


def test_table_pages_in_two_files_read_together():
    found = rows()
    first, last = page(found[:2], 5, True), page(found[2:], 5, False)
    first["data"], last["data"] = table(found[:2]), table(found[2:])
    read = azure_sources_facts_and_ends([(first, "t1.json"), (last, "t2.json")])
    assert sum(len(ends) for _facts, ends, _used in read) == 1


def test_a_table_row_that_does_not_fit_its_columns_is_refused_naming_it():
    answer = page(rows(), 5, False)
    answer["data"] = table(rows())
    answer["data"]["rows"][3].pop()
    with pytest.raises(AzureInputError) as caught:
        azure_sources_facts_and_ends([(answer, "graph/table.json")])
    assert str(caught.value).startswith("graph/table.json: Azure input item [0].data.rows[3] has 6 values for the "
                                        "table's 7 columns")


def test_a_page_saved_twice_in_place_of_a_missing_one_is_refused_naming_the_gap():
    # before (review 2026-12-07): page 1 twice and page 3 add up to totalRecords with one last page, and the rows of
    # page 2 were silently not checked
    found = rows()
    message = refusal([page(found[:2], 5, True), page(found[:2], 5, True), page(found[4:], 5, False)])
    assert message.startswith("Azure input items [0], [1], [2]: pages of a Resource Graph query of 5 rows")
    assert "[0] and [1] both hold 2 rows" in message and "2 of its rows are in no page given" in message


def test_a_row_in_two_pages_is_found_whatever_the_case_of_its_id():
    found = rows()
    again = copy.deepcopy(found[1])
    again["id"] = again["id"].upper()  # ARM ids are case-insensitive
    message = refusal([page(found[:2], 5, True), page([again] + found[3:], 5, False)])
    assert "[0] and [1] both hold 1 row (" in message


def test_pages_of_two_queries_with_other_columns_are_refused_as_mixed():
    # two queries of one totalRecords, a page of each: the sum and the one last page looked like one whole query
    found = rows()
    first, last = page(found[:2], 4, True), page(found[2:4], 4, False)
    first["data"], last["data"] = table(found[:2]), table(found[2:4])
    last["data"]["columns"].append({"name": "tags", "type": "object"})
    for row in last["data"]["rows"]:
        row.append(None)
    message = refusal([first, last])
    assert message.startswith("Azure input items [0], [1] are pages of different Resource Graph queries, each of 4 rows")
    assert "their columns differ" in message


def _with_tags(answer):
    answer["data"]["columns"].append({"name": "tags", "type": "object"})
    for row in answer["data"]["rows"]:
        row.append(None)
    return answer


def test_pages_of_other_columns_name_the_column_not_in_every_page():
    # the column lists were cut at six names, so both looked the same
    found = rows()
    first, last = page(found[:2], 4, True), page(found[2:4], 4, False)
    first["data"], last["data"] = table(found[:2]), table(found[2:4])
    message = refusal([first, _with_tags(last)])
    assert "their columns differ: tags in some pages only (" in message
    assert "[1]: id, name, type, location, resourceGroup, subscriptionId, properties, tags)" in message


def test_a_whole_query_saved_twice_is_read_once():
    # review R2 2026-12-07: refused as "a row twice", saying 5 of its rows were in no page given
    found = rows()
    run = [page(found[:2], 5, True), page(found[2:4], 5, True), page(found[4:], 5, False)]
    assert len(azure_facts_from_data(run + copy.deepcopy(run))["tunnels"]) == 1


def test_a_whole_query_paged_otherwise_in_a_second_run_is_read_once():
    found = rows()
    runs = [page(found[:2], 5, True), page(found[2:4], 5, True), page(found[4:], 5, False),
            page(found[:3], 5, True), page(found[3:], 5, False)]
    assert len(azure_facts_from_data(runs)["tunnels"]) == 1


def test_two_whole_table_queries_of_one_total_and_other_columns_are_read():
    # review R2 2026-12-07: refused as pages of different queries whose wholeness cannot be told
    found = rows()
    first, second = found[:3], found[2:]
    answers = [page(first[:2], 3, True), page(first[2:], 3, False), page(second[:1], 3, True), page(second[1:], 3, False)]
    for answer in answers:
        answer["data"] = table(answer["data"])
    for answer in answers[2:]:
        _with_tags(answer)
    assert len(azure_facts_from_data(answers)["tunnels"]) == 1


def test_a_whole_query_and_the_last_page_of_another_of_one_total_are_refused():
    found = rows()
    other = copy.deepcopy(found[:1])
    other[0]["id"] += "-other"
    message = refusal([page(found[:2], 5, True), page(found[2:], 5, False), page(other, 5, False)])
    assert "4 of its rows are in no page given" in message


def test_a_table_column_typed_by_an_object_is_read():
    # review R2 2026-12-07: the (name, type) pairs were hashed, and a type given as an object raised TypeError
    found = rows()
    answers = [page(found[:2], 5, True), page(found[2:], 5, False)]
    for answer in answers:
        answer["data"] = table(answer["data"])
        answer["data"]["columns"][-1]["type"] = {"kind": "object"}
    assert len(azure_facts_from_data(answers)["tunnels"]) == 1
