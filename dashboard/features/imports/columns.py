"""Matching a file's headers to a kind's columns, the way field tools write them.

KoboToolbox and ODK exports prefix questions with their group (``profile/sex``),
write select-multiple questions either as one space-separated column or as one
0/1 column per choice (``services_needed/legal_support``), split GPS questions
into ``_gps_latitude``/``_gps_longitude``, and add meta columns (``_id``,
``_uuid``, ``_submission_time``, ``start``, ``deviceid`` ...). Columns that look
like personal data (names, phone or ID numbers) are refused unless the user
explicitly drops them: returnee records keep none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KOBO_META = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "username", "audit",
             "instanceid", "instancename", "formhub_uuid", "__version__", "meta_instanceid"}
# Meta columns worth keeping for their meaning (an event's own id, when the form was sent).
PROVENANCE = {"_uuid": "uuid", "_id": "submission_id", "_submission_time": "submission_time"}
PII_WORDS = ("name", "phone", "mobile", "contact", "nid", "national_id", "passport", "birth_reg", "email",
             "address", "father", "mother", "husband", "spouse", "photo", "signature")
_SEPARATORS = re.compile(r"[\s\-.]+")


def normalise(header: str) -> str:
    """Lower case, underscores for spaces and dashes, BOM and quotes removed."""
    return _SEPARATORS.sub("_", header.replace("\ufeff", "").strip().strip('"').lower())


@dataclass
class Mapping:
    """Where each of a kind's columns comes from in the file."""

    columns: dict[str, str] = field(default_factory=dict)           # canonical -> header
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # multi column -> {code: header}
    gps_pairs: dict[str, tuple[str, str]] = field(default_factory=dict)  # gps column -> (lat header, lon header)
    provenance: dict[str, str] = field(default_factory=dict)         # uuid/submission_time -> header
    ignored: list[str] = field(default_factory=list)                 # meta and dropped columns
    unknown: list[str] = field(default_factory=list)                 # not recognised: reported, not used
    personal: list[str] = field(default_factory=list)                # look like personal data: refused


def _looks_personal(name: str) -> bool:
    return any(word in name.split("_") or name.startswith(word) or name.endswith(word) for word in PII_WORDS)


def map_headers(headers: list[str], canonical: dict[str, tuple[str, ...]], multi: set[str], gps: set[str],
                drop: set[str], personal_allowed: set[str]) -> Mapping:
    """Match ``headers`` to ``canonical`` columns (name -> accepted aliases); ``multi`` names the
    select-multiple columns, ``gps`` the location columns; ``drop`` headers the user chose to drop."""
    mapping = Mapping()
    lookup = {alias: name for name, aliases in canonical.items() for alias in (name, *aliases)}
    dropped = {normalise(d) for d in drop}
    for header in headers:
        full = normalise(header)
        last = full.rsplit("/", 1)[-1]
        parent = full.rsplit("/", 2)[-2] if full.count("/") >= 1 else ""
        if full in dropped or last in dropped:
            mapping.ignored.append(header)
        elif full in PROVENANCE or last in PROVENANCE:
            mapping.provenance[PROVENANCE.get(full, PROVENANCE.get(last, last))] = header
        elif parent in multi and parent in lookup.values():
            mapping.choices.setdefault(parent, {})[last] = header
        elif (gps_column := _gps_part(last, gps)) is not None:
            name, part = gps_column
            pair = mapping.gps_pairs.get(name, ("", ""))
            mapping.gps_pairs[name] = (header, pair[1]) if part == "lat" else (pair[0], header)
        elif last in lookup and lookup[last] not in mapping.columns:
            mapping.columns[lookup[last]] = header
        elif last in KOBO_META or full in KOBO_META or last.startswith("_"):
            mapping.ignored.append(header)
        elif _looks_personal(last) and last not in personal_allowed:
            mapping.personal.append(header)
        else:
            mapping.unknown.append(header)
    return mapping


def _gps_part(name: str, gps: set[str]) -> tuple[str, str] | None:
    """("gps", "lat") for "_gps_latitude", "gps_latitude", "latitude" or "lat"."""
    for column in gps:
        for suffix, part in (("latitude", "lat"), ("longitude", "lon"), ("lat", "lat"), ("lon", "lon"),
                             ("lng", "lon")):
            if name in (f"_{column}_{suffix}", f"{column}_{suffix}", suffix):
                return column, part
    return None
