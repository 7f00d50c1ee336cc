"""The map's timeline: each step shows that period's figures (counted from rows this module
makes), on classes that stay the same in every step; the change map; disclosure below
headquarters for every step and every difference; the controls and the URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.filters import Filters
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.features.map import component, split_view, timeline_component, timeline_values
from dashboard.features.map.data import map_values
from dashboard.features.map.state import current_state
from dashboard.features.map.steps import Change, Mode, TimelineState
from dashboard.features.map.timeline import diverging_classes, diverging_colours, timeline_data
from dashboard.figures.legend import legend_sections
from dashboard.figures.style import HIDDEN
from dashboard.models.vocabulary import Sex
from tests import factories as f
from tests import known_data
from tests.clients import client_as
from tests.map_traces import AREA_TYPES

HQ = Actor("hq", Role.HQ_ANALYST)
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.KHULNA}))
# Returnees profiled in Dumuria (Khulna) and Golapganj (Sylhet), by month of 2018.
DUMURIA_BY_MONTH = {4: 6, 5: 2, 6: 9}
GOLAPGANJ_BY_MONTH = {5: 7}
# The timeline over April to June 2018: three steps.
SPAN = "from=2018-04-01&to=2018-06-30"


@pytest.fixture(scope="module")
def scene_url(new_sqlite: Any) -> str:
    with new_sqlite("timeline") as (url, session):
        for month, count in DUMURIA_BY_MONTH.items():
            for i in range(count):
                f.returnee(session, upazila=f.DUMURIA, profiled_on=date(2018, month, 1 + i),
                           sex=Sex.FEMALE if i % 2 else Sex.MALE)
        for month, count in GOLAPGANJ_BY_MONTH.items():
            for i in range(count):
                f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2018, month, 10 + i))
        known_data.add_users(session)
    return url


@pytest.fixture
def app(scene_url: str) -> Any:
    return create_app(load_settings({}, database_url=scene_url, cache_type="SimpleCache"))


def _choropleth_values(figure: dict[str, Any]) -> dict[str, str]:
    """Each area's value as the map's hover writes it (the classed trace only)."""
    first = figure["data"][0]
    return {p: data[1] for p, data in zip(first["locations"], first["customdata"], strict=True)}


def _legend(figure: dict[str, Any]) -> list[Any]:
    import plotly.graph_objects as go

    return legend_sections(go.Figure(figure))


def test_tl001_each_step_shows_its_month_on_classes_that_never_change(as_actor: Any) -> None:
    legends = []
    for month in (4, 5, 6):
        as_actor(HQ)
        drawn = component.render(f"?{SPAN}&timeline=month&step=2018-{month:02d}", "en")
        values = _choropleth_values(drawn[0])
        assert values[f.KHULNA] == str(DUMURIA_BY_MONTH[month])
        assert values[f.SYLHET] == str(GOLAPGANJ_BY_MONTH.get(month, 0))
        legends.append(_legend(drawn[0])[0])
    assert legends[0] == legends[1] == legends[2]
    assert "the same classes for all 3 periods" in legends[0].title
    # Off the timeline, the map of one month classes that month's values alone: other classes.
    as_actor(HQ)
    single = _legend(component.render("?from=2018-05-01&to=2018-05-31", "en")[0])[0]
    assert single.items != legends[1].items


def test_tl002_a_step_is_what_the_single_period_map_shows_for_every_role(as_actor: Any) -> None:
    for actor, district in ((HQ, None), (MEMBER, f.KHULNA)):
        for metric in (Metric.RETURNEES, Metric.RETURNEES_PER_100_SQKM, Metric.PLAN_SHARE, Metric.AWARENESS_REACH):
            as_actor(actor)
            base = current_state(f"?metric={metric.value}" + (f"&district={district}" if district else ""))
            data = timeline_data(base, TimelineState(Mode.MONTH), Filters(start=date(2018, 4, 1),
                                                                           end=date(2018, 6, 30)))
            for step, values in zip(data.steps, data.values, strict=True):
                as_actor(actor)
                period = base.filters.replace(start=step.start, end=step.end)
                assert values == map_values(base.__class__(**{**base.__dict__, "filters": period}))
    # Below headquarters, Dumuria's months are published (perturbed) counts, never the raw ones
    # when small, and the district total is one published cell.
    as_actor(MEMBER)
    data = timeline_data(current_state(f"?district={f.KHULNA}"), TimelineState(Mode.MONTH),
                         Filters(start=date(2018, 4, 1), end=date(2018, 6, 30)))
    may = data.values[1][f.DUMURIA]
    assert may in (0, 5) or isinstance(may, Hidden)  # 2 people: never shown as 1 to 4
    assert all(not isinstance(total, int) or total == 0 or total >= 5 for total in data.totals)


def test_tl003_the_change_map_diverges_around_zero_from_published_values(as_actor: Any) -> None:
    as_actor(HQ)
    data = timeline_data(current_state(""), TimelineState(Mode.MONTH, change=Change.ABSOLUTE),
                         Filters(start=date(2018, 4, 1), end=date(2018, 6, 30)))
    assert data.values[0][f.KHULNA] is None  # the first step has nothing before it
    assert [step[f.KHULNA] for step in data.values[1:]] == [2 - 6, 9 - 2]
    assert [step[f.SYLHET] for step in data.values[1:]] == [7, -7]
    assert data.totals[1:] == [(2 + 7) - 6, 9 - (2 + 7)]
    assert data.classes is not None
    middle = data.classes.ranges[len(data.classes.ranges) // 2]
    assert middle == (0.0, 0.0) and data.colours is not None and data.colours[len(data.colours) // 2] == "#F7F7F7"
    assert [low for low, _high in data.classes.ranges] == sorted(-high for _low, high in data.classes.ranges)
    percent = timeline_data(current_state(""), TimelineState(Mode.MONTH, change=Change.PERCENT),
                            Filters(start=date(2018, 4, 1), end=date(2018, 6, 30)))
    assert percent.values[1][f.KHULNA] == round(100 * (2 - 6) / 6)
    assert isinstance(percent.values[2][f.KHULNA], Hidden)  # a base of 2 is too small to say
    # Below headquarters the difference is of the published values.
    as_actor(MEMBER)
    state = current_state(f"?district={f.KHULNA}")
    member = timeline_data(state, TimelineState(Mode.MONTH, change=Change.ABSOLUTE),
                           Filters(start=date(2018, 4, 1), end=date(2018, 6, 30)))
    published = timeline_data(state, TimelineState(Mode.MONTH), Filters(start=date(2018, 4, 1), end=date(2018, 6, 30)))
    before, after = published.values[0][f.DUMURIA], published.values[1][f.DUMURIA]
    expected = Hidden(5) if isinstance(before, Hidden) or isinstance(after, Hidden) else after - before  # type: ignore[operator]
    assert member.values[1][f.DUMURIA] == expected


def test_tl004_diverging_classes_are_mirrored() -> None:
    classes = diverging_classes([-12, -3, 0, 1, 4, 30, 7], 0)
    assert classes is not None
    assert classes.ranges[len(classes.ranges) // 2] == (0.0, 0.0)
    assert classes.index(0) == len(classes.ranges) // 2
    assert classes.index(-30) == 0 and classes.index(30) == len(classes.ranges) - 1
    assert classes.labels("en")[-1].startswith("+") and classes.labels("en")[0].startswith("−")
    assert diverging_classes([0, 0], 0) is not None and diverging_classes([], 0) is None
    # Percent changes: falls stop at -100 % whatever the rises, and no class is empty at either end.
    percent = diverging_classes([-100, -40, -5, 20, 60, 250, 400], 0)
    assert percent is not None and percent.ranges[0][0] == -100 and percent.ranges[-1][1] == 400
    assert all(low <= high for low, high in percent.ranges)
    assert diverging_colours(percent)[[r for r in percent.ranges].index((0.0, 0.0))] == "#F7F7F7"


@pytest.fixture
def triggered() -> Iterator[Any]:
    def fire(prop_id: str, value: Any) -> None:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}]))

    yield fire
    context_value.set({})


def _sync(search: str, lang: str = "en", playing: bool = False, shown: int | None = None,
          **controls: Any) -> dict[str, Any]:
    values = {name: None for name in ("mode", "change", "split")}
    return timeline_component.sync(search=search, lang=lang, was_playing=playing, shown=shown,
                                   **{**values, **controls})


def test_tl005_the_controls_write_the_step_and_the_slider_shows_the_url(as_actor: Any, triggered: Any) -> None:
    as_actor(HQ)
    triggered(f"{timeline_component.MODE}.value", "quarter")
    out = _sync(f"?{SPAN}", mode="quarter")
    assert "timeline=quarter" in out["search"] and "step=2018-Q2" in out["search"]
    as_actor(HQ)
    search = "?from=2018-04-01&step=2018-05&timeline=month&to=2018-06-30"  # keys sorted, as written
    triggered(f"{component.PAGE_URL}.search", search)
    out = _sync(search, lang="bn")
    assert out["value"] == 1 and out["step"] == 1 and out["max"] == 2 and out["search"] is component.no_update
    assert "মে ২০১৮" in out["showing"] and "২" in out["showing"]
    # The browser stepped to June (not settled in the URL yet): a change of what is shown keeps June.
    as_actor(HQ)
    triggered(f"{timeline_component.CHANGE}.value", "abs")
    changed = _sync(search, change="abs", shown=2)
    assert "step=2018-06" in changed["search"] and "change=abs" in changed["search"]
    as_actor(HQ)
    triggered(f"{timeline_component.MODE}.value", "off")
    off = _sync(search, mode="off")
    assert "timeline" not in off["search"] and "step" not in off["search"] and off["panel"] == "d-none"


def test_tl011_no_server_callback_listens_to_a_step(app: Any) -> None:
    """Previous, next, play, the player's tick and the slider reach the server only through the
    URL when the timeline comes to rest (assets/timeline.js): no server callback takes them."""
    stepping = {timeline_component.PREVIOUS, timeline_component.NEXT, timeline_component.PLAY,
                timeline_component.TICK, timeline_component.SLIDER}
    server_inputs = {i["id"] for c in app.callback_map.values() if "callback" in c for i in c["inputs"]}
    assert server_inputs, "the app registers server callbacks"
    assert not stepping & server_inputs
    # ... and the browser's step callback takes them all.
    client = [c for c in app._callback_list if c.get("clientside_function", {}) and
              c["clientside_function"].get("function_name") == "step"]
    assert len(client) == 1 and stepping <= {i["id"] for i in client[0]["inputs"]}


def _decoded(answer: dict[str, Any], index: int) -> dict[str, str]:
    """A step of the browser's payload as the map's hover writes each area: its value, or hidden."""
    out = {}
    for pcode, code, text in zip(answer["areas"], answer["values"][index], answer["texts"][index], strict=True):
        out[pcode] = "hidden" if code == timeline_values.HIDDEN else "no data" if code is None else text
    return out


def _single(figure: dict[str, Any]) -> dict[str, str]:
    """The single-period map's areas as its hover writes them."""
    out = {}
    for trace in figure["data"]:
        if trace.get("name") == "selected" or trace.get("type") not in AREA_TYPES or "locations" not in trace:
            continue
        for i, pcode in enumerate(trace["locations"]):
            data = trace["customdata"][i]
            grey = trace["colorscale"][0][1]
            out[pcode] = data[1] if len(data) > 1 else "hidden" if grey == HIDDEN else "no data"
    return out


