"""The check's messages in the page's language: a DEMO officer on the Bangla import page reads
every problem, caution and refusal in Bangla, with the file's own values, headers and codes as
written; the English page and the CLI read English; ``--json`` carries a stable code per problem.

The expected sentences are written out here, by hand, in both languages (never read from the
catalogue the code renders from)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dashboard.db import Database
from dashboard.features.imports import ImportReport, Who, run_import
from dashboard.features.imports.component import report_view
from tests.features.imports.files import HEADER, csv_file, returnee

TODAY = date(2019, 6, 1)
SYLHET_OFFICER = Who("sylhet-officer", "district_officer", frozenset({"BD6091"}))

# Rows with one problem each (row numbers as a spreadsheet user counts them).
ROWS = [returnee("PR-1", sex="robot"),                                           # 1: a code not in the list
        returnee("PR-2", return_date="2019-13-45"),                              # 2: not a date
        returnee("PR-3", district="Khulna", upazila="Dumuria", gps="22.81 89.43"),  # 3: outside Sylhet
        returnee("PR-4", gps="22.81 89.43"),                                     # 4: Sylhet, but the point is in Khulna
        returnee("PR-5"), returnee("PR-5")]                                      # 5, 6: the same code twice
# Both refuse a returnee file as a whole: a required column missing, a column of personal data.
REFUSED_HEADER = [h for h in HEADER if h != "sex"] + ["phone"]
REFUSED_ROW = [v for h, v in zip(HEADER, returnee("PR-9"), strict=True) if h != "sex"] + ["01711000000"]
# A KoboToolbox export with labels: an answer that is no label of the question's choices.
LABELS_HEADER = ["Returnee code", "Sex", "Age", "Date of return", "Country returned from", "District", "Upazila",
                 "_id", "_uuid", "_submission_time", "_index"]
LABELS_ROW = ["PR-7", "Femme", "30", "2019-01-15", "Greece", "Sylhet", "Golapganj", "1", "u-1",
              "2019-03-01T03:21:00", "1"]

SAYS = {
    "en": {
        "not_one_of": "not one of: male, female, other",
        "not_a_date": "not a date (write it as YYYY-MM-DD)",
        "outside": "outside your districts: rows for other districts are not imported",
        "gps": "the location is outside Sylhet; it falls in Khulna",
        "duplicate": "the same returnee_code appears again in row 6",
        "missing": "required column 'sex' is missing",
        "personal": "column 'phone' looks like personal data (a name, phone or ID number); returnee records keep "
                    "none. Remove the column, or drop it at import",
        "label": "'Femme' is not the English or Bangla label of a sex choice: correct it, or export it from "
                 "KoboToolbox again with \"XML values and headers\" to get the codes",
    },
    "bn": {
        "not_one_of": "তালিকার কোনোটি নয়; এগুলোর একটি লিখুন: male, female, other",
        "not_a_date": "তারিখ হিসেবে পড়া যায়নি (YYYY-MM-DD আকারে লিখুন)",
        "outside": "আপনার জেলার বাইরে: অন্য জেলার সারি আমদানি করা হয় না",
        "gps": "অবস্থানটি সিলেট জেলার বাইরে; এটি খুলনা জেলায় পড়ে",
        "duplicate": "একই returnee_code আবার আছে সারি ৬-এ",
        "missing": "আবশ্যক কলাম 'sex' ফাইলে নেই",
        "personal": "'phone' কলামটি ব্যক্তিগত তথ্যের মতো দেখাচ্ছে (নাম, ফোন বা পরিচয়পত্রের নম্বর); বিদেশফেরতদের "
                    "রেকর্ডে এমন তথ্য রাখা হয় না। কলামটি মুছে ফেলুন, অথবা আমদানির সময় বাদ দিন",
        "label": "'Femme' sex প্রশ্নের কোনো উত্তরের ইংরেজি বা বাংলা লেবেল নয়: ঠিক করুন, অথবা কোড পেতে "
                 "KoboToolbox থেকে \"XML values and headers\" বেছে আবার এক্সপোর্ট করুন",
    },
}


def _text(node: object) -> str:
    """Every string in a Dash component tree, one per line."""
    children = getattr(node, "children", node)
    if isinstance(children, str | int):
        return str(children)
    return "\n".join(_text(c) for c in children) if isinstance(children, list | tuple) else ""


def _reports(database: Database) -> list[ImportReport]:
    def check(data: bytes) -> ImportReport:
        return run_import(database, data, "returnees.csv", "returnees", SYLHET_OFFICER, "valid-only", dry_run=True,
                          today=TODAY)

    return [check(csv_file(ROWS)), check(csv_file([REFUSED_ROW], REFUSED_HEADER)),
            check(csv_file([LABELS_ROW], LABELS_HEADER))]


@pytest.mark.parametrize("lang, other", [("bn", "en"), ("en", "bn")])
def test_im001_the_check_page_says_every_kind_of_problem_in_its_own_language(empty_db: Database, lang: str,
                                                                            other: str) -> None:
    page = "\n".join(_text(report_view("returnees.csv", report, lang)) for report in _reports(empty_db))
    lines = set(page.split("\n"))
    for what, words in SAYS[lang].items():
        assert words in lines, what
    for what, words in SAYS[other].items():
        assert words not in page, what
    # The file's own values stay as written beside the message.
    assert {"robot", "2019-13-45", "Khulna", "Femme"} <= lines


def test_im002_the_json_carries_a_stable_code_and_parameters_and_english_words(empty_db: Database) -> None:
    rows, refused, labels = _reports(empty_db)
    assert [(p["row"], p["field"], p["code"]) for p in rows.as_json()["rejected"]] == [
        (1, "sex", "not_one_of"), (2, "return_date", "not_a_date"), (3, "district", "outside_districts"),
        (5, "returnee_code", "duplicate_key"), (6, "returnee_code", "duplicate_key")]
    first = rows.as_json()["rejected"][0]
    assert first["params"] == {"allowed": ["male", "female", "other"]} and first["error"] == SAYS["en"]["not_one_of"]
    assert rows.as_json()["warnings"] == [{"row": 4, "field": "gps", "message": SAYS["en"]["gps"],
                                           "code": "gps_in_other_district",
                                           "params": {"district_area": "BD6091", "elsewhere_area": "BD4047"}}]
    assert {(p["code"], p["error"]) for p in refused.as_json()["rejected"]} == {
        ("missing_column", SAYS["en"]["missing"]), ("personal_data", SAYS["en"]["personal"])}
    assert [(p["code"], p["params"]) for p in labels.as_json()["rejected"]] == [
        ("not_a_label", {"words": "Femme", "column": "sex"})]
    json.dumps([r.as_json() for r in (rows, refused, labels)])  # plain JSON all through


def test_im003_the_cli_reads_english_unless_asked_for_bangla(empty_db: Database, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import imports as cli

    path = tmp_path / "returnees.csv"
    path.write_bytes(csv_file([REFUSED_ROW], REFUSED_HEADER))

    def run(*, as_json: bool, lang: str | None = None) -> str:
        args = argparse.Namespace(command="import", path=path, kind="returnees", mode="all-or-nothing",
                                  dry_run=True, json=as_json, drop_column=[], **({"lang": lang} if lang else {}))
        if lang is None:  # as the parser leaves it when --lang is not given
            args.lang = _default_lang()
        with pytest.raises(SystemExit):
            cli.run(empty_db, args)
        return capsys.readouterr().out

    plain = run(as_json=False)
    assert SAYS["en"]["missing"] in plain and SAYS["en"]["personal"] in plain
    bangla = run(as_json=False, lang="bn")
    assert SAYS["bn"]["missing"] in bangla and SAYS["bn"]["personal"] in bangla
    body = json.loads(run(as_json=True, lang="bn"))
    assert {(p["code"], p["error"]) for p in body["rejected"]} == {
        ("missing_column", SAYS["bn"]["missing"]), ("personal_data", SAYS["bn"]["personal"])}


def _default_lang() -> Any:
    """What ``python -m dashboard import`` takes for --lang when it is not given."""
    parser = argparse.ArgumentParser()
    from dashboard.cli import imports as cli

    cli.add_commands(parser.add_subparsers(dest="command"))
    return parser.parse_args(["import", "f.csv", "--kind", "returnees"]).lang
