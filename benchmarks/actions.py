"""What ``benchmarks.run`` measures: user actions, each the requests a browser sends for it.

The registry :data:`ACTIONS` is the one place actions are declared: a later view adds its
actions here (one :class:`Action` with a function for the dashboard and, when the naive
comparison app can do the same, one for it). An action function takes the timed client of
its app, the :class:`Context` and the repetition number (so an action can ask something new
each time) and returns a :class:`Sample`: the bytes sent to the browser and the server-side
seconds, summed over the action's requests.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlencode

from flask import Flask

from benchmarks import naive_app as naive
from benchmarks.dash_calls import (
    UPDATE_PATH,
    callback_error,
    find_callback,
    fires_on_first_draw,
    layout_ids,
    prop_key,
    request_body,
)

# What every current browser offers; the dashboard compresses (Flask-Compress), the naive app does not.
BROWSER_ENCODINGS = "gzip, deflate, br"
ALL_LAYERS = ("returnees", "dcc_activity", "fairs", "providers")
LANG = "en"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class BenchmarkError(RuntimeError):
    """A request failed: a benchmark of failing requests would measure the wrong thing."""


class Sample(NamedTuple):
    """Bytes sent to the browser and server-side seconds (wall time around the client call)."""

    bytes: int
    seconds: float


def total(samples: Iterable[Sample]) -> Sample:
    """Bytes and seconds of several requests, summed."""
    samples = list(samples)
    return Sample(sum(s.bytes for s in samples), sum(s.seconds for s in samples))


def _decoded(payload: bytes, encoding: str | None) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.decompress(payload)
    if encoding == "gzip":
        return gzip.decompress(payload)
    if encoding == "deflate":
        return zlib.decompress(payload)
    return payload


class TimedClient:
    """A Flask test client that times each request and counts the bytes of its body as sent
    (compressed when the app compresses). Timing stops once the whole body is read."""

    def __init__(self, server: Flask) -> None:
        self.client = server.test_client()
        self.headers = {"Accept-Encoding": BROWSER_ENCODINGS}
        self.last_body = b""

    def _timed(self, send: Callable[[], Any], what: str) -> Sample:
        started = time.perf_counter()
        response = send()
        payload = response.get_data()
        seconds = time.perf_counter() - started
        self.last_body = _decoded(payload, response.headers.get("Content-Encoding"))
        if what.startswith("callback"):
            problem = callback_error(response.status_code, self.last_body)
        else:
            problem = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        if problem:
            raise BenchmarkError(f"{what}: {problem}: {self.last_body[:300]!r}")
        return Sample(len(payload), seconds)

    def get(self, path: str) -> Sample:
        """GET ``path``."""
        return self._timed(lambda: self.client.get(path, headers=self.headers), f"GET {path}")

    def callback(self, callback: dict[str, Any], values: Mapping[str, Any], known_ids: Iterable[Any] = (),
                 changed: tuple[str, ...] = (), expect: str | None = None) -> Sample:
        """One callback request, with the CSRF header the page's cookie gives (when there is one).
        ``expect``: a component id the answer must update (else "nothing to do" would be timed)."""
        body = request_body(callback, values, known_ids, changed)
        headers = dict(self.headers)
        cookie = self.client.get_cookie("_csrf_token")
        if cookie is not None:
            headers["X-CSRFToken"] = cookie.value
        what = f"callback {callback['output'][:80]}"
        sample = self._timed(lambda: self.client.post(UPDATE_PATH, json=body, headers=headers), what)
        if expect is not None and expect not in updated_ids(self.last_body):
            raise BenchmarkError(f"{what}: the answer does not update {expect!r}: {self.last_body[:300]!r}")
        return sample

    def sign_in(self, username: str, password: str) -> None:
        """Through the form, as a person does; then load the page once for the CSRF cookie."""
        page = self.client.get("/login").get_data(as_text=True)
        match = _TOKEN.search(page)
        if match is None:
            raise BenchmarkError("the sign-in form has no csrf_token field")
        answer = self.client.post("/login", data={"username": username, "password": password,
                                                  "csrf_token": match.group(1)})
        if answer.status_code != 302:
            raise BenchmarkError(f"could not sign in as {username!r} (HTTP {answer.status_code})")
        self.get("/")


@dataclass
class Context:
    """What the actions of one app need: its callbacks, the ids on its page and the data's facts."""

    app: str  # "ours" or "baseline"
    district: str  # the district with the most returnees
    dependencies: list[dict[str, Any]] = field(default_factory=list)
    known_ids: list[Any] = field(default_factory=list)
    first_draw: list[dict[str, Any]] = field(default_factory=list)

    def callback(self, output: str) -> dict[str, Any]:
        """The callback writing ``output``."""
        return find_callback(self.dependencies, output)