def test_tl012_the_browser_s_steps_are_the_single_period_maps(as_actor: Any) -> None:
    # Headquarters: the months as counted by hand from the rows, one query for all steps.
    as_actor(HQ)
    answer = timeline_values.payload(f"?{SPAN}&timeline=month&step=2018-05", "en")
    assert answer is not None and answer["steps"] == ["2018-04", "2018-05", "2018-06"]
    for index, month in enumerate((4, 5, 6)):
        shown = _decoded(answer, index)
        assert shown[f.KHULNA] == str(DUMURIA_BY_MONTH[month])
        assert shown[f.SYLHET] == str(GOLAPGANJ_BY_MONTH.get(month, 0))
        total = DUMURIA_BY_MONTH[month] + GOLAPGANJ_BY_MONTH.get(month, 0)
        assert answer["totals"][index] == f"Total: {total}"
        assert answer["search"].replace(answer["placeholder"], answer["steps"][index]) == (
            f"?from=2018-04-01&step=2018-{month:02d}&timeline=month&to=2018-06-30")
    # A DCC member of Khulna: Dumuria's 2 people in May are never shown as 2, and every step,
    # counts and shares alike, is what the single-period map of that month shows (hidden included).
    for metric in ("returnees", "plan_share"):
        where = f"&district={f.KHULNA}&layers=&metric={metric}"
        as_actor(MEMBER)
        answer = timeline_values.payload(f"?{SPAN}&timeline=month{where}", "bn")
        assert answer is not None
        for index, month in enumerate((4, 5, 6)):
            as_actor(MEMBER)
            single = component.render(f"?from=2018-{month:02d}-01&to=2018-{month:02d}-{30 if month != 5 else 31}"
                                      + where, "bn")[0]
            assert _decoded(answer, index) == _single(single), (metric, month)
        if metric == "returnees":
            assert _decoded(answer, 1)[f.DUMURIA] not in {"১", "২", "৩", "৪"}
        else:
            others = [p for p in answer["areas"] if p != f.DUMURIA]
            assert others and all(_decoded(answer, 0)[p] == "hidden" for p in others)  # nobody there: base 0


