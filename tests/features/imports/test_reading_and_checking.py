"""Reading and checking files: real exports accepted, hostile ones reported exactly."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.features.imports import Who, run_import
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import UnreadableFile, read_table
from dashboard.features.imports.validate import FileRefused, validate
from tests.features.imports.files import HEADER, csv_file, kobo_csv, returnee, xlsx_file

TODAY = date(2019, 6, 1)


def _check(data: bytes, name: str = "f.csv", kind: str = "returnees", **options: object):  # type: ignore[no-untyped-def]
    return validate(read_table(data, name, kind), KINDS[kind], TODAY, **options)  # type: ignore[arg-type]


def test_ir001_a_kobo_export_is_read_as_kobo_writes_it() -> None:
    table = read_table(kobo_csv(), "kobo.csv", "returnees")
    assert table.delimiter == ";" and len(table.frame) == 4
    checked = _check(kobo_csv())
    assert checked.problems == []
    rows = checked.frame.set_index("returnee_code")
    assert rows.loc["PR-K0001", "gps"] == (24.86, 92.01)  # split _gps_latitude/_gps_longitude columns
    assert rows.loc["PR-K0001", "services_needed"] == ("job_placement", "psychosocial_counselling")  # 0/1 columns
    assert rows.loc["PR-K0002", "district"] == "BD6091" and rows.loc["PR-K0002", "upazila"] == "BD60910038"  # Bangla
    assert rows.loc["PR-K0003", "district"] == "BD2019"  # Comilla, the old spelling of Cumilla
    assert rows.loc["PR-K0004", "district"] == "BD4041"  # Jessore
    assert rows.loc["PR-K0002", "vulnerabilities"] == ("heavy_debt", "no_income")  # space-separated select-multiple
    assert rows.loc["PR-K0001", "profiled_on"] == date(2019, 3, 1)  # from _submission_time
    assert rows.loc["PR-K0001", "age_band"] == "25_34" and rows.loc["PR-K0004", "return_group"] == "transit"
    assert rows.loc["PR-K0003", "notes"] == 'Said: "call me later"; fine'  # quoted, with ; inside
    assert "start" in checked.mapping.ignored and checked.mapping.provenance["uuid"] == "_uuid"


def test_ir002_xlsx_with_groups_gps_and_the_sheet_named_after_the_kind() -> None:
    header = ["profile/returnee_code", "profile/sex", "profile/age_band", "profile/return_date", "country",
              "district", "upazila", "location/gps", "services_needed"]
    data = xlsx_file(header, [["PR-X1", "Male", "35_44", date(2019, 2, 1), "IT", "BD6091", "Osmani Nagar",
                               "24.80 91.90 12 4", "legal_support"]])
    checked = _check(data, "export.xlsx")
    assert checked.problems == []
    row = checked.frame.iloc[0]
    assert (row["sex"], row["return_date"], row["upazila"]) == ("male", date(2019, 2, 1), "BD60910060")
    assert row["gps"] == (24.8, 91.9)


@pytest.mark.parametrize("data, reason", [
    ("Sylhet;Golapganj\n".encode("cp1252") + "caf\xe9\n".encode("cp1252"), "not UTF-8"),
    ("returnee_code\n".encode("utf-16"), "UTF-16"),
    (b"", "empty"),
    (bytes(range(256)) * 64, "not UTF-8"),
])
def test_ir003_unreadable_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        read_table(data, "f.csv", "returnees")


def test_ir004_a_50_mb_file_of_garbage_is_refused_without_reading_it_all(empty_db: object) -> None:
    garbage = b"\x00\xff" * (25 * 1024 * 1024)
    report = run_import(empty_db, garbage, "garbage.csv", "returnees", Who("t", "hq_admin"))  # type: ignore[arg-type]
    assert report.unreadable and report.rejected[0]["error"].startswith("the file is not UTF-8 text")


def test_ir005_each_bad_cell_is_reported_by_row_and_field() -> None:
    rows = [returnee("PR-1"), returnee("PR-2", return_date="2030-01-01"), returnee("PR-3", district="Sylhett"),
            returnee("PR-4", sex="robot", age="130"), returnee("PR-1", upazila="Dumuria"),
            returnee("PR-6", country_returned_from="Atlantis", gps="51.5 -0.1")]
    problems = [(p.row, p.field, p.error) for p in _check(csv_file(rows)).problems]
    assert (2, "return_date", "in the future") in problems
    assert (3, "district", "no district called 'Sylhett'; did you mean Sylhet?") in problems
    assert (4, "sex", "not one of: male, female, other") in problems and (4, "age", "must be from 0 to 100") in problems
    assert (5, "upazila", "no upazila called 'Dumuria' in Sylhet; did you mean ...") not in problems
    assert any(r == 5 and f == "upazila" and "no upazila called 'Dumuria' in Sylhet" in e for r, f, e in problems)
    assert (1, "returnee_code", "the same returnee_code appears again in row 5") in problems
    assert (5, "returnee_code", "the same returnee_code appears again in row 1") in problems
    assert (6, "country_returned_from", "not a country name or ISO code") in problems
    assert any(r == 6 and f == "gps" and "not a location in Bangladesh" in e for r, f, e in problems)


def test_ir006_profiling_before_return_and_blank_required_cells() -> None:
    rows = [returnee("PR-1", return_date=""), returnee("PR-2", return_date="2019-05-01")]
    header = [*HEADER, "profiled_on"]
    checked = _check(csv_file([[*rows[0], "2019-05-02"], [*rows[1], "2019-04-30"]], header))
    problems = {(p.row, p.field, p.error) for p in checked.problems}
    assert problems == {(1, "return_date", "required"), (2, "profiled_on", "before the return date")}


def test_ir007_columns_of_personal_data_refuse_the_file_unless_dropped() -> None:
    header = [*HEADER, "Full Name", "mobile_number"]
    data = csv_file([[*returnee("PR-1"), "Asha Begum", "01711000000"]], header)
    with pytest.raises(FileRefused) as refused:
        _check(data)
    assert [p.field for p in refused.value.problems] == ["Full Name", "mobile_number"]
    assert "personal data" in refused.value.problems[0].error
    assert _check(data, drop={"Full Name", "mobile_number"}).problems == []


def test_ir008_a_missing_required_column_refuses_the_file() -> None:
    with pytest.raises(FileRefused, match="required column 'district' is missing"):
        _check(csv_file([["PR-1", "male"]], ["returnee_code", "sex"]))


def test_ir009_rows_outside_the_importers_districts_are_rejected() -> None:
    rows = [returnee("PR-1"), returnee("PR-2", district="Khulna", upazila="Dumuria", gps="22.81 89.43")]
    problems = _check(csv_file(rows), allowed_districts=frozenset({"BD6091"})).problems
    assert [(p.row, p.field) for p in problems] == [(2, "district")]
    assert "outside your districts" in problems[0].error


def test_ir010_gps_outside_the_stated_district_is_a_warning_naming_where_it_is() -> None:
    checked = _check(csv_file([returnee("PR-1", gps="22.81 89.43")]))  # Dumuria, Khulna
    assert checked.problems == []
    (warning,) = checked.warnings
    assert (warning.row, warning.field) == (1, "gps") and warning.message == \
        "the location is outside Sylhet; it falls in Khulna"


def test_ir011_a_header_only_file_has_nothing_to_import(empty_db: object) -> None:
    report = run_import(empty_db, csv_file([]), "empty.csv", "returnees", Who("t", "hq_admin"))  # type: ignore[arg-type]
    assert report.refused and report.rejected[0]["error"] == "there are no data rows under the header"
