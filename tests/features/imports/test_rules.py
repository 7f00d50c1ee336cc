"""The rules across a row's columns and the defaults each kind fills in
(``dashboard.features.imports.rules``), one kind at a time, at each boundary: every file is written
here and every expected problem and value is spelt out by hand."""

from __future__ import annotations

from datetime import date

from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import read_table
from dashboard.features.imports.validate import Validated, validate
from tests.features.imports.files import HEADER, csv_file, returnee

TODAY = date(2019, 6, 1)
AGE_HEADER = [*HEADER, "age_band"]
GOLAPGANJ = "BD60910038"


def _check(data: bytes, kind: str = "returnees") -> Validated:
    return validate(read_table(data, "f.csv", kind), KINDS[kind], TODAY)


def _problems(checked: Validated) -> set[tuple[int, str, str, str]]:
    return {(p.row, p.field, p.value, p.error) for p in checked.problems}


def test_rl001_the_age_band_is_derived_from_the_age_at_every_boundary() -> None:
    ages = {"0": "under_18", "17": "under_18", "18": "18_24", "24": "18_24", "25": "25_34", "34": "25_34",
            "35": "35_44", "44": "35_44", "45": "45_54", "54": "45_54", "55": "55_plus", "100": "55_plus"}
    rows = [[*returnee(f"PR-{age}", age=age), ""] for age in ages]
    checked = _check(csv_file(rows, AGE_HEADER))
    assert checked.problems == []
    assert dict(zip(checked.frame["returnee_code"], checked.frame["age_band"], strict=True)) == {
        f"PR-{age}": band for age, band in ages.items()}


def test_rl002_a_band_as_written_wins_and_one_of_age_or_band_is_required() -> None:
    rows = [[*returnee("PR-1", age=""), "45_54"],     # band only
            [*returnee("PR-2", age="30"), "55_plus"],  # both: the band as written
            [*returnee("PR-3", age=""), ""],           # neither
            [*returnee("PR-4", age="130"), ""]]        # a bad age: its own error, not "required"
    checked = _check(csv_file(rows, AGE_HEADER))
    assert _problems(checked) == {(3, "age", "", "required (or age_band)"),
                                  (4, "age", "130", "must be from 0 to 100")}
    assert list(checked.frame["age_band"][:2]) == ["45_54", "55_plus"]


def test_rl003_eu_or_transit_from_the_country_unless_written() -> None:
    header = [*HEADER, "return_group"]
    rows = [[*returnee("PR-1", country_returned_from="Greece"), ""],
            [*returnee("PR-2", country_returned_from="Libya"), ""],
            [*returnee("PR-3", country_returned_from="SE"), ""],
            [*returnee("PR-4", country_returned_from="Italy"), "transit"],
            [*returnee("PR-5", country_returned_from=""), ""]]  # no country: no group made up
    checked = _check(csv_file(rows, header))
    assert _problems(checked) == {(5, "country_returned_from", "", "required")}
    assert list(checked.frame["return_group"][:4]) == ["eu", "transit", "eu", "transit"]
    assert checked.frame["return_group"].isna().tolist() == [False, False, False, False, True]


def test_rl004_status_and_profiling_date_have_defaults() -> None:
    header = [*HEADER, "_submission_time", "profiled_on"]
    rows = [[*returnee("PR-1", status=""), "2019-03-02T10:11:12", ""],   # from the submission
            [*returnee("PR-2", status="reintegrated"), "", ""],         # the import date
            [*returnee("PR-3"), "2019-03-02T10:11:12", "2019-02-01"],    # as written
            [*returnee("PR-4"), "not a time", ""],                     # unreadable: the import date
            [*returnee("PR-5"), "02/03/2019 10:11", ""]]               # not Kobo's form: the import date
    checked = _check(csv_file(rows, header))
    assert checked.problems == []
    assert list(checked.frame["status"]) == ["profiled", "reintegrated", "profiled", "profiled", "profiled"]
    assert list(checked.frame["profiled_on"]) == [date(2019, 3, 2), TODAY, date(2019, 2, 1), TODAY, TODAY]


def test_rl005_profiling_and_plan_not_before_the_return_same_day_allowed() -> None:
    header = [*HEADER, "profiled_on", "plan_date"]
    rows = [[*returnee("PR-1", return_date="2019-01-10"), "2019-01-10", "2019-01-10"],  # the same day: fine
            [*returnee("PR-2", return_date="2019-01-10"), "2019-01-09", "2019-01-11"],
            [*returnee("PR-3", return_date="2019-01-10"), "2019-01-11", "2019-01-09"],
            [*returnee("PR-4", return_date="2019-01-10"), "", ""]]
    checked = _check(csv_file(rows, header))
    assert _problems(checked) == {(2, "profiled_on", "2019-01-09", "before the return date"),
                                  (3, "plan_date", "2019-01-09", "before the return date")}


