"""Providers layer."""

from __future__ import annotations

from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.models import Provider, ProviderService
from dashboard.models.vocabulary import ProviderType, Service
from dashboard.scope import Scope
from layers import REGISTRY, LayerView
from tests import factories as f

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
        points = LAYER.load(s, Scope.national(), LayerView())
        assert [p.name for p in points] == ["DEMO Khulna", "Legal Aid Sylhet"]
        assert points[0].services == ("job_placement", "skills_training")
        legal = LAYER.load(s, Scope.national(), LayerView(filters=Filters(need=("legal_support",))))
        assert [p.name for p in legal] == ["Legal Aid Sylhet"]
        either = LAYER.load(s, Scope.national(), LayerView(filters=Filters(need=("legal_support", "job_placement"))))
        assert len(either) == 2
        assert [p.name for p in LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA))] == ["DEMO Khulna"]
        assert LAYER.load(s, Scope.for_districts(f.KHULNA), LayerView(district=f.SYLHET)) == []


def test_lp002_one_trace_per_type_with_services_and_contact() -> None:
    from dashboard.queries import ProviderPoint

    points = [ProviderPoint(1, "DEMO", "DEMO office", "government", f.DUMURIA, 22.8, 89.4, "+880 1",
                            ("job_placement",)),
              ProviderPoint(2, "Bank", "PKB", "financial", f.DUMURIA, 22.8, 89.4, None, ("financial_services",))]
    financial, government = LAYER.traces(points, LayerView())
    assert financial.name == "Service providers: Financial institution"
    assert government.customdata[0] == ["DEMO", "DEMO office", "Job placement", "+880 1"]
    assert financial.customdata[0][3] == "–"
    assert financial.marker.color != government.marker.color


def test_lp003_rows_for_download() -> None:
    from dashboard.queries import ProviderPoint

    point = ProviderPoint(1, "DEMO", "DEMO office", "government", f.DUMURIA, 22.8, 89.4, None,
                          ("job_placement", "skills_training"))
    (row,) = LAYER.rows([point], LayerView()).to_dict("records")
    assert row["services"] == "job_placement;skills_training" and row["name"] == "DEMO"
    assert list(LAYER.rows([], LayerView()).columns)[:2] == ["id", "name"]
