"""Files as KoboToolbox (formpack) and ODK Central (central-backend) really export them.

The fixtures are made by tests/fixtures/imports/make_exports.py (see the README there); the
expected values below are the answers that script put in the submissions, not what the
import makes of them.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from dashboard.features.imports import Who, run_import
from dashboard.features.imports.columns import exporter
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import OLD_EXCEL, UnreadableFile, read_table
from dashboard.features.imports.validate import validate
from tests.features.imports.files import FIXTURES, csv_file, returnee

TODAY = date(2019, 6, 1)
# What make_exports.py submitted, row by row.
CODES = ["PR-F0001", "PR-F0002", "PR-F0003"]
RETURNED = [date(2019, 1, 15), date(2018, 11, 20), date(2019, 2, 1)]
SUBMITTED = [date(2019, 3, 1), date(2019, 3, 2), date(2019, 3, 3)]
HOME = [(24.86, 92.01), (24.91, 92.02), None]
SERVICES = [("job_placement", "psychosocial_counselling"), ("legal_support",), ("legal_support", "skills_training")]


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _check(data: bytes, name: str = "f.csv", kind: str = "returnees"):  # type: ignore[no-untyped-def]
    return validate(read_table(data, name, kind), KINDS[kind], TODAY)


def _as_submitted(checked) -> None:  # type: ignore[no-untyped-def]
    """The rows hold exactly what was submitted."""
    assert checked.problems == []
    frame = checked.frame
    assert list(frame["returnee_code"]) == CODES
    assert list(frame["return_date"]) == RETURNED
    assert list(frame["profiled_on"]) == SUBMITTED  # the submission's date, not the day of import
    assert [g if isinstance(g, tuple) else None for g in frame["gps"]] == HOME
    assert list(frame["services_needed"]) == SERVICES
    assert list(frame["sex"]) == ["female", "male", "male"]
    assert list(frame["district"]) == ["BD6091", "BD6091", "BD2019"]


@pytest.mark.parametrize("name, exporter_, sex", [
    ("kobo_xml_slash.csv", "kobo_xml", "profile/sex"), ("kobo_xml_dot_hxl.csv", "kobo_xml", "profile.sex"),
    ("kobo_labels_english_dot_groups.csv", "kobo_labels", "Profile.Sex")])
def test_ex001_kobo_exports_with_slash_or_dot_groups_import_as_submitted(name: str, exporter_: str, sex: str) -> None:
    checked = _check(_fixture(name))
    _as_submitted(checked)
    assert checked.mapping.exporter == exporter_
    assert checked.mapping.columns["sex"] == sex


def test_ex002_odk_central_groups_and_fixed_columns() -> None:
    checked = _check(_fixture("central_returnees.csv"))
    _as_submitted(checked)  # location-home_location-Latitude/-Longitude, SubmissionDate as the profiling date
    mapping = checked.mapping
    assert mapping.exporter == "odk_central"
    assert mapping.columns["sex"] == "profile-sex" and mapping.columns["return_date"] == "profile-return_date"
    # Central's submission Status/ReviewState are metadata: never the returnee's status
    assert "status" not in mapping.columns and {"Status", "ReviewState"} <= set(mapping.ignored)
    assert set(checked.frame["status"]) == {"profiled"}
    assert mapping.provenance == {"submission_time": "SubmissionDate", "uuid": "KEY"}


def test_ex003_the_enumerators_name_is_dropped_with_a_notice_not_refused() -> None:
    checked = _check(_fixture("central_returnees.csv"))
    assert {"SubmitterName", "SubmitterID"} <= set(checked.mapping.staff)
    notices = {w.field: w.message for w in checked.warnings if w.row == 0}
    assert "staff data" in notices["SubmitterName"]
    assert "Rahima Begum" not in checked.frame.astype(str).to_string()
    kobo = _check(_fixture("kobo_xml_slash.csv"))
    assert kobo.mapping.staff == ["_submitted_by"] and kobo.problems == []


def test_ex004_a_form_field_of_its_own_wins_over_submission_date() -> None:
    rows = list(csv.reader(io.StringIO(_fixture("central_returnees.csv").decode())))
    at = rows[0].index("notes")
    rows[0].insert(at, "profile-profiled_on")  # the form asked the profiling date itself
    for row, answer in zip(rows[1:], ["2019-02-20", "", ""], strict=True):
        row.insert(at, answer)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    checked = _check(out.getvalue().encode())
    assert checked.mapping.columns["profiled_on"] == "profile-profiled_on"
    assert list(checked.frame["profiled_on"]) == [date(2019, 2, 20), SUBMITTED[1], SUBMITTED[2]]


def test_ex005_the_first_of_two_geopoints_is_used_and_the_report_says_which() -> None:
    checked = _check(_fixture("kobo_xml_two_geopoints.csv"))
    assert [g if isinstance(g, tuple) else None for g in checked.frame["gps"]] == HOME
    assert checked.mapping.geopoint == "home_location"
    notice = next(w.message for w in checked.warnings if w.row == 0 and w.field == "gps")
    assert "'home_location'" in notice and "interview_location" in notice
    assert checked.mapping.unknown == []


def test_ex006_a_geopoint_not_named_gps_in_a_plain_file() -> None:
    header = ["returnee_code", "sex", "age", "return_date", "country_returned_from", "district", "upazila",
              "_home_location_latitude", "_home_location_longitude"]
    rows = [[*returnee("PR-1")[:7], "24.86", "92.01"]]
    checked = _check(csv_file(rows, header))
    assert checked.problems == [] and checked.frame["gps"].iloc[0] == (24.86, 92.01)


def test_ex007_the_hxl_row_is_the_headers_not_data() -> None:
    table = read_table(_fixture("kobo_xml_dot_hxl.csv"), "f.csv", "returnees")
    assert len(table.frame) == 3 and table.frame.iloc[0]["profile.returnee_code"] == "PR-F0001"
    assert table.hxl["location.district"] == "#adm2+name" and table.hxl["profile.return_date"] == "#date+return"


def test_ex008_the_hxl_row_in_an_xlsx_is_skipped_too() -> None:
    from tests.features.imports.files import HEADER, xlsx_file

    tags = ["#beneficiary+code", "#affected+sex", "", "#date+return", "", "#adm2+name", "#adm3+name", "", "", ""]
    checked = _check(xlsx_file(HEADER, [tags, returnee("PR-1")]), "export.xlsx")
    assert checked.problems == [] and list(checked.frame["returnee_code"]) == ["PR-1"]


@pytest.mark.parametrize("name, expected", [
    ("kobo_xml_slash.csv", "kobo_xml"), ("kobo_xml_dot_hxl.csv", "kobo_xml"), ("kobo_returnees.csv", "kobo_xml"),
    ("kobo_labels_english.csv", "kobo_labels"), ("kobo_labels_bangla.csv", "kobo_labels"),
    ("central_returnees.csv", "odk_central")])
def test_ex009_the_exporter_is_recognised_from_its_columns(name: str, expected: str) -> None:
    assert exporter(list(read_table(_fixture(name), name, "returnees").frame.columns)) == expected


def test_ex010_the_check_report_names_the_exporter(empty_db: object) -> None:
    who = Who("t", "hq_admin")
    central = run_import(empty_db, _fixture("central_returnees.csv"), "c.csv", "returnees", who,  # type: ignore[arg-type]
                         dry_run=True, today=TODAY)
    assert central.exporter == "odk_central" and central.inserted == 3 and not central.rejected
    plain = run_import(empty_db, csv_file([returnee("PR-1")]), "p.csv", "returnees", who,  # type: ignore[arg-type]
                       dry_run=True, today=TODAY)
    assert plain.exporter == "spreadsheet"


def test_ex011_a_legacy_xls_is_told_to_be_saved_as_xlsx_or_csv(empty_db: object) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # an Excel 97-2003 file starts so
    with pytest.raises(UnreadableFile, match="old Excel file") as raised:
        read_table(ole2, "returnees.xls", "returnees")
    assert raised.value.key == OLD_EXCEL
    with pytest.raises(UnreadableFile, match="old Excel file"):
        read_table(ole2, "export.csv", "returnees")  # renamed: the content says what it is
    report = run_import(empty_db, ole2, "r.xls", "returnees", Who("t", "hq_admin"))  # type: ignore[arg-type]
    assert report.unreadable and report.reason == OLD_EXCEL and "UTF-8 text" not in report.rejected[0]["error"]


@pytest.mark.parametrize("lang, exporter_words, old_excel_words", [
    ("en", "an ODK Central export", "old Excel file"), ("bn", "ODK Central এক্সপোর্ট", "পুরোনো এক্সেল ফাইল")])
def test_ex012_the_check_page_says_the_exporter_and_the_old_excel_reason_in_both_languages(
        lang: str, exporter_words: str, old_excel_words: str) -> None:
    from dashboard.features.imports import ImportReport
    from dashboard.features.imports.component import report_view

    def text(node: object) -> str:
        children = getattr(node, "children", node)
        if isinstance(children, str):
            return children
        return " ".join(text(c) for c in children) if isinstance(children, list | tuple) else ""

    central = ImportReport("returnees", "all-or-nothing", True, rows=3, inserted=3, exporter="odk_central")
    assert exporter_words in text(report_view("c.csv", central, lang))
    old = ImportReport("returnees", "all-or-nothing", True, refused=True, unreadable=True, reason=OLD_EXCEL,
                       rejected=[{"row": 0, "field": "", "value": "r.xls", "error": "this is an old Excel file"}])
    assert old_excel_words in text(report_view("r.xls", old, lang))