Step = Callable[[TimedClient, Context, int], Sample]


@dataclass(frozen=True)
class Action:
    """One user action: what it sends, and how to do it on each app (``baseline``: the naive app)."""

    name: str
    sends: str
    ours: Step
    baseline: Step | None = None


ACTIONS: dict[str, Action] = {}


def register(action: Action) -> Action:
    """Add an action to the benchmark; names are unique."""
    if action.name in ACTIONS:
        raise ValueError(f"action {action.name!r} is registered twice")
    ACTIONS[action.name] = action
    return action


# What each repetition asks -----------------------------------------------------------------

_SEXES: tuple[tuple[str, ...], ...] = (("female",), ("male",), ("other",), ())
_AGE_BANDS = ("18_24", "25_34", "35_44", "45_54", "55_plus", "under_18", None)
_PERIODS = (("2017-04-01", "2017-12-31"), ("2018-01-01", "2018-12-31"), ("2019-01-01", "2019-12-31"),
            ("2020-01-01", "2020-04-30"), ("2018-07-01", "2019-06-30"))


@dataclass(frozen=True)
class Choice:
    """Filters of one repetition: 4 x 7 x 5 lengths are coprime, so 140 repetitions in a row
    never repeat a combination, and a period is always set (never the plain default view)."""

    sex: tuple[str, ...]
    age_band: str | None
    start: str
    end: str

    @classmethod
    def of(cls, repetition: int) -> Choice:
        start, end = _PERIODS[repetition % len(_PERIODS)]
        return cls(_SEXES[repetition % len(_SEXES)], _AGE_BANDS[repetition % len(_AGE_BANDS)], start, end)

    def query(self) -> dict[str, str]:
        """The dashboard's URL keys for these filters."""
        out = {"from": self.start, "to": self.end}
        if self.sex:
            out["sex"] = ",".join(self.sex)
        if self.age_band:
            out["age_band"] = self.age_band
        return out


