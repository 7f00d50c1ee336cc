"""No colour means two things: every layer has its own colours (and its own form)."""

from __future__ import annotations

from datetime import date
from itertools import combinations

from dashboard.core.metrics import BREAKDOWNS
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.legend import legend_sections
from dashboard.models.vocabulary import AwarenessKind, ProviderType, Service
from dashboard.queries import DccActivity, FairPoint, FairsInDistrict, ProviderPoint
from dashboard.queries.awareness import AwarenessCell
from dashboard.queries.hotline import HotlineCell
from dashboard.queries.referrals import FlowCell, FlowProvider
from geodata import Level, areas_at
from layers import REGISTRY, LayerView
from layers.awareness import AwarenessLayerData
from layers.dcc_activity import DccLayerData
from layers.fairs import FairLayerData
from layers.hotline import HotlineLayerData
from layers.providers import ProviderLayerData
from layers.referral_flows import FlowLayerData
from layers.returnees import ReturneeLayerData, colour
from tests import factories as f


def _colours_and_forms(traces: list) -> tuple[set[str], set[str]]:  # type: ignore[type-arg]
    items = [item for trace in traces if isinstance(trace.meta, dict)
             for item in trace.meta.get("legend", [])]
    return {i["colour"].lower() for i in items}, {i["form"] for i in items}


def _every_category() -> dict[str, tuple[set[str], set[str]]]:
    from dashboard.core.filters import BY_KEY

    returnee_colours = {colour(b, c).lower() for b in BREAKDOWNS for c in BY_KEY[b].allowed or ()}
    providers = [ProviderPoint(i, "p", "o", kind.value, f.DUMURIA, 22.8, 89.4, None, ("legal_support",))
                 for i, kind in enumerate(ProviderType)]
    fairs = [FairPoint(i, date(2016 + i, 1, 1), f.DUMURIA, "v", 22.8, 89.4, 100, 1, 1) for i in range(5)]
    dccs = [DccActivity(f.KHULNA, 2, None, 1, 1), DccActivity(f.SYLHET, 1, None, 0, 0)]
    view = LayerView(district=f.KHULNA)
    found = {
        "providers": _colours_and_forms(REGISTRY["providers"].traces(ProviderLayerData(points=providers), view)
                                        + REGISTRY["providers"].traces(
                                            ProviderLayerData(counts=[(f.KHULNA, "ngo", 2)]), LayerView())),
        "fairs": _colours_and_forms(REGISTRY["fairs"].traces(FairLayerData(points=fairs), view)
                                    + REGISTRY["fairs"].traces(FairLayerData(districts=[FairsInDistrict(
                                        f.KHULNA, 2, 10, 1, date(2016, 1, 1), date(2017, 1, 1))]), LayerView())),
        "dcc_activity": _colours_and_forms(REGISTRY["dcc_activity"].traces(
            DccLayerData(dccs, [(f.DUMURIA, 2, 1), ("BD40470040", 1, 0)]), view)),
        "returnees": (returnee_colours, _colours_and_forms(REGISTRY["returnees"].traces(
            ReturneeLayerData([(f.DUMURIA, "eu", 1)]), view))[1]),
        # Every kind of activity and every service, so each of their colours is compared.
        "awareness": _colours_and_forms(REGISTRY["awareness"].traces(AwarenessLayerData(
            [AwarenessCell(f.DUMURIA, kind.value, 1, 10 + i) for i, kind in enumerate(AwarenessKind)], {}), view)),
        "referral_flows": _colours_and_forms(REGISTRY["referral_flows"].traces(FlowLayerData(
            [FlowCell(f.DUMURIA, 1, service.value, 5, 0, 5 + i, 0, 5, 0, 0, 0) for i, service in enumerate(Service)],
            {1: FlowProvider(1, "p", "o", f.DUMURIA, 22.8, 89.4)}, f.KHULNA), view)),
    }
    # Every share class, and a share hidden below headquarters (too few calls for one).
    found["hotline"] = _colours_and_forms(REGISTRY["hotline"].traces(HotlineLayerData(Level.UPAZILA, {
        f.DUMURIA: HotlineCell(10, 0, 1, 0), "BD40470040": HotlineCell(10, 0, 3, 0),
        f.GOLAPGANJ: HotlineCell(10, 0, 6, 0), "BD60910017": HotlineCell(10, 0, 9, 0),
        "BD60910020": HotlineCell(3, 0, 1, 0)}, {}, threshold=5), view))
    choropleth = area_choropleth({a.pcode: float(i) for i, a in enumerate(areas_at(Level.DISTRICT))}
                                 | {"BD2084": None}, "en")
    found["choropleth"] = ({i.colour.lower() for s in legend_sections(choropleth) for i in s.items}, {"area"})
    return found


def test_lc001_no_two_layers_share_a_colour_or_a_form() -> None:
    found = _every_category()
    assert set(found) - {"choropleth"} == set(REGISTRY)  # a new layer must be added here
    for (a, (colours_a, forms_a)), (b, (colours_b, forms_b)) in combinations(found.items(), 2):
        assert colours_a and colours_b
        assert colours_a.isdisjoint(colours_b), f"{a} and {b} share {colours_a & colours_b}"
        assert forms_a.isdisjoint(forms_b), f"{a} and {b} are drawn the same way"


def test_lc002_categories_within_a_layer_are_distinct() -> None:
    from dashboard.core.filters import BY_KEY

    for breakdown in BREAKDOWNS:
        values = BY_KEY[breakdown].allowed or ()
        assert len({colour(breakdown, v) for v in values}) == len(values)
