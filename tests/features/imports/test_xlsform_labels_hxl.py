"""The dashboard's XLSForm, Kobo "Labels" exports and HXL tags.

``xlsform_returnees.xlsx`` is the form the dashboard writes; make_exports.py gives it to
formpack (Kobo's exporter, as KPI does with an uploaded XLSForm), submits the answers below and
exports them with codes, with English labels, with Bangla labels and with HXL tags. The expected
values are those answers, written here, not what the import makes of them.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import read_table
from dashboard.features.imports.template import template
from dashboard.features.imports.validate import FileRefused, validate
from dashboard.features.imports.xlsform import xlsform
from tests.features.imports.files import FIXTURES, csv_file

TODAY = date(2019, 6, 1)
# What make_exports.py submitted to the dashboard's form (XLSFORM_ANSWERS there).
SUBMITTED = {
    "returnee_code": ["PR-X0001", "PR-X0002", "PR-X0003"],
    "sex": ["female", "male", "male"],
    "age_band": ["25_34", "35_44", "25_34"],  # 34 and 29 years old, and a band asked for the second
    "return_date": [date(2019, 1, 15), date(2018, 11, 20), date(2019, 2, 1)],
    "district": ["BD6091", "BD6091", "BD2019"],  # Sylhet, Sylhet, Cumilla
    "upazila": ["BD60910038", "BD60910017", "BD20190033"],  # Golapganj, Beanibazar, Sadar Dakkhin
    "gps": [(24.86, 92.01), None, (23.42, 91.15)],
    "services_needed": [("job_placement", "psychosocial_counselling"),
                        ("legal_support", "medical_treatment", "social_safety_net"), ("skills_training",)],
    "vulnerabilities": [("female_headed_household",), ("heavy_debt", "no_income"), ()],
    "status": ["plan_agreed", "profiled", "profiled"],
    "profiled_on": [date(2019, 2, 20), date(2019, 3, 2), date(2019, 3, 3)],  # asked, else the submission's day
    "return_group": ["eu", "transit", "eu"],  # Greece; Libya; Italy, as answered
    "notes": ["Wants tailoring work", None, 'Said: "call me later"; fine'],
}


def _check(data: bytes, name: str = "f.csv", kind: str = "returnees"):  # type: ignore[no-untyped-def]
    return validate(read_table(data, name, kind), KINDS[kind], TODAY)


def _values(frame, column: str) -> list[object]:  # type: ignore[no-untyped-def]
    return [None if v is None or v != v else v for v in frame[column]]


@pytest.mark.parametrize("name, exporter", [
    ("xlsform_xml_hxl.csv", "kobo_xml"), ("xlsform_labels_english.csv", "kobo_labels"),
    ("xlsform_labels_bangla.csv", "kobo_labels"), ("xlsform_labels_bangla_summary.csv", "kobo_labels")])
def test_xf001_exports_of_the_dashboards_xlsform_import_with_no_mapping(name: str, exporter: str) -> None:
    checked = _check((FIXTURES / name).read_bytes())
    assert checked.mapping.exporter == exporter
    assert checked.problems == [] and checked.mapping.unknown == [] and checked.mapping.personal == []
    for column, expected in SUBMITTED.items():
        assert _values(checked.frame, column) == expected, column


def test_xf002_the_xlsform_fixture_is_the_form_the_dashboard_writes_now() -> None:
    """The exports above were made from the committed form: if the dashboard's form changes, they
    must be made again (make_exports.py), and this test says so."""
    committed = load_workbook(FIXTURES / "xlsform_returnees.xlsx")
    current = load_workbook(io.BytesIO(xlsform("returnees", version="2026-12-03")))
    for sheet in ("survey", "choices", "settings"):
        assert list(current[sheet].values) == list(committed[sheet].values), (
            f"the {sheet} sheet changed: run tests/fixtures/imports/make_exports.py (see its README)")


def _sheet(book_bytes: bytes, name: str) -> list[dict[str, object]]:
    rows = list(load_workbook(io.BytesIO(book_bytes))[name].values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("kind", list(KINDS))
def test_xf003_every_kind_has_an_xlsform_with_codes_labels_and_tags(kind: str) -> None:
    book = xlsform(kind)
    survey, choices = _sheet(book, "survey"), _sheet(book, "choices")
    questions = {row["name"]: row for row in survey}
    for column in KINDS[kind].columns:
        question = questions[column.name]
        assert question["label::English (en)"] and question["label::Bangla (bn)"]
        assert question["label::English (en)"] != question["label::Bangla (bn)"] or column.name == "round"
        assert question["hxl"] == column.hxl and column.hxl.startswith("#")
        assert (question["required"] == "yes") == column.required
        if column.choices:
            listed = [c for c in choices if c["list_name"] == column.name]
            assert [c["name"] for c in listed] == list(column.choices)
            assert all(c["label::English (en)"] and c["label::Bangla (bn)"] for c in listed)
    settings = _sheet(book, "settings")[0]
    assert settings["form_id"] == f"prottasha_{kind}" and settings["default_language"] == "English (en)"


def test_xf004_the_returnee_form_asks_places_from_lists_filtered_by_district() -> None:
    book = xlsform("returnees")
    questions = {row["name"]: row for row in _sheet(book, "survey")}
    assert questions["district"]["type"] == "select_one districts"
    assert questions["upazila"]["type"] == "select_one upazilas"
    assert questions["upazila"]["choice_filter"] == "district=${district}"
    assert questions["gps"]["type"] == "geopoint" and questions["return_date"]["type"] == "date"
    assert questions["services_needed"]["type"] == "select_multiple services_needed"
    upazilas = {c["name"]: c for c in _sheet(book, "choices") if c["list_name"] == "upazilas"}
    assert upazilas["BD60910038"]["label::English (en)"] == "Golapganj"
    assert upazilas["BD60910038"]["label::Bangla (bn)"] == "গোলাপগঞ্জ"
    assert upazilas["BD60910038"]["district"] == "BD6091"


LABELS_HEADER = ["Returnee code", "Sex", "Age", "Date of return", "Country returned from", "District", "Upazila",
                 "Services needed", "_id", "_uuid", "_submission_time", "_index"]


def _labels_file(services: list[str]) -> bytes:
    rows = [[f"PR-{n}", "Female", "30", "2019-01-15", "Greece", "Sylhet", "Golapganj", answer, str(n),
             f"uuid-{n}", "2019-03-01T03:21:00", str(n)] for n, answer in enumerate(services, start=1)]
    return csv_file(rows, LABELS_HEADER)


def test_xf005_select_multiple_labels_with_spaces_are_read_longest_first() -> None:
    # "Financial services" and "Financial literacy" share a word; "Social safety net" has three.
    checked = _check(_labels_file(["Legal support Social safety net Job placement",
                                   "Financial literacy Financial services", "social  SAFETY net"]))
    assert checked.mapping.exporter == "kobo_labels" and checked.problems == []
    assert _values(checked.frame, "services_needed") == [
        ("job_placement", "legal_support", "social_safety_net"), ("financial_literacy", "financial_services"),
        ("social_safety_net",)]


def test_xf006_a_label_not_known_is_named_with_the_way_out_and_the_value_is_the_files() -> None:
    checked = _check(_labels_file(["Legal support", "Legal support Vocational help", "Skills training"]))
    assert [(p.row, p.field) for p in checked.problems] == [(2, "services_needed")]
    problem = checked.problems[0]
    assert problem.value == "Legal support Vocational help"  # as in the file: nothing joined to it
    assert "'Vocational help'" in problem.error and '"XML values and headers"' in problem.error
    single = _check(csv_file([["PR-1", "Femme", "30", "2019-01-15", "Greece", "Sylhet", "Golapganj", "",
                               "1", "u", "2019-03-01T03:21:00", "1"]], LABELS_HEADER))
    assert [(p.field, p.value) for p in single.problems] == [("sex", "Femme")]
    assert "'Femme'" in single.problems[0].error


def test_xf007_a_labels_export_of_a_form_with_other_labels_is_told_to_export_codes() -> None:
    # kobo_labels_english.csv's form happens to use the catalogue's English labels; the Bangla one does not
    # ("রিটার্নি কোড" for the returnee code), so the code column is missing there.
    english = _check((FIXTURES / "kobo_labels_english.csv").read_bytes())
    assert english.problems == [] and list(english.frame["returnee_code"]) == ["PR-F0001", "PR-F0002", "PR-F0003"]
    with pytest.raises(FileRefused) as refused:
        _check((FIXTURES / "kobo_labels_bangla.csv").read_bytes())
    missing = [p for p in refused.value.problems if "is missing" in p.error]
    assert [p.field for p in missing] == ["returnee_code"]
    assert 'export it again with "XML values and headers"' in missing[0].error


def test_xf008_hxl_tags_place_columns_whose_names_say_nothing() -> None:
    header = ["Ref", "M/F", "Yrs", "Back on", "From", "Zila", "Thana (sub-district)", "Y", "X", "Wants"]
    tags = ["#beneficiary+code", "#affected+sex", "#affected+age", "#date+return", "#country+name", "#adm2+name",
            "#adm3+code", "#geo+lat", "#geo+lon", "#service+needed"]
    row = ["PR-H1", "female", "34", "2019-01-15", "Greece", "Sylhet", "BD60910038", "24.86", "92.01",
           "legal_support"]
    checked = _check(csv_file([tags, row], header))
    assert checked.problems == [] and checked.mapping.unknown == []
    assert checked.mapping.columns["sex"] == "M/F" and checked.mapping.columns["upazila"] == "Thana (sub-district)"
    assert checked.mapping.by_tag["Yrs"] == "#affected+age"
    assert _values(checked.frame, "gps") == [(24.86, 92.01)]
    assert _values(checked.frame, "return_date") == [date(2019, 1, 15)]
    assert _values(checked.frame, "services_needed") == [("legal_support",)]


def test_xf009_the_most_specific_tag_wins_and_a_tie_is_not_guessed() -> None:
    header = ["returnee_code", "sex", "Band", "return_date", "country_returned_from", "district", "upazila", "Seen"]
    tags = ["", "", "#affected+band+age", "", "", "", "", "#date"]  # the band, in any order; "#date" fits four
    row = ["PR-1", "male", "35_44", "2019-01-15", "Greece", "Sylhet", "Golapganj", "2019-03-01"]
    checked = _check(csv_file([tags, row], header))
    assert checked.mapping.columns["age_band"] == "Band" and "age" not in checked.mapping.columns
    assert checked.mapping.unknown == ["Seen"]  # return, profiled or plan date? not guessed


def test_xf010_the_excel_template_carries_hxl_tags_and_still_imports_when_filled() -> None:
    book = load_workbook(io.BytesIO(template("returnees")))
    sheet = book["returnees"]
    names = [c.value for c in sheet[1]]
    tags = dict(zip(names, (c.value for c in sheet[2]), strict=True))
    assert tags["district"] == "#adm2" and tags["return_date"] == "#date+return"
    values = {"returnee_code": "PR-T1", "sex": "male", "age": 30, "return_date": "2019-01-15",
              "country_returned_from": "Italy", "district": "Sylhet", "upazila": "Golapganj"}
    sheet.append([values.get(name) for name in names])
    out = io.BytesIO()
    book.save(out)
    checked = _check(out.getvalue(), "template.xlsx")
    assert checked.problems == [] and list(checked.frame["returnee_code"]) == ["PR-T1"]


def test_xf011_the_mapping_table_shows_choice_columns_location_parts_and_tags(empty_db: object) -> None:
    from dashboard.features.imports import Who, run_import
    from dashboard.features.imports.component import report_view

    def cells(node: object) -> list[str]:
        children = getattr(node, "children", node)
        if isinstance(children, str):
            return [children]
        return [c for child in children for c in cells(child)] if isinstance(children, list | tuple) else []

    data = csv_file([["#beneficiary+code", "#date+return", "#adm2", "#geo+lat", "#geo+lon", "", "", "", "", "", ""],
                     ["PR-M1", "2019-01-15", "Sylhet", "24.86", "92.01", "male", "30", "Italy", "Golapganj", "1", "0"]],
                    ["Ref", "Back on", "Zila", "Y", "X", "sex", "age", "country_returned_from", "upazila",
                     "services_needed/legal_support", "services_needed/job_placement"])
    report = run_import(empty_db, data, "m.csv", "returnees", Who("t", "hq_admin"),  # type: ignore[arg-type]
                        dry_run=True, today=TODAY)
    assert not report.rejected and report.inserted == 1
    text = " | ".join(cells(report_view("m.csv", report, "en")))
    assert "services_needed = legal_support | services_needed/legal_support" in text
    assert "services_needed = job_placement | services_needed/job_placement" in text
    assert "gps (lat) | Y (matched by its HXL tag #geo+lat)" in text
    assert "return_date | Back on (matched by its HXL tag #date+return)" in text
    bangla = " | ".join(cells(report_view("m.csv", report, "bn")))
    assert "Y (HXL ট্যাগ #geo+lat দিয়ে মেলানো)" in bangla


@pytest.mark.parametrize("kind", list(KINDS))
def test_xf012_pyxform_turns_every_kinds_xlsform_into_an_xform_without_a_warning(kind: str) -> None:
    """pyxform is what KoboToolbox and ODK Central run on an uploaded XLSForm: a form it rejects, or
    warns about, cannot be deployed as the dashboard meant."""
    from xml.etree import ElementTree

    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=io.BytesIO(xlsform(kind)), file_type=".xlsx", warnings=warnings)
    assert warnings == []
    root = ElementTree.fromstring(result.xform)
    space = {"x": "http://www.w3.org/2002/xforms", "h": "http://www.w3.org/1999/xhtml"}
    languages = {t.get("lang") for t in root.iterfind(".//x:itext/x:translation", space)}
    assert languages == {"English (en)", "Bangla (bn)"}
    binds = {b.get("nodeset", "").rsplit("/", 1)[-1]: b for b in root.iterfind(".//x:bind", space)}
    for column in KINDS[kind].columns:
        assert (binds[column.name].get("required") == "true()") == column.required, column.name



def test_xf013_the_cli_writes_the_xlsform_with_no_database(tmp_path: object) -> None:
    import subprocess
    import sys

    from dashboard.config import PROJECT_ROOT

    out = tmp_path / "form.xlsx"  # type: ignore[operator]
    env = {"DASHBOARD_DATABASE_URL": f"sqlite:///{tmp_path}/never-made.db", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "template", "fairs", "--xlsform", "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    questions = [row["name"] for row in _sheet(out.read_bytes(), "survey")]
    assert questions == ["start", "end", *(c.name for c in KINDS["fairs"].columns)]
    assert not (tmp_path / "never-made.db").exists()  # type: ignore[operator]
