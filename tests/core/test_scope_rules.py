"""Where a caller may look (``dashboard.core.scope``): the WHERE clause run against rows written
here, and the area check on district and upazila P-codes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, select

from dashboard.core.scope import Scope

SYLHET, KHULNA, DHAKA = "BD6091", "BD4047", "BD3026"
GOLAPGANJ = "BD60910038"  # an upazila of Sylhet


@pytest.fixture
def rows() -> Any:
    """An in-memory table of four rows: one per district and one without a district."""
    metadata = MetaData()
    table = Table("t", metadata, Column("id", String, primary_key=True), Column("district", String))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [{"id": "s", "district": SYLHET}, {"id": "k", "district": KHULNA},
                                           {"id": "d", "district": DHAKA}, {"id": "n", "district": None}])

    def kept(scope: Scope) -> set[str]:
        with engine.connect() as connection:
            return set(connection.scalars(select(table.c.id).where(scope.allows(table.c.district))))

    yield kept
    engine.dispose()


def test_sc001_a_scope_keeps_only_the_rows_of_its_districts(rows: Any) -> None:
    assert rows(Scope.national()) == {"s", "k", "d", "n"}
    assert rows(Scope.for_districts(SYLHET)) == {"s"}
    assert rows(Scope.for_districts(SYLHET, KHULNA)) == {"s", "k"}
    assert rows(Scope(frozenset())) == set()  # no district: nothing at all


def test_sc002_national_is_the_whole_country_and_only_that() -> None:
    assert Scope.national().districts is None and Scope.national().is_national
    assert Scope().is_national
    assert Scope.for_districts(SYLHET, KHULNA).districts == frozenset({SYLHET, KHULNA})
    assert not Scope.for_districts(SYLHET).is_national
    assert not Scope(frozenset()).is_national


def test_sc003_an_area_is_permitted_when_its_district_is_in_scope() -> None:
    sylhet = Scope.for_districts(SYLHET)
    assert sylhet.permits(SYLHET) and sylhet.permits(GOLAPGANJ)
    assert not sylhet.permits(KHULNA) and not sylhet.permits("BD40470030")
    assert not sylhet.permits("BD609")  # not a whole district code
    assert not Scope(frozenset()).permits(SYLHET)
    assert Scope.national().permits(KHULNA) and Scope.national().permits(GOLAPGANJ)