def test_tl013_a_step_of_the_payload_is_small_and_holds_no_boundary(as_actor: Any) -> None:
    as_actor(HQ)
    answer = timeline_values.payload("?timeline=month", "bn")  # the whole programme: 37 months, 64 districts
    assert answer is not None and len(answer["steps"]) == 37 and len(answer["areas"]) == 64
    whole = json.dumps(answer, ensure_ascii=False).encode()
    assert "coordinates" not in whole.decode()  # the boundaries stay in the browser (referenced by URL)
    per_step = [timeline_values.step_bytes(answer, i) for i in range(37)]
    # 64 class codes and 64 short numbers in Bangla digits: about 1 kB a step, never a figure.
    assert max(per_step) < 2_000, max(per_step)
    as_actor(HQ)
    figure = json.dumps(component.render("?timeline=month&step=2018-05", "bn")[0]).encode()
    assert max(per_step) * 5 < len(figure)


def test_tl014_the_payload_is_sent_again_only_when_the_view_changes(as_actor: Any) -> None:
    as_actor(HQ)
    first = timeline_values.load(f"?{SPAN}&step=2018-04&timeline=month", "en", None)
    assert first["steps"] == ["2018-04", "2018-05", "2018-06"]
    as_actor(HQ)
    assert timeline_values.load(f"?{SPAN}&step=2018-06&timeline=month", "en", first) is component.no_update
    as_actor(HQ)
    assert timeline_values.load(f"?{SPAN}&step=2018-06&timeline=month", "bn", first)["key"] != first["key"]
    as_actor(HQ)
    assert timeline_values.load(f"?{SPAN}", "en", first) is None  # the timeline off: nothing held


