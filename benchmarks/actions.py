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
import io
import itertools
import json
import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol
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
# The layers the naive app draws; the dashboard is asked for every layer it registers (``every_layer``).
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
        # Closed as a WSGI server closes it once the last byte has gone (what the app does then,
        # e.g. settling its heap, dashboard.web.heap, happens after the user has the answer).
        response.close()
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

    def upload(self, path: str, data: bytes, filename: str) -> Sample:
        """POST ``data`` as the multipart field ``file``, with the CSRF header, as the import page does."""
        headers = dict(self.headers)
        cookie = self.client.get_cookie("_csrf_token")
        if cookie is not None:
            headers["X-CSRFToken"] = cookie.value
        return self._timed(lambda: self.client.post(path, data={"file": (io.BytesIO(data), filename)},
                                                    headers=headers, content_type="multipart/form-data"),
                           f"POST {path}")

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


class Client(Protocol):
    """What an action needs of a client: the timed Flask test client here, or the load test's
    HTTP client (``benchmarks.locustfile.DashClient``)."""

    last_body: bytes

    def get(self, path: str) -> Sample:
        """GET ``path``."""

    def callback(self, callback: dict[str, Any], values: Mapping[str, Any], known_ids: Iterable[Any] = (),
                 changed: tuple[str, ...] = (), expect: str | None = None) -> Sample:
        """One callback request."""

    def upload(self, path: str, data: bytes, filename: str) -> Sample:
        """A multipart upload."""


