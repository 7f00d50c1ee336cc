"""Rates, trends, peers and target checks, with numbers worked out by hand."""

from __future__ import annotations

from datetime import date

from dashboard.features.compare.rules import check_target, due_date, peer_standing, rates, trend


def test_cp001_rates_from_known_figures() -> None:
    figures = {"returnees_profiled": 40, "reintegration_plans": 10, "assisted_30d": 30, "needs": 80,
               "needs_met": 20, "people_reached": 1000}
    assert rates(figures) == {"plans_per_100": 25.0, "assisted_30d_share": 75.0, "needs_met_share": 25.0,
                              "reach_per_returnee": 25.0}


def test_cp002_no_denominator_no_rate() -> None:
    assert rates({"reintegration_plans": 3, "needs_met": 0}) == {
        "plans_per_100": None, "assisted_30d_share": None, "needs_met_share": None, "reach_per_returnee": None}
    assert rates({"returnees_profiled": 3, "reintegration_plans": 1})["plans_per_100"] == 33.3


def test_cp003_trend_direction_and_arrow() -> None:
    assert (trend(12, 9).direction, trend(12, 9).change, trend(12, 9).arrow) == ("up", 3, "▲")
    assert (trend(5, 9).direction, trend(5, 9).change) == ("down", -4)
    assert trend(7, 7).direction == "flat" and trend(7, 7).arrow == "="


def test_cp004_peers_median_and_best_leave_the_district_out() -> None:
    values = {"A": 10.0, "B": 30.0, "C": 20.0, "D": None, "E": 90.0}
    standing = peer_standing("A", values, frozenset({"A", "B", "C", "D"}))
    assert (standing.value, standing.median, standing.best, standing.peers) == (10.0, 25.0, 30.0, 2)
    lonely = peer_standing("A", values, frozenset({"A"}))
    assert (lonely.median, lonely.best, lonely.peers) == (None, None, 0)


def test_cp006_target_checks() -> None:
    good = check_target("returnees_profiled", "BD6091", 2019, " 165 ", districts_total=900, national=973)
    assert (good.value, good.errors, good.warnings) == (165, (), ())
    high = check_target("returnees_profiled", "BD6091", 2019, "500", districts_total=1200, national=973)
    assert high.value == 500 and high.warnings == ("targets.warning.above_national",)
    for bad in ("-5", "1.5", "", "ten", None):
        assert check_target("returnees_profiled", "BD6091", 2019, bad, 0, None).errors == ("targets.error.value",)
    wrong = check_target("nonsense", None, 2031, "5", 0, None)
    assert wrong.value is None and set(wrong.errors) == {
        "targets.error.indicator", "targets.error.district", "targets.error.year"}


def test_cp007_a_years_target_falls_due_at_its_end_or_the_programmes() -> None:
    assert due_date(2018) == date(2018, 12, 31) and due_date(2020) == date(2020, 4, 30)