def test_tl015_scores_are_per_survey_round_not_on_the_timeline(as_actor: Any, triggered: Any) -> None:
    for lang in ("en", "bn"):
        as_actor(HQ)
        drawn = component.render(f"?{SPAN}&metric=score_composite&step=2018-05&timeline=month", lang)
        options = {o["value"]: o for o in drawn[7]}
        assert options["score_composite"].get("disabled") is True
        assert options["returnees"].get("disabled") is None
        notes = str(drawn[5])
        assert ("survey round" in notes) if lang == "en" else ("জরিপের পর্ব" in notes)
        as_actor(HQ)
        assert timeline_values.payload(f"?{SPAN}&metric=score_composite&timeline=month", lang) is None
        as_actor(HQ)
        single = component.render(f"?{SPAN}&metric=score_composite", lang)
        assert all(not o.get("disabled") for o in single[7])
    as_actor(HQ)
    triggered_search = f"?{SPAN}&metric=score_composite&step=2018-05&timeline=month"
    triggered(f"{component.PAGE_URL}.search", triggered_search)
    assert timeline_component.sync(search=triggered_search, lang="en", was_playing=False, shown=None, mode=None,
                                   change=None, split=None)["panel"] == "d-none"


def test_tl006_the_split_view_s_maps_are_the_single_period_maps_on_one_legend(as_actor: Any, triggered: Any) -> None:
    assert split_view.window(13, 12) == [7, 8, 9, 10, 11, 12] and split_view.window(13, 0) == [0, 1, 2, 3, 4, 5]
    assert split_view.window(3, 1) == [0, 1, 2]
    search = f"?{SPAN}&split=1&step=2018-06&timeline=month"
    for actor, district in ((HQ, None), (MEMBER, f.KHULNA)):
        where = f"&district={district}" if district else ""
        as_actor(actor)
        state = current_state(search + where)
        found = split_view.small_maps(search + where, state, "en")
        assert found is not None
        _timeline, _data, maps = found
        assert [m.step.key for m in maps] == ["2018-04", "2018-05", "2018-06"]
        legends = {str(legend_sections(m.figure)) for m in maps}
        assert len(legends) == 1  # one legend for every map
        for small in maps:
            as_actor(actor)
            single = component.render(f"?from={small.step.start}&to={small.step.end}" + where, "en")[0]
            assert _choropleth_values(small.figure.to_plotly_json()) | _hidden(small.figure.to_plotly_json()) == (
                _choropleth_values(single) | _hidden(single))
    as_actor(HQ)
    found = split_view.small_maps(search, current_state(search), "en")
    assert found is not None and [m.total for m in found[2]] == [
        "Total: 6", f"Total: {2 + 7}", "Total: 9"]  # Dumuria and Golapganj, counted by hand
    # A click on a small map opens its month in the full map, and closes the split view.
    as_actor(HQ)
    triggered('{"index":"2018-05","type":"map-split-map"}.clickData', {"points": [{"location": f.KHULNA}]})
    opened = split_view.open_step([None], [None], None, search)
    assert "step=2018-05" in opened and "split" not in opened and "timeline=month" in opened


