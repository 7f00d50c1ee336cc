"""DCC activity layer."""

from __future__ import annotations

from datetime import date

from dashboard.commands import summaries
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.figures.style import DCC_OVERDUE
from dashboard.models import ActionItem
from dashboard.models.vocabulary import ActionStatus
from dashboard.queries import DccActivity
from geodata import district_seat
from layers import REGISTRY, LayerView
from layers.dcc_activity import DccLayerData
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["dcc_activity"]


def test_ld001_meetings_last_meeting_open_and_overdue(empty_db: Database) -> None:
    with empty_db.session() as s:
        committee = f.dcc(s, district=f.KHULNA, meetings=(date(2018, 1, 10), date(2019, 6, 1)))
        first = committee.meetings[0]
        s.add_all([
            ActionItem(meeting_id=first.id, description="a", owner="DEMO", due_on=date(2018, 2, 1),
                       status=ActionStatus.OPEN),
            ActionItem(meeting_id=first.id, description="b", owner="DEMO", due_on=date(2018, 2, 1),
                       status=ActionStatus.DONE, completed_on=date(2018, 1, 30)),
            ActionItem(meeting_id=committee.meetings[1].id, description="c", owner="BMET",
                       due_on=date(2019, 7, 1), status=ActionStatus.OPEN),
        ])
        f.dcc(s, district=f.SYLHET)
        s.flush()
        summaries.refresh(s)  # as every write in the app does
        rows = LAYER.load(s, Scope.national(), LayerView(filters=Filters(end=date(2019, 6, 15)))).activity
        assert rows == [DccActivity(f.KHULNA, 2, date(2019, 6, 1), 2, 1), DccActivity(f.SYLHET, 0, None, 0, 0)]
        assert LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView()).activity == [
            DccActivity(f.SYLHET, 0, None, 0, 0)]


def test_ld002_overdue_districts_get_their_own_legend_entry_and_a_ring() -> None:
    rows = [DccActivity(f.KHULNA, 4, date(2019, 6, 1), 2, 1), DccActivity(f.SYLHET, 2, date(2019, 5, 1), 0, 0)]
    traces = LAYER.traces(DccLayerData(rows, []), LayerView())
    on_track, overdue = listed(traces)
    assert on_track.name == "DCC activity: no overdue actions" and overdue.name == "DCC activity: actions overdue"
    assert overdue.customdata[0][0] == "Khulna" and overdue.customdata[0][2] == "1 June 2019"
    ring = traces[traces.index(overdue) - 1]  # the coloured circle under the white centre
    assert ring.marker.color == DCC_OVERDUE and overdue.marker.color == "#ffffff"
    assert ring.marker.size[0] > overdue.marker.size[0]
    assert overdue.lat[0] > district_seat(f.KHULNA).center_lat  # beside the seat, not under its circle
    assert len(listed(LAYER.traces(DccLayerData(rows[1:], []), LayerView()))) == 1


def test_ld003_rows_for_download() -> None:
    (row,) = LAYER.rows(DccLayerData([DccActivity(f.KHULNA, 4, date(2019, 6, 1), 2, 1)], []),
                        LayerView()).to_dict("records")
    assert (row["district"], row["meetings"], row["overdue_actions"]) == ("Khulna", 4, 1)


def test_ld004_items_about_an_upazila_show_there_at_district_zoom(empty_db: Database) -> None:
    with empty_db.session() as s:
        committee = f.dcc(s, district=f.SYLHET, meetings=(date(2019, 5, 1),))
        s.add_all([ActionItem(meeting_id=committee.meetings[0].id, description=d, owner="demo", due_on=due,
                              status=ActionStatus.OPEN, upazila_pcode=f.GOLAPGANJ)
                   for d, due in (("late", date(2019, 5, 20)), ("in time", date(2019, 7, 1)))])
        s.flush()
        summaries.refresh(s)  # as every write in the app does
        view = LayerView(district=f.SYLHET, filters=Filters(end=date(2019, 6, 15)))
        data = LAYER.load(s, Scope.national(), view)
        assert data.linked == [(f.GOLAPGANJ, 2, 1)]
        assert LAYER.load(s, Scope.national(), LayerView(filters=view.filters)).linked == []  # national: seats only
        assert LAYER.load(s, Scope.for_districts(f.KHULNA), view).linked == []
    traces = LAYER.traces(data, view)
    (ring,) = [tr for tr in traces if tr.customdata and list(tr.customdata[0][:1]) == ["Golapganj"]]
    assert list(ring.customdata[0]) == ["Golapganj", "2", "1"]
    assert traces[traces.index(ring) - 1].marker.color == DCC_OVERDUE  # the red circle under the white centre
