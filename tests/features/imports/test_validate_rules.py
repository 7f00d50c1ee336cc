"""What refuses a whole file, how Kobo's extra columns fold in, and how duplicates, rows
outside the importer's districts and stray GPS are reported (``dashboard.features.imports.validate``),
each problem written out in full by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import read_table
from dashboard.features.imports.validate import FileRefused, Problem, Validated, validate
from tests.features.imports.files import HEADER, csv_file, returnee

TODAY = date(2019, 6, 1)
PERSONAL = ("looks like personal data (a name, phone or ID number); returnee records keep none. Remove the column, "
            "or drop it at import")


def _check(data: bytes, kind: str = "returnees", **options: object) -> Validated:
    return validate(read_table(data, "f.csv", kind), KINDS[kind], TODAY, **options)  # type: ignore[arg-type]


def said(row: int, field: str, value: str, error: str) -> tuple[int, str, str, str]:
    """A problem as the test expects it: row, field, value and its English words."""
    return row, field, value, error


def _said(problems: list[Problem]) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.field, p.value, p.error) for p in problems]


def _refused(data: bytes, kind: str = "returnees") -> list[tuple[int, str, str, str]]:
    with pytest.raises(FileRefused) as refused:
        _check(data, kind)
    return _said(refused.value.problems)


def test_iv001_columns_of_personal_data_refuse_a_returnee_file_only() -> None:
    data = csv_file([[*returnee("PR-1"), "Asha Begum", "01711000000"]], [*HEADER, "Full Name", "mobile_number"])
    with pytest.raises(FileRefused) as refused:
        _check(data)
    assert _said(refused.value.problems) == [said(0, "Full Name", "", f"column 'Full Name' {PERSONAL}"),
                                      said(0, "mobile_number", "", f"column 'mobile_number' {PERSONAL}")]
    assert str(refused.value) == f"column 'Full Name' {PERSONAL}; column 'mobile_number' {PERSONAL}"
    header = ["district", "held_on", "agenda", "departments_present", "mobile_number"]  # not about returnees
    meeting = _check(csv_file([["Sylhet", "2019-02-01", "Referrals", "health", "01711000000"]], header),
                     "dcc_meetings")
    assert meeting.problems == [] and meeting.kind is KINDS["dcc_meetings"]


def test_iv002_a_missing_column_or_group_refuses_the_file_by_name() -> None:
    header = [h for h in HEADER if h != "district"]
    row = [v for h, v in zip(HEADER, returnee("PR-1"), strict=True) if h != "district"]
    assert _refused(csv_file([row], header)) == [said(0, "district", "", "required column 'district' is missing")]
    header = [h for h in HEADER if h != "age"]
    row = [v for h, v in zip(HEADER, returnee("PR-1"), strict=True) if h != "age"]
    assert _refused(csv_file([row], header)) == [
        said(0, "age/age_band", "", "one of the columns age, age_band is required")]


def test_iv003_kobos_uuid_stands_in_for_the_code_column_and_for_no_other() -> None:
    event = ["video_show", "2019-03-01", "Sylhet", "Golapganj", "40"]
    header = ["kind", "held_on", "district", "upazila", "people_reached"]
    checked = _check(csv_file([[*event, "u-1"]], [*header, "_uuid"]), "awareness")
    assert checked.problems == [] and list(checked.frame["code"]) == ["u-1"]
    no_code = _check(csv_file([event], header), "awareness")  # neither: each row says so
    assert _said(no_code.problems) == [said(1, "code", "", "required (the event's id, or Kobo's _uuid)")]
    assert _refused(csv_file([[*event[1:], "u-1"]], [*header[1:], "_uuid"]), "awareness") == [
        said(0, "kind", "", "required column 'kind' is missing")]


def test_iv004_select_multiple_yes_columns_in_any_case_and_split_gps() -> None:
    header = [h for h in HEADER if h not in ("services_needed", "gps")]
    base = [v for h, v in zip(HEADER, returnee("x"), strict=True) if h not in ("services_needed", "gps")]
    choices = [f"services_needed/{code}" for code in ("legal_support", "job_placement", "psychosocial_counselling")]
    gps = ["gps", "_gps_latitude", "_gps_longitude"]
    rows = [[*base, "TRUE", "Yes", "1", "", "24.86", "92.01"],
            [*base, "true", "yes", "0", "24.87 92.02", "24.86", "92.01"],
            [*base, "no", "False", " 1 ", "", "24.86", "92.01"]]
    for i, row in enumerate(rows):
        row[0] = f"PR-{i}"
    checked = _check(csv_file(rows, [*header, *choices, *gps]))
    assert checked.problems == []
    assert list(checked.frame["services_needed"]) == [
        ("job_placement", "legal_support", "psychosocial_counselling"), ("job_placement", "legal_support"),
        ("psychosocial_counselling",)]
    assert list(checked.frame["gps"]) == [(24.86, 92.01), (24.87, 92.02), (24.86, 92.01)]
    only_latitude = _check(csv_file([[*returnee("PR-9")[:-3], "", "24.1"]], [*HEADER[:-3], "gps", "gps_latitude"]))
    assert only_latitude.problems == [] and list(only_latitude.frame["gps"]) == [None]


def test_iv005_duplicates_name_the_whole_key_and_every_other_row() -> None:
    header = ["returnee_code", "service", "referred_on", "outcome"]
    rows = [["PR-1", "legal_support", "2019-02-01", "pending"], ["PR-2", "legal_support", "2019-02-01", "pending"],
            ["PR-1", "legal_support", "2019-02-01", "received"], ["PR-1", "legal_support", "2019-02-02", "pending"],
            ["PR-1", "legal_support", "2019-02-01", "declined"], ["PR-1", "", "2019-02-01", "pending"],
            ["PR-1", "", "2019-02-01", "pending"]]
    checked = _check(csv_file(rows, header), "assistance")
    key, says = "returnee_code/service/referred_on", "the same returnee_code + service + referred_on appears again"
    assert _said([p for p in checked.problems if p.field == key]) == [
        said(1, key, "PR-1", f"{says} in row 3, 5"), said(3, key, "PR-1", f"{says} in row 1, 5"),
        said(5, key, "PR-1", f"{says} in row 1, 3")]
    assert {(p.row, p.field) for p in checked.problems if p.field != key} == {(6, "service"), (7, "service")}


def test_iv006_rows_outside_the_importers_districts_are_named_and_problems_sorted() -> None:
    rows = [returnee("PR-1", district="Khulna", upazila="Dumuria", gps="22.81 89.43"), returnee("PR-2"),
            returnee("PR-3", district="Khulna", upazila="Dumuria", gps="22.81 89.43", sex="robot")]
    checked = _check(csv_file(rows), allowed_districts=frozenset({"BD6091"}))
    outside = "outside your districts: rows for other districts are not imported"
    assert _said(checked.problems) == [said(1, "district", "Khulna", outside), said(3, "district", "Khulna", outside),
                                said(3, "sex", "robot", "not one of: male, female, other")]
    assert _check(csv_file(rows[:2])).problems == []  # all districts: none outside


def test_iv007_gps_warnings_name_where_the_point_falls_in_row_order() -> None:
    rows = [returnee("PR-1", gps="22.81 89.43"),                                     # Sylhet, in Khulna
            returnee("PR-2", district="Khulna", upazila="Dumuria", gps="24.86 92.01"),  # Khulna, in Sylhet
            returnee("PR-3", gps="24.86 92.01"),                                     # where it says
            returnee("PR-4", gps="22.57 88.36")]                                     # Kolkata
    checked = _check(csv_file(rows))
    assert checked.problems == []
    assert [(w.row, w.field, w.message) for w in checked.warnings] == [
        (1, "gps", "the location is outside Sylhet; it falls in Khulna"),
        (2, "gps", "the location is outside Khulna; it falls in Sylhet"),
        (4, "gps", "the location is outside Sylhet; it is outside Bangladesh")]


def test_iv008_a_required_select_multiple_may_come_as_yes_columns_only() -> None:
    header = ["district", "held_on", "agenda", "departments_present/health", "departments_present/bmet"]
    checked = _check(csv_file([["Sylhet", "2019-02-01", "Referrals", "1", "0"]], header), "dcc_meetings")
    assert checked.problems == [] and list(checked.frame["departments_present"]) == [("health",)]