def test_rl006_assistance_is_not_completed_before_the_referral() -> None:
    header = ["returnee_code", "service", "referred_on", "outcome", "completed_on"]
    rows = [["PR-1", "legal_support", "2019-02-01", "received", "2019-02-01"],
            ["PR-2", "legal_support", "2019-02-01", "received", "2019-01-31"],
            ["PR-3", "legal_support", "2019-02-01", "pending", ""]]
    checked = _check(csv_file(rows, header), "assistance")
    assert _problems(checked) == {(2, "completed_on", "2019-01-31", "before the referral")}


def test_rl007_a_done_action_item_needs_a_completion_date_not_before_its_meeting() -> None:
    header = ["district", "meeting_date", "description", "owner", "due_on", "status", "completed_on", "upazila"]
    item = ["Sylhet", "2019-03-01", "", "health", "2019-04-01"]
    rows = [[*item[:2], "a", *item[3:], "done", "2019-03-01", ""],   # done on the meeting day: fine
            [*item[:2], "b", *item[3:], "done", "", ""],
            [*item[:2], "c", *item[3:], "done", "2019-02-28", ""],
            [*item[:2], "d", *item[3:], "open", "", "Golapganj"],
            [*item[:2], "e", *item[3:], "dropped", "", ""]]
    checked = _check(csv_file(rows, header), "action_items")
    assert _problems(checked) == {(2, "completed_on", "", "required when status is done"),
                                  (3, "completed_on", "2019-02-28", "before the meeting")}
    assert list(checked.frame["upazila"])[3] == GOLAPGANJ


def test_rl008_an_events_code_falls_back_to_kobos_uuid() -> None:
    header = ["code", "kind", "held_on", "district", "upazila", "people_reached", "_uuid"]
    event = ["video_show", "2019-03-01", "Sylhet", "Golapganj", "40"]
    rows = [["EV-1", *event, "u-1"], ["", *event, "u-2"], ["", *event, ""]]
    checked = _check(csv_file(rows, header), "awareness")
    assert _problems(checked) == {(3, "code", "", "required (the event's id, or Kobo's _uuid)")}
    assert list(checked.frame["code"][:2]) == ["EV-1", "u-2"]
    calls = [["", "2019-03-01 10:00", "Sylhet", "reintegration", "u-9"]]
    hotline = _check(csv_file(calls, ["code", "called_at", "district", "topic", "_uuid"]), "hotline")
    assert hotline.problems == [] and list(hotline.frame["code"]) == ["u-9"]


def test_rl009_without_a_uuid_column_a_blank_code_is_refused() -> None:
    rows = [["", "video_show", "2019-03-01", "Sylhet", "Golapganj", "40"]]
    checked = _check(csv_file(rows, ["code", "kind", "held_on", "district", "upazila", "people_reached"]),
                     "awareness")
    assert _problems(checked) == {(1, "code", "", "required (the event's id, or Kobo's _uuid)")}


def test_rl010_a_target_is_national_or_for_a_district() -> None:
    header = ["indicator", "area", "value", "due_on"]
    indicator = "returnees_profiled"
    rows = [[indicator, "BD", "100", "2019-12-31"], [indicator, "BD6091", "10", "2019-12-31"],
            [indicator, GOLAPGANJ, "5", "2019-12-31"], [indicator, "BD9999", "5", "2019-12-31"],
            [indicator, "BD60", "5", "2019-12-31"], [indicator, "", "5", "2019-12-31"]]
    checked = _check(csv_file(rows, header), "targets")
    error = "must be BD (national) or a district P-code"
    assert _problems(checked) == {(3, "area", GOLAPGANJ, error), (4, "area", "BD9999", error),
                                  (5, "area", "BD60", error), (6, "area", "", "required")}


def test_rl011_only_kobos_own_submission_time_form_is_read_whatever_comes_first() -> None:
    """Kobo writes _submission_time as ISO (2019-03-02T10:11:12). A first row in another form must
    not teach the reader a format: it is the import date, and the ISO row after it still reads."""
    header = [*HEADER, "_submission_time", "profiled_on"]
    rows = [[*returnee("PR-1"), "02/03/2019 10:11", ""], [*returnee("PR-2"), "2019-03-02T10:11:12", ""]]
    checked = _check(csv_file(rows, header))
    assert list(checked.frame["profiled_on"]) == [TODAY, date(2019, 3, 2)]
