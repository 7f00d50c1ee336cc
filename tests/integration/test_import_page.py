"""The import journey: a file with two bad rows, the fixed file, confirm, the map changes, undo."""

from __future__ import annotations

from pathlib import Path

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests import known_data as known
from tests.features.imports.files import csv_file, returnee
from tests.integration.helpers import absent, click, sign_in, until, url

NEW = 5
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"


def _rows(bad: bool) -> list[list[str]]:
    rows = [returnee(f"PR-NEW{i}") for i in range(NEW)]
    if bad:
        rows[1] = returnee("PR-NEW1", sex="robot")
        rows[3] = returnee("PR-NEW3", district="Sylhett")
    return rows


def _upload(dash_duo: DashComposite, path: Path) -> None:
    dash_duo.find_element("#import-file").send_keys(str(path))


def _kpi(dash_duo: DashComposite, expected: int) -> None:
    dash_duo.driver.get(url(dash_duo, "/"))
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(expected), timeout=30)


def test_ip001_bad_rows_listed_fixed_file_imported_then_undone(dash_duo: DashComposite, tmp_path: Path,
                                                               fresh_known_settings: Settings) -> None:
    bad, fixed = tmp_path / "returnees_bad.csv", tmp_path / "returnees.csv"
    bad.write_bytes(csv_file(_rows(bad=True)))
    fixed.write_bytes(csv_file(_rows(bad=False)))
    sign_in(dash_duo, create_app(fresh_known_settings), "admin", "/import")
    dash_duo.wait_for_element("#import-file", timeout=30)

    _upload(dash_duo, bad)
    dash_duo.wait_for_contains_text("#import-check", "Problems (2)", timeout=30)
    problems = dash_duo.find_element("#import-check table").text
    assert "sex" in problems and "robot" in problems and "Sylhett" in problems
    assert not dash_duo.find_element("#import-confirm").is_enabled()  # all-or-nothing: nothing to confirm

    _upload(dash_duo, fixed)
    dash_duo.wait_for_contains_text("#import-check", f"{NEW} new", timeout=30)
    until(dash_duo, lambda: dash_duo.find_element("#import-confirm").is_enabled())
    click(dash_duo, "#import-confirm")
    dash_duo.wait_for_contains_text("#import-result", "Imported as batch", timeout=30)
    _kpi(dash_duo, known.RETURNEES + NEW)

    dash_duo.driver.get(url(dash_duo, "/import"))
    dash_duo.wait_for_element("#import-history button", timeout=30)
    # Undo asks first: cancelling leaves the batch as it is.
    click(dash_duo, "#import-history button")
    dash_duo.wait_for_contains_text("#import-undo-dialog", "Undo batch", timeout=30)
    click(dash_duo, "#import-undo-no")
    until(dash_duo, lambda: absent(dash_duo, "#import-undo-dialog.show"))
    assert "undone" not in dash_duo.find_element("#import-result").text
    _kpi(dash_duo, known.RETURNEES + NEW)

    dash_duo.driver.get(url(dash_duo, "/import"))
    dash_duo.wait_for_element("#import-history button", timeout=30)
    click(dash_duo, "#import-history button")
    dash_duo.wait_for_contains_text("#import-undo-dialog", "Undo batch", timeout=30)
    click(dash_duo, "#import-undo-yes")
    dash_duo.wait_for_contains_text("#import-result", "undone", timeout=30)
    _kpi(dash_duo, known.RETURNEES)
    assert dash_duo.get_logs() == []


def test_ip003_a_district_officer_is_told_only_headquarters_can_undo(dash_duo: DashComposite,
                                                                     known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "officer", "/import")
    dash_duo.wait_for_element("#import-file", timeout=30)
    dash_duo.wait_for_contains_text("#page-content", "a headquarters administrator can undo a batch", timeout=30)
    assert dash_duo.get_logs() == []


def test_ip002_a_dcc_member_cannot_open_the_import_page(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "member", "/import")
    dash_duo.wait_for_contains_text("#page-content", "Not permitted", timeout=30)
    assert "Import data" not in dash_duo.find_element("#page-nav").text
    assert dash_duo.get_logs() == []


def test_ip004_a_district_officer_reads_the_checks_problems_in_bangla(dash_duo: DashComposite, tmp_path: Path,
                                                                      known_settings: Settings) -> None:
    bad = tmp_path / "returnees.csv"
    bad.write_bytes(csv_file([returnee("PR-BN1", sex="robot"), returnee("PR-BN2", return_date="2019-13-45"),
                              returnee("PR-BN3", district="Khulna", upazila="Dumuria", gps="22.81 89.43")]))
    sign_in(dash_duo, create_app(known_settings), "officer", "/import")
    dash_duo.find_element(BANGLA).click()
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "bn")
    dash_duo.wait_for_element("#import-file", timeout=30)
    _upload(dash_duo, bad)
    dash_duo.wait_for_contains_text("#import-check", "সমস্যা (৩)", timeout=30)
    problems = dash_duo.find_element("#import-check table").text
    for words in ("তালিকার কোনোটি নয়; এগুলোর একটি লিখুন: male, female, other",
                  "তারিখ হিসেবে পড়া যায়নি (YYYY-MM-DD আকারে লিখুন)",
                  "আপনার জেলার বাইরে: অন্য জেলার সারি আমদানি করা হয় না",
                  "robot", "2019-13-45", "Khulna"):  # the file's values as written
        assert words in problems, words
    assert "not one of" not in problems and "outside your districts" not in problems
    assert dash_duo.get_logs() == []
