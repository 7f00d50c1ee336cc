"""The map page: district and upazila maps with their layers, KPI cards, detail panel and
downloads; and the programme figures the API and brief read (``data``)."""