@dataclass
class Context:
    """What the actions of one app need: its callbacks, the ids on its page and the data's facts."""

    app: str  # "ours" or "baseline"
    district: str  # the district with the most returnees
    dependencies: list[dict[str, Any]] = field(default_factory=list)
    known_ids: list[Any] = field(default_factory=list)
    first_draw: list[dict[str, Any]] = field(default_factory=list)
    districts: tuple[str, ...] = ()  # the role's own districts, largest first (empty: ``district`` alone)
    role: str = "hq"  # a key of benchmarks.roles.ROLES
    national: bool = True  # whether the reader's scope is the whole country
    grants: frozenset[str] = frozenset()  # what the reader may do (dashboard.core.access.Action values)

    def callback(self, output: str) -> dict[str, Any]:
        """The callback writing ``output``."""
        return find_callback(self.dependencies, output)

    def district_at(self, repetition: int) -> str:
        """The role's district for this repetition (they take turns)."""
        pool = self.districts or (self.district,)
        return pool[repetition % len(pool)]

    def upazila_at(self, repetition: int) -> tuple[str, str]:
        """(district, upazila) for this repetition: the districts take turns, and within each the
        upazilas (a new one each time the district comes back)."""
        from geodata import Level, areas_at

        district = self.district_at(repetition)
        upazilas = [a.pcode for a in areas_at(Level.UPAZILA, district)]
        if not upazilas:
            raise BenchmarkError(f"district {district} has no upazilas")
        return district, upazilas[(repetition // len(self.districts or (self.district,))) % len(upazilas)]


Step = Callable[[Client, Context, int], Sample]


@dataclass(frozen=True)
class Action:
    """One user action: what it sends, and how to do it on each app (``baseline``: the naive app)."""

    name: str
    sends: str
    ours: Step
    baseline: Step | None = None
    # Whether the reader of ``Context`` does this at all (a district officer has no national view).
    applies: Callable[[Context], bool] = lambda _context: True


ACTIONS: dict[str, Action] = {}


def register(action: Action) -> Action:
    """Add an action to the benchmark; names are unique."""
    if action.name in ACTIONS:
        raise ValueError(f"action {action.name!r} is registered twice")
    ACTIONS[action.name] = action
    return action



# What each repetition asks -----------------------------------------------------------------
#
# Every input below is checked against the dashboard's declarations by ``validate_inputs``
# before anything is timed: a value the page does not know would be silently replaced by its
# default (a benchmark of the default view, under another name).

_SEXES: tuple[tuple[str, ...], ...] = (("female",), ("male",), ("other",), ())
_AGE_BANDS = ("18_24", "25_34", "35_44", "45_54", "55_plus", "under_18", None)
_PERIODS = (("2017-04-01", "2017-12-31"), ("2018-01-01", "2018-12-31"), ("2019-01-01", "2019-12-31"),
            ("2020-01-01", "2020-04-30"), ("2018-07-01", "2019-06-30"))
_LANGS = ("en", "bn")


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


def every_layer() -> tuple[str, ...]:
    """Every map layer the dashboard registers, in drawing order (a new layer is timed too)."""
    from layers import ordered_layers

    return tuple(layer.key for layer in ordered_layers())


def toggled_layers(repetition: int, layers: tuple[str, ...] = ALL_LAYERS) -> tuple[str, ...]:
    """All ``layers`` with one removed (even repetitions), then added back (odd ones), cycling."""
    if repetition % 2:
        return layers
    dropped = layers[(repetition // 2) % len(layers)]
    return tuple(layer for layer in layers if layer != dropped)


def search(**params: str) -> str:
    """A query string of the dashboard's URL (its public, documented state)."""
    return "?" + urlencode(params, safe=",")


# The dashboard ---------------------------------------------------------------------------------

ROUTER = "page-content.children"
MAP_RENDER = "district-map-figure.data"
KPI_RENDER = "kpi-cards.children"
DETAIL_RENDER = "upazila-detail.className"
MAP_DOWNLOAD = "district-map-download.data"
# The pages whose ids the actions need (pattern-matching download items live on them).
PAGES = ("/", "/gaps", "/compare", "/outcomes", "/dcc", "/import")


def page_values(query_string: str, lang: str = LANG) -> dict[str, Any]:
    """What the map page's URL, language and controls hold for ``query_string``."""
    return {"page-url.pathname": "/", "page-url.search": query_string, "map-state.search": query_string,
            "language-store.data": lang, "map-language.data": lang, "language-picker.value": lang}


def our_context(client: Client, districts: tuple[str, ...], role: str = "hq", national: bool = True,
                grants: frozenset[str] = frozenset()) -> Context:
    """The dashboard's callbacks and page ids, asked of the app itself (setup, not timed)."""
    client.get("/_dash-layout")
    shell = layout_ids(_json(client))
    client.get("/_dash-dependencies")
    dependencies = _json(client)
    context = Context("ours", districts[0], dependencies, districts=districts, role=role, national=national,
                      grants=grants)
    client.callback(context.callback(ROUTER), page_values(""))
    landing = layout_ids(_json(client))
    context.known_ids = shell + landing
    context.first_draw = [cb for cb in dependencies
                          if fires_on_first_draw(cb, context.known_ids) and ROUTER not in cb["output"]]
    for path in PAGES[1:]:
        client.callback(context.callback(ROUTER), page_values("") | {"page-url.pathname": path})
        context.known_ids += layout_ids(_json(client))
    return context


def _json(client: Client) -> Any:
    return json.loads(client.last_body)


def updated_ids(payload: bytes) -> set[str]:
    """The component ids a callback answer updates (none for a 204 "nothing to update")."""
    try:
        answer = json.loads(payload) if payload else {}
    except ValueError:
        return set()
    return set(answer.get("response", {})) if isinstance(answer, dict) else set()


def download_item(known_ids: Iterable[Any], what: str, fmt: str = "csv", kind: str = "map-download") -> dict[str, Any]:
    """The id of a page's download-menu item (``kind``: its pattern's type) for ``what`` as ``fmt``,
    as the page has it (older pages name no format: their items are CSV)."""
    for component_id in known_ids:
        if (isinstance(component_id, dict) and component_id.get("type") == kind
                and component_id.get("what") == what and component_id.get("format", fmt) == fmt):
            return component_id
    raise BenchmarkError(f"the page has no {kind} item for {what!r} as {fmt}")


def _renders(client: Client, context: Context, query_string: str, outputs: tuple[str, ...],
             lang: str = LANG) -> Sample:
    values = page_values(query_string, lang)
    return total(client.callback(context.callback(output), values, context.known_ids, ("map-state.search",),
                                 expect=output.split(".")[0])
                 for output in outputs)


def our_first_page_load(client: Client, context: Context, repetition: int) -> Sample:
    lang = _LANGS[repetition % len(_LANGS)]
    samples = [client.get("/"), client.get("/_dash-layout"), client.get("/_dash-dependencies"),
               client.callback(context.callback(ROUTER), page_values("", lang), context.known_ids)]
    samples += [client.callback(cb, page_values("", lang), context.known_ids) for cb in context.first_draw]
    return total(samples)


def our_national_filter(client: Client, context: Context, repetition: int) -> Sample:
    query = search(layers="returnees", **Choice.of(repetition).query())
    return _renders(client, context, query, (MAP_RENDER, KPI_RENDER, DETAIL_RENDER))


def our_national_all_layers(client: Client, context: Context, repetition: int) -> Sample:
    query = search(layers=",".join(every_layer()), **Choice.of(repetition).query())
    return _renders(client, context, query, (MAP_RENDER,))


def drill_search(district: str, layers: Iterable[str] | None = None, **params: str) -> str:
    """A district with ``layers`` (default: every layer) and any other keys."""
    return search(district=district, layers=",".join(every_layer() if layers is None else layers), **params)


def our_district_filter(client: Client, context: Context, repetition: int) -> Sample:
    query = drill_search(context.district_at(repetition), ("returnees",), **Choice.of(repetition).query())
    return _renders(client, context, query, (MAP_RENDER, KPI_RENDER))


def our_drill(client: Client, context: Context, repetition: int) -> Sample:
    return _renders(client, context, drill_search(context.district_at(repetition)), (MAP_RENDER, KPI_RENDER))


def our_open_upazila(client: Client, context: Context, repetition: int) -> Sample:
    district, upazila = context.upazila_at(repetition)
    query = drill_search(district, upazila=upazila, **Choice.of(repetition).query())
    return _renders(client, context, query, (MAP_RENDER, KPI_RENDER, DETAIL_RENDER))


MAP_TABLE = "district-map-table.children"
MAP_TABLE_OPENER = "district-map-table-open.n_clicks"


def open_map_table(client: Client, context: Context, query_string: str, lang: str = LANG) -> Sample:
    """Open the map's "Show as table" (one click on its summary) for ``query_string``."""
    values = page_values(query_string, lang) | {MAP_TABLE_OPENER: 1}
    return client.callback(context.callback(MAP_TABLE), values, context.known_ids, (MAP_TABLE_OPENER,),
                           expect=MAP_TABLE.split(".")[0])


def our_map_table(client: Client, context: Context, repetition: int) -> Sample:
    return open_map_table(client, context, drill_search(context.district_at(repetition)))


def our_toggle(client: Client, context: Context, repetition: int) -> Sample:
    query = drill_search(context.district_at(repetition // 2), toggled_layers(repetition, every_layer()))
    return _renders(client, context, query, (MAP_RENDER,))


MAP_SPLIT = "map-split-grid.children"
_TIMELINE_MODES = ("month", "quarter")


def timeline_query(repetition: int, mode: str) -> dict[str, str]:
    """A new filter each repetition (its period is the timeline's range) and one step of it."""
    from datetime import date

    from dashboard.core.filters import Filters
    from dashboard.features.map.steps import Mode, steps

    choice = Choice.of(repetition)
    span = Filters(start=date.fromisoformat(choice.start), end=date.fromisoformat(choice.end))
    all_steps = steps(Mode(mode), span)
    return choice.query() | {"timeline": mode, "step": all_steps[(repetition * 5) % len(all_steps)].key}


TIMELINE_VALUES = "map-timeline-values.data"


def our_timeline_step(client: Client, context: Context, repetition: int) -> Sample:
    # What a user waits for to step: every step's values, fetched once per timeline view (a new
    # filter's period each repetition, so never from a cache). A step itself is drawn in the
    # browser from them with no request (assets/timeline.js); the map's render of the step the
    # user rests on follows in the background and is timed by the other map actions.
    mode = _TIMELINE_MODES[repetition % len(_TIMELINE_MODES)]
    query = drill_search(context.district_at(repetition), ("returnees",), **timeline_query(repetition, mode))
    return _renders(client, context, query, (TIMELINE_VALUES,))


def our_split_view(client: Client, context: Context, repetition: int) -> Sample:
    query = search(layers="", split="1", **timeline_query(repetition, "quarter"))
    return _renders(client, context, query, (MAP_RENDER, MAP_SPLIT))


def _map_download(what: str, fmt: str) -> Step:
    def step(client: Client, context: Context, repetition: int) -> Sample:
        clicked = prop_key(download_item(context.known_ids, what, fmt), "n_clicks")
        query = drill_search(context.district_at(repetition), **Choice.of(repetition).query())
        values = page_values(query) | {clicked: 1}
        return client.callback(context.callback(MAP_DOWNLOAD), values, context.known_ids, (clicked,),
                               expect=MAP_DOWNLOAD.split(".")[0])
    return step


GAPS_RENDER = "gaps-figure.data"
GAPS_FAIRS = "gaps-fairs.children"
GAPS_DOWNLOAD = "gaps-download.data"
_GAP_SERVICES = ("psychosocial_counselling", "job_placement", "legal_support", "skills_training", "medical_treatment")
_GAP_RADII = (10, 5, 20, 2, 50, 15, 30)


def gaps_search(context: Context, repetition: int) -> str:
    """One of the role's districts, a service and a radius (5 x 7 coprime: 35 combinations)."""
    return search(district=context.district_at(repetition), service=_GAP_SERVICES[repetition % len(_GAP_SERVICES)],
                  radius=str(_GAP_RADII[repetition % len(_GAP_RADII)]))


def _gap_values(context: Context, repetition: int) -> dict[str, Any]:
    return {"gaps-state.search": gaps_search(context, repetition), "gaps-language.data": LANG,
            "gaps-focus.data": None, "gaps-show-fairs.n_clicks": 1}


def our_service_gaps(client: Client, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(GAPS_RENDER), _gap_values(context, repetition), context.known_ids,
                           ("gaps-state.search",), expect=GAPS_RENDER.split(".")[0])


def our_gap_table_csv(client: Client, context: Context, repetition: int) -> Sample:
    clicked = prop_key(download_item(context.known_ids, "table", "csv", "gaps-download"), "n_clicks")
    return client.callback(context.callback(GAPS_DOWNLOAD), _gap_values(context, repetition) | {clicked: 1},
                           context.known_ids, (clicked,), expect=GAPS_DOWNLOAD.split(".")[0])


def our_fair_effects(client: Client, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(GAPS_FAIRS), _gap_values(context, repetition), context.known_ids,
                           ("gaps-show-fairs.n_clicks",), expect=GAPS_FAIRS.split(".")[0])


COMPARE_RANKING = "compare-ranking.data"
COMPARE_SERIES = "compare-small.figure"
COMPARE_PEERS = "compare-peers.figure"
TEN_DISTRICTS = ("BD6091", "BD3054", "BD3029", "BD3067", "BD3086", "BD6036", "BD6058", "BD6090", "BD4047", "BD2019")
_INDICATORS = ("returnees_profiled", "reintegration_plans", "psychosocial_support", "people_reached",
               "migration_fairs", "inkind_support", "returnees_eu")


def _compare_values(repetition: int, **params: str) -> dict[str, Any]:
    query = search(indicator=_INDICATORS[repetition % len(_INDICATORS)], **Choice.of(repetition).query(), **params)
    return {"compare-state.search": query, "compare-language.data": LANG}


def our_ranking(client: Client, context: Context, repetition: int) -> Sample:
    return client.callback(context.callback(COMPARE_RANKING), _compare_values(repetition), context.known_ids,
                           ("compare-state.search",), expect=COMPARE_RANKING.split(".")[0])


def series_districts(context: Context, repetition: int) -> tuple[str, ...]:
    """Ten districts for headquarters and national viewers (a different ten each time: the DCC
    districts rotated), a district role's own districts (rotated)."""
    pool = TEN_DISTRICTS if context.national else context.districts
    shift = repetition % len(pool)
    rotated = pool[shift:] + pool[:shift]
    return rotated if not context.national else rotated[:10 - repetition % 3]


def our_small_multiples(client: Client, context: Context, repetition: int) -> Sample:
    values = _compare_values(repetition, districts=",".join(series_districts(context, repetition)))
    return client.callback(context.callback(COMPARE_SERIES), values, context.known_ids, ("compare-state.search",),
                           expect=COMPARE_SERIES.split(".")[0])


def our_compare_peers(client: Client, context: Context, repetition: int) -> Sample:
    values = _compare_values(repetition, peer=context.district_at(repetition))
    return client.callback(context.callback(COMPARE_PEERS), values, context.known_ids, ("compare-state.search",),
                           expect=COMPARE_PEERS.split(".")[0])


DCC_RENDER = "dcc-cards.children"


def our_dcc_tracker(client: Client, context: Context, repetition: int) -> Sample:
    period = Choice.of(repetition)
    query = search(district=context.district_at(repetition), **{"from": period.start, "to": period.end})
    values = {"dcc-state.search": query, "dcc-language.data": LANG, "dcc-changed.data": repetition}
    return client.callback(context.callback(DCC_RENDER), values, context.known_ids, ("dcc-state.search",),
                           expect=DCC_RENDER.split(".")[0])


def our_brief(client: Client, context: Context, repetition: int) -> Sample:
    period = Choice.of(repetition)
    lang = _LANGS[repetition % len(_LANGS)]
    district = context.district_at(repetition // 2)
    return client.get(f"/brief/{district}.pdf?from={period.start}&to={period.end}&lang={lang}")


# Reintegration outcomes (issue 29): a score metric on the map for a survey round, and the
# outcome page, whose one render draws its map, table, cohort curves and side-by-sides.
_SCORE_METRICS = ("score_composite", "score_economic", "score_social", "score_psychosocial", "score_good_share")
_SCORE_ROUNDS = (12, 6, 3, 0)  # 5 metrics x 4 rounds: 20 different maps in a row
_COHORT_DIMENSIONS = ("composite", "economic", "social", "psychosocial")
_COHORT_ROUNDS = (12, 6, 3)  # 4 dimensions x 3 rounds: 12 different pages in a row
OUTCOMES_RENDER = "outcomes-figure.data"
OUTCOMES_COHORTS = "outcomes-cohorts"


def outcome_map_search(context: Context, repetition: int) -> str:
    """A score metric for a survey round: national readers take the country and one of the
    districts in turn, a district role its own districts."""
    params = {"layers": "", "metric": _SCORE_METRICS[repetition % len(_SCORE_METRICS)],
              "round": str(_SCORE_ROUNDS[repetition % len(_SCORE_ROUNDS)])}
    if not context.national or repetition % 2:
        params["district"] = context.district_at(repetition // 2)
    return search(**params)


def our_outcome_map(client: Client, context: Context, repetition: int) -> Sample:
    return _renders(client, context, outcome_map_search(context, repetition), (MAP_RENDER,))


def our_cohort_curves(client: Client, context: Context, repetition: int) -> Sample:
    params = {"dimension": _COHORT_DIMENSIONS[repetition % len(_COHORT_DIMENSIONS)],
              "round": str(_COHORT_ROUNDS[repetition % len(_COHORT_ROUNDS)])}
    if not context.national or repetition % 2:
        params["district"] = context.district_at(repetition // 2)
    values = {"outcomes-state.search": search(**params), "outcomes-language.data": _LANGS[repetition % 2]}
    return client.callback(context.callback(OUTCOMES_RENDER), values, context.known_ids, ("outcomes-state.search",),
                            expect=OUTCOMES_COHORTS)


IMPORT_HISTORY = "import-history.children"
IMPORT_TEMPLATE = "import-template-download.data"
IMPORT_ROWS = 200
# How long the import action waits for its background check before failing the benchmark.
IMPORT_WAIT_SECONDS = 120.0


def _fired_by(context: Context, input_id: str) -> dict[str, Any]:
    """The one server-side callback ``input_id`` fires (several write the import check's output)."""
    found = [cb for cb in context.dependencies
             if any(i["id"] == input_id for i in cb["inputs"]) and not cb.get("clientside_function")]
    if len(found) != 1:
        raise BenchmarkError(f"{len(found)} callbacks listen to {input_id!r}; the page has changed")
    return found[0]


def our_import_page(client: Client, context: Context, repetition: int) -> Sample:
    """The import page's callbacks: its history, a template, and the check (dry run) of a file of
    ``IMPORT_ROWS`` returnees in one of the role's districts: upload, start, poll to the report."""
    from benchmarks.import_bench import returnee_rows
    from dashboard.features.imports.uploads import discard

    kind = "returnees"
    language = {"import-language.data": LANG}
    samples = [client.callback(context.callback(IMPORT_HISTORY), language | {"import-changed.data": repetition},
                               context.known_ids, expect="import-history"),
               client.callback(context.callback(IMPORT_TEMPLATE), {"import-template-button.n_clicks": 1,
                                                                   "import-kind.value": kind},
                               context.known_ids, ("import-template-button.n_clicks",),
                               expect="import-template-download")]
    data = returnee_rows(IMPORT_ROWS, seed=repetition, districts=(context.district_at(repetition),))
    samples.append(client.upload("/import/upload", data, f"bench-{repetition}.csv"))
    uploaded = json.loads(client.last_body)
    values = language | {"import-uploaded.data": uploaded, "import-kind.value": kind,
                         "import-mode.value": "all-or-nothing", "import-drop.value": None}
    samples.append(client.callback(_fired_by(context, "import-uploaded"), values, context.known_ids,
                                   ("import-uploaded.data",), expect="import-job"))
    job = json.loads(client.last_body)["response"]["import-job"]["data"]
    poll = _fired_by(context, "import-poll")
    waited_until = time.monotonic() + IMPORT_WAIT_SECONDS
    for tick in itertools.count(1):
        # The page polls every second; the benchmark asks at once again (the server's work is what is timed).
        samples.append(client.callback(poll, language | {"import-poll.n_intervals": tick, "import-job.data": job},
                                       context.known_ids, ("import-poll.n_intervals",)))
        answer = json.loads(client.last_body) if client.last_body else {}
        poll_disabled = answer.get("response", {}).get("import-poll", {}).get("disabled")
        if poll_disabled:
            checked = answer["response"].get("import-checked", {}).get("data")
            if not isinstance(checked, dict) or checked.get("rejected"):
                raise BenchmarkError(f"the import check did not pass its file: {str(answer)[:300]}")
            break
        if time.monotonic() > waited_until:
            raise BenchmarkError("the import check did not finish in time")
        time.sleep(0.02)
    discard(uploaded["upload"])  # the page's upload folder is not the benchmark's to fill (not timed)
    return total(samples)


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


def baseline_context(client: Client, districts: tuple[str, ...]) -> Context:
    """The naive app's callbacks and page ids (setup, not timed)."""
    client.get("/_dash-layout")
    known = layout_ids(_json(client))
    client.get("/_dash-dependencies")
    dependencies = _json(client)
    first = [cb for cb in dependencies if fires_on_first_draw(cb, known)]
    return Context("baseline", districts[0], dependencies, known, first, districts=districts)


def _naive(client: Client, context: Context, values: dict[str, Any], changed: str,
           outputs: tuple[str, ...]) -> Sample:
    return total(client.callback(context.callback(output), values, context.known_ids, (changed,),
                                 expect=output.split(".")[0])
                 for output in outputs)


def naive_first_page_load(client: Client, context: Context, _repetition: int) -> Sample:
    samples = [client.get("/"), client.get("/_dash-layout"), client.get("/_dash-dependencies")]
    samples += [client.callback(cb, naive_values(), context.known_ids) for cb in context.first_draw]
    return total(samples)


def naive_national_filter(client: Client, context: Context, repetition: int) -> Sample:
    values = naive_values(choice=Choice.of(repetition))
    return _naive(client, context, values, f"{naive.SEX}.value", (NAIVE_MAP, NAIVE_KPIS, NAIVE_DETAIL))


def naive_drill(client: Client, context: Context, repetition: int) -> Sample:
    values = naive_values(context.district_at(repetition), ALL_LAYERS)
    return _naive(client, context, values, f"{naive.DISTRICT}.value", (NAIVE_MAP, NAIVE_KPIS))


def naive_toggle(client: Client, context: Context, repetition: int) -> Sample:
    values = naive_values(context.district_at(repetition // 2), toggled_layers(repetition))
    return _naive(client, context, values, f"{naive.LAYERS}.value", (NAIVE_MAP,))


def naive_export(client: Client, context: Context, repetition: int) -> Sample:
    values = naive_values(context.district_at(repetition), ALL_LAYERS, choice=Choice.of(repetition), clicks=1)
    return _naive(client, context, values, f"{naive.DOWNLOAD_BUTTON}.n_clicks", (NAIVE_DOWNLOAD,))



register(Action(
    "first_page_load",
    "GET /, /_dash-layout, /_dash-dependencies, the router callback for \"/\" and every callback the page "
    "fires when it first draws (read from /_dash-dependencies: not prevent_initial_call, inputs on the page), "
    "in English and Bangla in turn",
    our_first_page_load, naive_first_page_load))
register(Action(
    "national_filter",
    "a new filter each repetition (sex x age band x period) on the national view: map, KPI and detail renders "
    "(readers with a national scope)",
    our_national_filter, naive_national_filter, applies=lambda c: c.national))
register(Action(
    "national_map_all_layers",
    "the national map with every layer (the four of the naive app and any added since), a new filter each "
    "repetition (readers with a national scope)",
    our_national_all_layers, applies=lambda c: c.national))
register(Action(
    "timeline_step",
    "stepping the map's timeline (by month or quarter, over a new filter's period) in one of the role's "
    "districts with returnees: the one request a user waits for, every step's values classed together "
    "(each step is then drawn in the browser with no request)",
    our_timeline_step))
register(Action(
    "split_view_national",
    "the national map's timeline by quarter with the split view open: six small maps on one legend and the "
    "full map, a new filter each repetition (readers with a national scope)",
    our_split_view, applies=lambda c: c.national))
register(Action(
    "district_filter",
    "a new filter each repetition in one of the role's districts (in turn): map and KPI renders",
    our_district_filter))
register(Action(
    "drill_district",
    "one of the role's districts (in turn), upazila map with every layer, and the KPI render",
    our_drill, naive_drill))
register(Action(
    "open_upazila",
    "an upazila of one of the role's districts (a new one each repetition) with a new filter: map, KPI cards "
    "and the upazila's detail panel",
    our_open_upazila))
register(Action(
    "map_table",
    "\"Show as table\" opened under the map of one of the role's districts (in turn) with every layer: the "
    "areas' values and the layers' tables, sent only when opened",
    our_map_table))
register(Action(
    "toggle_layer",
    "the map render in one of the role's districts with one layer removed, then added back (cycling through "
    "the layers)",
    our_toggle, naive_toggle))
register(Action(
    "district_csv_export",
    "the map's download of the returnees layer of one of the role's districts as CSV, a new period each time",
    _map_download("returnees", "csv"), naive_export))
register(Action(
    "map_xlsx_export",
    "the map's download of the areas on the map (one of the role's districts) as Excel, a new period each time",
    _map_download("areas", "xlsx")))
register(Action(
    "map_geojson_export",
    "the map's GeoJSON of one of the role's districts with every layer, a new period each time",
    _map_download("areas", "geojson")))
register(Action(
    "service_gaps",
    "the gap page's analysis (map, table, suggested sites) in one of the role's districts, a new service "
    "and radius each repetition",
    our_service_gaps))
register(Action(
    "gap_table_csv",
    "the gap page's table as CSV, a new district, service and radius each repetition",
    our_gap_table_csv))
register(Action(
    "fair_effects",
    "the gap page's before/after of a district's 12 latest fairs, on request, a new district and radius each "
    "repetition",
    our_fair_effects))
register(Action(
    "ranking_table",
    "the comparison page's ranking of the districts the reader may see (indicators, rates, targets, change "
    "on the previous period), a new indicator and filter each repetition",
    our_ranking))
register(Action(
    "small_multiples",
    "monthly series of one indicator for up to 10 districts (a national reader: the DCC districts, rotated "
    "and 8-10 of them; a district role: its own), a new indicator and filter each repetition",
    our_small_multiples))
register(Action(
    "compare_peers",
    "the comparison page's peer chart for one of the role's districts (its rates against its peers' median "
    "and best), a new indicator and filter each repetition",
    our_compare_peers))
register(Action(
    "outcome_map",
    "the map coloured by a reintegration score (four dimensions, or the share at the cut-off) for a survey "
    "round, nationally and in one of the role's districts in turn (a district role: its own), a new metric "
    "and round each repetition",
    our_outcome_map))
register(Action(
    "cohort_curves",
    "the outcome page's render: its map and table for a round and dimension, the cohort curves (mean score by "
    "quarter of return and months since return) and the dimensions side by side, nationally and in one of the "
    "role's districts in turn, a new dimension and round each repetition, English and Bangla in turn",
    our_cohort_curves))
register(Action(
    "dcc_tracker",
    "the DCC page of one of the role's districts: indicators, meeting rhythm and the timeline of meetings "
    "with attendance, decisions and action items, for a new period each repetition",
    our_dcc_tracker))
register(Action(
    "district_brief_pdf",
    "GET the A4 PDF brief of one of the role's districts (map, figures, narrative, gaps, actions, fairs), "
    "English and Bangla in turn, a new period each repetition",
    our_brief))
register(Action(
    "import_page",
    f"the import page (readers who may import): its history, the returnees template, and the upload and check "
    f"(dry run, polled to its report) of {IMPORT_ROWS} new returnees in one of the role's districts",
    our_import_page, applies=lambda c: "import" in c.grants))


# Checking the inputs against the dashboard's declarations ------------------------------------------


def validate_inputs(districts: Iterable[str] = ()) -> None:
    """Raise :class:`BenchmarkError` when an input the actions send is not one the dashboard
    declares (a service, indicator, layer, filter value, radius, period or district): the page
    would quietly show its default instead, and the benchmark would time the wrong view."""
    from datetime import date

    from dashboard.core.filters import BY_KEY
    from dashboard.core.indicators import INDICATOR_KEYS
    from dashboard.core.metrics import SPECS
    from dashboard.core.outcomes import round_months
    from dashboard.features.gaps.component import MAX_RADIUS, MIN_RADIUS
    from dashboard.models.vocabulary import Service
    from dashboard.queries.outcomes import DIMENSIONS
    from geodata import Level, admin_areas
    from layers import REGISTRY

    problems = []
    services = {s.value for s in Service}
    problems += [f"service {s!r} is not a declared service" for s in _GAP_SERVICES if s not in services]
    problems += [f"radius {r} is outside {MIN_RADIUS}..{MAX_RADIUS} km" for r in _GAP_RADII
                 if not MIN_RADIUS <= r <= MAX_RADIUS]
    problems += [f"indicator {i!r} is not declared" for i in _INDICATORS if i not in INDICATOR_KEYS]
    problems += [f"layer {layer!r} is not registered" for layer in ALL_LAYERS if layer not in REGISTRY]
    allowed_sex, allowed_age = set(BY_KEY["sex"].allowed or ()), set(BY_KEY["age_band"].allowed or ())
    problems += [f"sex {s!r} is not allowed" for group in _SEXES for s in group if s not in allowed_sex]
    problems += [f"age band {a!r} is not allowed" for a in _AGE_BANDS if a is not None and a not in allowed_age]
    for start, end in _PERIODS:
        try:
            if date.fromisoformat(start) > date.fromisoformat(end):
                problems.append(f"period {start}..{end} ends before it starts")
        except ValueError:
            problems.append(f"period {start}..{end} is not two ISO dates")
    areas = admin_areas()
    problems += [f"{d!r} is not a district" for d in (*TEN_DISTRICTS, *districts)
                 if d not in areas or areas[d].level != Level.DISTRICT]
    problems += [f"language {lang!r} is not offered" for lang in _LANGS if lang not in ("en", "bn")]
    problems += [f"metric {m!r} is not a score metric" for m in _SCORE_METRICS
                 if m not in {metric.value for metric, spec in SPECS.items() if spec.outcome}]
    problems += [f"round {r} is not a survey round" for r in (*_SCORE_ROUNDS, *_COHORT_ROUNDS)
                 if round_months(str(r)) != r]
    problems += [f"dimension {d!r} is not scored" for d in _COHORT_DIMENSIONS if d not in DIMENSIONS]
    if problems:
        raise BenchmarkError("the benchmark's inputs are not the dashboard's: " + "; ".join(problems))