def toggled_layers(repetition: int) -> tuple[str, ...]:
    """All four layers with one removed (even repetitions), then added back (odd ones), cycling."""
    if repetition % 2:
        return ALL_LAYERS
    dropped = ALL_LAYERS[(repetition // 2) % len(ALL_LAYERS)]
    return tuple(layer for layer in ALL_LAYERS if layer != dropped)


def search(**params: str) -> str:
    """A query string of the dashboard's URL (its public, documented state)."""
    return "?" + urlencode(params, safe=",")


# The dashboard ---------------------------------------------------------------------------------

ROUTER = "page-content.children"
MAP_RENDER = "district-map-figure.data"
KPI_RENDER = "kpi-cards.children"
DETAIL_RENDER = "upazila-detail.className"
MAP_DOWNLOAD = "district-map-download.data"


def page_values(query_string: str) -> dict[str, Any]:
    """What the map page's URL, language and controls hold for ``query_string``."""
    return {"page-url.pathname": "/", "page-url.search": query_string, "map-state.search": query_string,
            "language-store.data": LANG, "map-language.data": LANG, "language-picker.value": LANG}


def our_context(client: TimedClient, district: str) -> Context:
    """The dashboard's callbacks and page ids, asked of the app itself (setup, not timed)."""
    client.get("/_dash-layout")
    shell = layout_ids(_json(client))
    client.get("/_dash-dependencies")
    dependencies = _json(client)
    context = Context("ours", district, dependencies)
    client.callback(context.callback(ROUTER), page_values(""))
    context.known_ids = shell + layout_ids(_json(client))
    context.first_draw = [cb for cb in dependencies
                          if fires_on_first_draw(cb, context.known_ids) and ROUTER not in cb["output"]]
    return context


def _json(client: TimedClient) -> Any:
    return json.loads(client.last_body)


def updated_ids(payload: bytes) -> set[str]:
    """The component ids a callback answer updates (none for a 204 "nothing to update")."""
    try:
        answer = json.loads(payload) if payload else {}
    except ValueError:
        return set()
    return set(answer.get("response", {})) if isinstance(answer, dict) else set()


def download_item(known_ids: Iterable[Any], what: str, fmt: str = "csv") -> dict[str, Any]:
    """The id of the map's download-menu item for ``what`` as ``fmt``, as the page has it
    (older pages name no format: their items are CSV)."""
    for component_id in known_ids:
        if (isinstance(component_id, dict) and component_id.get("type") == "map-download"
                and component_id.get("what") == what and component_id.get("format", fmt) == fmt):
            return component_id
    raise BenchmarkError(f"the map page has no download item for {what!r} as {fmt}")


def _renders(client: TimedClient, context: Context, query_string: str, outputs: tuple[str, ...]) -> Sample:
    values = page_values(query_string)
    return total(client.callback(context.callback(output), values, context.known_ids, ("map-state.search",),
                                 expect=output.split(".")[0])
                 for output in outputs)


def our_first_page_load(client: TimedClient, context: Context, _repetition: int) -> Sample:
    samples = [client.get("/"), client.get("/_dash-layout"), client.get("/_dash-dependencies"),
               client.callback(context.callback(ROUTER), page_values(""), context.known_ids)]
    samples += [client.callback(cb, page_values(""), context.known_ids) for cb in context.first_draw]
    return total(samples)


def our_national_filter(client: TimedClient, context: Context, repetition: int) -> Sample:
    query = search(layers="returnees", **Choice.of(repetition).query())
    return _renders(client, context, query, (MAP_RENDER, KPI_RENDER, DETAIL_RENDER))


def drill_search(context: Context, layers: Iterable[str] = ALL_LAYERS) -> str:
    """The largest district with ``layers``."""
    return search(district=context.district, layers=",".join(layers))


def our_drill(client: TimedClient, context: Context, _repetition: int) -> Sample:
    return _renders(client, context, drill_search(context), (MAP_RENDER, KPI_RENDER))


def our_toggle(client: TimedClient, context: Context, repetition: int) -> Sample:
    return _renders(client, context, drill_search(context, toggled_layers(repetition)), (MAP_RENDER,))


def our_export(client: TimedClient, context: Context, _repetition: int) -> Sample:
    clicked = prop_key(download_item(context.known_ids, "returnees"), "n_clicks")
    values = page_values(drill_search(context)) | {clicked: 1}
    return client.callback(context.callback(MAP_DOWNLOAD), values, context.known_ids, (clicked,),
                           expect=MAP_DOWNLOAD.split(".")[0])


GAPS_RENDER = "gaps-figure.data"
GAPS_FAIRS = "gaps-fairs.children"
_GAP_SERVICES = ("psychosocial_counselling", "job_placement", "legal_support", "skills_training", "medical_support")
_GAP_RADII = (10, 5, 20, 2, 50, 15, 30)


def gaps_search(context: Context, repetition: int) -> str:
    """The largest district's service gaps for one service and radius (5 x 7 coprime: 35 combinations)."""
    return search(district=context.district, service=_GAP_SERVICES[repetition % len(_GAP_SERVICES)],
                  radius=str(_GAP_RADII[repetition % len(_GAP_RADII)]))


def _gap_values(context: Context, repetition: int) -> dict[str, Any]:
    return {"gaps-state.search": gaps_search(context, repetition), "gaps-language.data": LANG,
            "gaps-focus.data": None, "gaps-show-fairs.n_clicks": 1}


def our_service_gaps(client: TimedClient, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(GAPS_RENDER), _gap_values(context, repetition), context.known_ids,
                           ("gaps-state.search",), expect=GAPS_RENDER.split(".")[0])


def our_fair_effects(client: TimedClient, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(GAPS_FAIRS), _gap_values(context, repetition), context.known_ids,
                           ("gaps-show-fairs.n_clicks",), expect=GAPS_FAIRS.split(".")[0])


COMPARE_RANKING = "compare-ranking.data"
COMPARE_SERIES = "compare-small.figure"
TEN_DISTRICTS = ("BD6091", "BD3054", "BD3029", "BD3067", "BD3086", "BD6036", "BD6058", "BD6090", "BD4047", "BD2019")
_INDICATORS = ("returnees_profiled", "reintegration_plans", "psychosocial_support", "people_reached",
               "migration_fairs", "inkind_support", "returnees_eu")


def _compare_values(repetition: int, **params: str) -> dict[str, Any]:
    query = search(indicator=_INDICATORS[repetition % len(_INDICATORS)], **Choice.of(repetition).query(), **params)
    return {"compare-state.search": query, "compare-language.data": LANG}


def our_ranking(client: TimedClient, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(COMPARE_RANKING), _compare_values(repetition), context.known_ids,
                           ("compare-state.search",), expect=COMPARE_RANKING.split(".")[0])


def our_small_multiples(client: TimedClient, context: Context, repetition: int) -> Sample:
    values = _compare_values(repetition, districts=",".join(TEN_DISTRICTS))
    return client.callback(context.callback(COMPARE_SERIES), values, context.known_ids, ("compare-state.search",),
                           expect=COMPARE_SERIES.split(".")[0])


DCC_RENDER = "dcc-cards.children"


def our_dcc_tracker(client: TimedClient, context: Context, repetition: int) -> Sample:
    period = Choice.of(repetition)
    values = {"dcc-state.search": search(district=context.district, **{"from": period.start, "to": period.end}),
              "dcc-language.data": LANG, "dcc-changed.data": repetition}
    return client.callback(context.callback(DCC_RENDER), values, context.known_ids, ("dcc-state.search",),
                           expect=DCC_RENDER.split(".")[0])


def our_brief(client: TimedClient, context: Context, repetition: int) -> Sample:
    period = Choice.of(repetition)
    lang = ("en", "bn")[repetition % 2]
    return client.get(f"/brief/{context.district}.pdf?from={period.start}&to={period.end}&lang={lang}")


# The naive comparison app ------------------------------------------------------------------------

NAIVE_MAP = f"{naive.MAP}.figure"
NAIVE_KPIS = f"{naive.KPIS}.children"
NAIVE_DETAIL = f"{naive.DETAIL}.children"
NAIVE_DOWNLOAD = f"{naive.DOWNLOAD}.data"


def naive_values(district: str | None = None, layers: Iterable[str] = ("returnees",),
                 choice: Choice | None = None, clicks: int | None = None) -> dict[str, Any]:
    """What the naive app's controls hold."""
    return {
        f"{naive.DISTRICT}.value": district, f"{naive.UPAZILA}.value": None,
        f"{naive.SEX}.value": list(choice.sex) if choice else [],
        f"{naive.AGE_BAND}.value": [choice.age_band] if choice and choice.age_band else None,
        f"{naive.PERIOD}.start_date": choice.start if choice else None,
        f"{naive.PERIOD}.end_date": choice.end if choice else None,
        f"{naive.LAYERS}.value": list(layers), f"{naive.DOWNLOAD_BUTTON}.n_clicks": clicks,
    }


def baseline_context(client: TimedClient, district: str) -> Context:
    """The naive app's callbacks and page ids (setup, not timed)."""
    client.get("/_dash-layout")
    known = layout_ids(_json(client))
    client.get("/_dash-dependencies")
    dependencies = _json(client)
    first = [cb for cb in dependencies if fires_on_first_draw(cb, known)]
    return Context("baseline", district, dependencies, known, first)


def _naive(client: TimedClient, context: Context, values: dict[str, Any], changed: str,
           outputs: tuple[str, ...]) -> Sample:
    return total(client.callback(context.callback(output), values, context.known_ids, (changed,),
                                 expect=output.split(".")[0])
                 for output in outputs)


def naive_first_page_load(client: TimedClient, context: Context, _repetition: int) -> Sample:
    samples = [client.get("/"), client.get("/_dash-layout"), client.get("/_dash-dependencies")]
    samples += [client.callback(cb, naive_values(), context.known_ids) for cb in context.first_draw]
    return total(samples)


def naive_national_filter(client: TimedClient, context: Context, repetition: int) -> Sample:
    values = naive_values(choice=Choice.of(repetition))
    return _naive(client, context, values, f"{naive.SEX}.value", (NAIVE_MAP, NAIVE_KPIS, NAIVE_DETAIL))


def naive_drill(client: TimedClient, context: Context, _repetition: int) -> Sample:
    values = naive_values(context.district, ALL_LAYERS)
    return _naive(client, context, values, f"{naive.DISTRICT}.value", (NAIVE_MAP, NAIVE_KPIS))


def naive_toggle(client: TimedClient, context: Context, repetition: int) -> Sample:
    values = naive_values(context.district, toggled_layers(repetition))
    return _naive(client, context, values, f"{naive.LAYERS}.value", (NAIVE_MAP,))


def naive_export(client: TimedClient, context: Context, _repetition: int) -> Sample:
    values = naive_values(context.district, ALL_LAYERS, clicks=1)
    return _naive(client, context, values, f"{naive.DOWNLOAD_BUTTON}.n_clicks", (NAIVE_DOWNLOAD,))


register(Action(
    "first_page_load",
    "GET /, /_dash-layout, /_dash-dependencies, the router callback for \"/\" and every callback the page "
    "fires when it first draws (read from /_dash-dependencies: not prevent_initial_call, inputs on the page)",
    our_first_page_load, naive_first_page_load))
register(Action(
    "national_filter",
    "a new filter each repetition (sex x age band x period) on the national view: map, KPI and detail renders",
    our_national_filter, naive_national_filter))
register(Action(
    "drill_largest_district",
    "the district with most returnees, upazila map with all four layers, and the KPI render",
    our_drill, naive_drill))
register(Action(
    "toggle_layer",
    "the map render in that district with one layer removed, then added back (cycling through the four)",
    our_toggle, naive_toggle))
register(Action(
    "district_csv_export",
    "the map's download callback for the returnees layer of that district (CSV)",
    our_export, naive_export))
register(Action(
    "service_gaps_largest_district",
    "the gap page's analysis (map, table, suggested sites) in the district with most returnees, a new service "
    "and radius each repetition",
    our_service_gaps))
register(Action(
    "fair_effects_largest_district",
    "the gap page's before/after of that district's 12 latest fairs, on request, a new radius each repetition",
    our_fair_effects))
register(Action(
    "hq_ranking_table",
    "the comparison page's ranking of all 64 districts (indicators, rates, targets, change on the previous "
    "period), a new indicator and filter each repetition",
    our_ranking))
register(Action(
    "small_multiples_10_districts",
    "monthly series of one indicator for 10 districts (small multiples and overlay), a new indicator and filter "
    "each repetition",
    our_small_multiples))
register(Action(
    "dcc_tracker_largest_district",
    "the DCC page of the district with most returnees: indicators, meeting rhythm and the timeline of meetings "
    "with attendance, decisions and action items, for a new period each repetition",
    our_dcc_tracker))
register(Action(
    "district_brief_pdf",
    "GET the A4 PDF brief of the district with most returnees (map, figures, narrative, gaps, actions, fairs), "
    "English and Bangla in turn, a new period each repetition",
    our_brief))
