"""Providers layer."""

from __future__ import annotations

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import Provider, ProviderService
from dashboard.models.vocabulary import ProviderType, Service
from layers import REGISTRY, LayerView
from layers.providers import ProviderLayerData
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["providers"]


def _provider(session, name: str, upazila: str, kind: ProviderType, *services: Service) -> None:  # type: ignore[no-untyped-def]
    session.add(Provider(name=name, organisation="Org", provider_type=kind, district_pcode=upazila[:6],
                         upazila_pcode=upazila, lat=22.8, lon=89.4, contact_phone="+880 9999 000001",
                         capacity_per_month=10, services=[ProviderService(service=s) for s in services]))
    session.flush()


def test_lp001_providers_by_area_and_service(empty_db: Database) -> None:
    with empty_db.session() as s:
        _provider(s, "DEMO Khulna", f.DUMURIA, ProviderType.GOVERNMENT, Service.SKILLS_TRAINING, Service.JOB_PLACEMENT)
        _provider(s, "Legal Aid Sylhet", f.GOLAPGANJ, ProviderType.GOVERNMENT, Service.LEGAL_SUPPORT)
        _provider(s, "NGO Dumuria", f.DUMURIA, ProviderType.NGO, Service.LEGAL_SUPPORT)
        national = LAYER.load(s, Scope.national(), LayerView())
        assert national.points is None  # nationally: counts per district, not hundreds of dots
        assert national.counts == [(f.KHULNA, "government", 1), (f.KHULNA, "ngo", 1), (f.SYLHET, "government", 1)]
        legal = LAYER.load(s, Scope.national(), LayerView(filters=Filters(need=("legal_support",))))
        assert legal.counts == [(f.KHULNA, "ngo", 1), (f.SYLHET, "government", 1)]
        khulna = LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA)).points
        assert [p.name for p in khulna] == ["DEMO Khulna", "NGO Dumuria"]
        assert khulna[0].services == ("job_placement", "skills_training")
        jobs = LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA, filters=Filters(need=("job_placement",))))
        assert [p.name for p in jobs.points] == ["DEMO Khulna"]
        assert LAYER.load(s, Scope.for_districts(f.KHULNA), LayerView(district=f.SYLHET)).points == []
        assert LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView()).counts == [(f.SYLHET, "government", 1)]


def test_lp002_one_trace_per_type_with_services_and_contact() -> None:
    from dashboard.queries import ProviderPoint

    points = [ProviderPoint(1, "DEMO", "DEMO office", "government", f.DUMURIA, 22.8, 89.4, "+880 1",
                            ("job_placement",)),
              ProviderPoint(2, "Bank", "PKB", "financial", f.DUMURIA, 22.8, 89.4, None, ("financial_services",))]
    government, financial = listed(LAYER.traces(ProviderLayerData(points=points), LayerView(district=f.KHULNA)))
    assert financial.name == "Service providers: Financial institution"
    assert government.customdata[0] == ["DEMO", "DEMO office", "Government", "Job placement", "+880 1"]
    assert financial.customdata[0][4] == "–"
    assert financial.marker.color != government.marker.color


def test_lp004_national_summary_circle_per_district_with_types_in_hover() -> None:
    counts = [(f.KHULNA, "government", 2), (f.KHULNA, "ngo", 3), (f.SYLHET, "ngo", 1)]
    (summary,) = listed(LAYER.traces(ProviderLayerData(counts=counts), LayerView()))
    assert summary.customdata[0][:2] == ["Khulna", "5"] and "NGO: 3" in summary.customdata[0][2]
    assert summary.marker.size[0] > summary.marker.size[1]


def test_lp003_rows_for_download() -> None:
    from dashboard.queries import ProviderPoint

    point = ProviderPoint(1, "DEMO", "DEMO office", "government", f.DUMURIA, 22.8, 89.4, None,
                          ("job_placement", "skills_training"))
    (row,) = LAYER.rows(ProviderLayerData(points=[point]), LayerView()).to_dict("records")
    assert row["services"] == "Job placement; Skills training" and row["provider_type"] == "Government"
    assert list(LAYER.rows(ProviderLayerData(points=[]), LayerView()).columns)[:2] == ["id", "name"]
    (summary,) = LAYER.rows(ProviderLayerData(counts=[(f.KHULNA, "ngo", 3)]), LayerView(lang="bn")).to_dict("records")
    assert summary["district_bn"] == "খুলনা" and summary["providers"] == 3 and summary["provider_type"] == "এনজিও"


def _luminance(colour: str) -> float:
    from plotly.colors import hex_to_rgb, unlabel_rgb

    rgb = hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _outlined(traces: list) -> list[tuple[object, list[str]]]:  # type: ignore[type-arg]
    """Each listed dot with the colours of the silent circles drawn under it (its ring, its halo)."""
    out, under = [], []
    for trace in traces:
        if isinstance(trace.meta, dict) and "legend" in trace.meta:
            out.append((trace, under))
            under = []
        else:
            under.append(trace.marker.color)
    return out


def test_lp005_every_provider_dot_stands_apart_from_every_class_of_the_map() -> None:
    """A dark-blue Government dot with a dark ring vanished on the darkest classes (issue 27): some
    outline of every dot must contrast 3:1 (WCAG's bar for graphics) with every class colour."""
    from dashboard.figures.choropleth import area_choropleth
    from dashboard.figures.legend import legend_sections
    from dashboard.figures.style import HIDDEN, NO_DATA
    from dashboard.queries import ProviderPoint
    from geodata import Level, areas_at

    many_classes = area_choropleth({a.pcode: float(i) for i, a in enumerate(areas_at(Level.DISTRICT))}, "en")
    fills = [item.colour for section in legend_sections(many_classes) for item in section.items] + [HIDDEN, NO_DATA]
    assert len(fills) >= 7
    points = [ProviderPoint(i, "p", "o", kind.value, f.DUMURIA, 22.8, 89.4, None, ("legal_support",))
              for i, kind in enumerate(ProviderType)]
    dots = _outlined(LAYER.traces(ProviderLayerData(points=points), LayerView(district=f.KHULNA)))
    dots += _outlined(LAYER.traces(ProviderLayerData(counts=[(f.KHULNA, "ngo", 2)]), LayerView()))
    assert len(dots) == len(ProviderType) + 1
    for dot, outlines in dots:
        for fill in fills:
            assert max(_contrast(outline, fill) for outline in outlines) >= 3, (dot.name, fill, outlines)