def _hidden(figure: dict[str, Any]) -> dict[str, str]:
    return {p: "hidden" for trace in figure["data"][1:] if trace.get("name", "").startswith("Hidden")
            for p in trace["locations"]}


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_tl007_the_split_view_downloads_as_one_picture(app: Any, as_actor: Any, lang: str) -> None:
    import io

    from PIL import Image

    search = f"{SPAN}&split=1&step=2018-06&timeline=quarter"
    as_actor(HQ)
    printed = split_view.printable_split("?" + search, lang, "file:///fonts")
    assert printed is not None
    words = {"en": ("Returnees profiled", "Q2 2018 (Apr–Jun)", "Total: 24", "Legend"),
             "bn": ("প্রোফাইল", "২০১৮ সালের ২ নং ত্রৈমাসিক", "মোট: ২৪", "নির্দেশিকা")}[lang]
    assert [word for word in words if word not in printed.html] == []
    client = client_as(app, "hq")
    response = client.get(f"/map/split.png?{search}&lang={lang}")
    assert response.status_code == 200, response.get_data(as_text=True)
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size == (2 * 1122, 2 * 793)
    assert client.get(f"/map/split.png?{SPAN}&lang={lang}").status_code == 404  # no split view


def test_tl008_the_print_ready_map_of_a_step_is_coloured_as_on_screen(as_actor: Any) -> None:
    from dashboard.features.map.printable import printable_map

    search = f"?{SPAN}&change=abs&step=2018-05&timeline=month"
    as_actor(HQ)
    printed = printable_map(current_state(search), "en", "file:///fonts", search=search)
    assert "Change in Returnees profiled on the previous period: the same classes for all 3 periods" in printed.html
    as_actor(HQ)
    plain = printable_map(current_state(f"?{SPAN}"), "en", "file:///fonts", search=f"?{SPAN}")
    assert "the same classes" not in plain.html and "quantile classes" in plain.html


def test_tl009_the_breadcrumb_keeps_the_timeline(as_actor: Any) -> None:
    search = f"?{SPAN}&district={f.KHULNA}&step=2018-05&timeline=month&upazila={f.DUMURIA}"
    as_actor(HQ)
    trail = component.render(search, "en")[2]
    country, district = (item.children.href for item in trail[:2])
    for href in (country, district):
        assert "timeline=month" in href and "step=2018-05" in href and "from=2018-04-01" in href
        assert "to=2018-06-30" in href and "upazila" not in href
    assert f"district={f.KHULNA}" in district and "district" not in country


def test_tl010_every_metric_plays_for_every_role(as_actor: Any) -> None:
    """Metrics added since (scores, hotline ratios ...) go step by step through the map's own values."""
    from dashboard.core.metrics import available_metrics
    from geodata import Level

    for actor, district, level in ((HQ, None, Level.DISTRICT), (MEMBER, f.KHULNA, Level.UPAZILA)):
        for metric in available_metrics(level):
            for change in Change:
                where = f"&district={district}" if district else ""
                search = f"?{SPAN}&change={change.value}&metric={metric.value}&step=2018-05&timeline=month{where}"
                as_actor(actor)
                drawn = component.render(search, "bn")
                assert drawn[0]["data"], (actor.role, metric, change)


def test_tl020_show_as_table_on_the_timeline_lists_the_step_s_values(as_actor: Any) -> None:
    """Opened on a step, the map's table lists what that step shows: May 2018's people per
    district (the rows this test made), the table of May alone."""
    from plotly.utils import PlotlyJSONEncoder

    as_actor(HQ)
    (table,) = component.map_table(f"?{SPAN}&timeline=month&step=2018-05&layers=", "en", 1)
    rows = {row["props"]["children"][0]["props"]["children"]: row["props"]["children"][1]["props"]["children"]
            for row in table.children[1].children}
    assert rows["Khulna"] == str(DUMURIA_BY_MONTH[5]) and rows["Sylhet"] == str(GOLAPGANJ_BY_MONTH[5])
    (single,) = component.map_table("?from=2018-05-01&to=2018-05-31&layers=", "en", 1)
    assert json.dumps(table, cls=PlotlyJSONEncoder) == json.dumps(single, cls=PlotlyJSONEncoder)
