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

KOBO_META = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "audit",
             "instanceid", "instancename", "formhub_uuid", "__version__", "meta_instanceid", "_index", "_notes",
             "_status", "_tags", "_validation_status", "_parent_index", "_parent_table_name"}
# Kobo's own columns (formpack's copy fields, as KPI exports them): at least two of them mark a Kobo file.
KOBO_OWN = {"_id", "_uuid", "_submission_time", "_validation_status", "_index", "_submitted_by", "_notes", "_status",
            "_tags", "__version__"}
# ODK Central's fixed columns (central-backend lib/data/briefcase.js), exactly as written: metadata about the
# submission, never returnee fields (Central's ``Status`` and ``ReviewState`` are the submission's).
CENTRAL_FIXED = {"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
                 "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"}
# Meta columns worth keeping for their meaning (an event's own id, when the form was sent).
PROVENANCE = {"_uuid": "uuid", "_id": "submission_id", "_submission_time": "submission_time"}
CENTRAL_PROVENANCE = {"SubmissionDate": "submission_time", "KEY": "uuid"}
# Who collected the data: staff, not returnees; never stored, dropped with a notice.
STAFF = {"SubmitterName", "SubmitterID", "_submitted_by", "username"}
PII_WORDS = ("name", "phone", "mobile", "contact", "nid", "national_id", "passport", "birth_reg", "email",
             "address", "father", "mother", "husband", "spouse", "photo", "signature")
_SEPARATORS = re.compile(r"[\s\-.]+")
# Group separators: Kobo's "/" (or "." when chosen at export), ODK Central's "-".
_GROUPS = re.compile(r"[/.\-]")
GEOPOINT_PARTS = ("latitude", "longitude", "altitude", "precision", "accuracy")
_KOBO_GEOPOINT = re.compile(r"^_(.+)_(latitude|longitude|altitude|precision)$")

KOBO_XML, KOBO_LABELS, ODK_CENTRAL, SPREADSHEET = "kobo_xml", "kobo_labels", "odk_central", "spreadsheet"
EXPORTERS = (KOBO_XML, KOBO_LABELS, ODK_CENTRAL, SPREADSHEET)


def normalise(header: str) -> str:
    """Lower case, underscores for spaces and dashes, BOM and quotes removed."""
    return _SEPARATORS.sub("_", _clean(header).lower())


def _clean(header: str) -> str:
    return header.replace("\ufeff", "").strip().strip('"').strip()


def segments(header: str) -> list[str]:
    """The header's group path, split at every group separator (``/``, ``.``, ``-``), each part normalised:
    ``location-gps-Latitude`` is ``["location", "gps", "latitude"]``."""
    return [normalise(part) for part in _GROUPS.split(_clean(header)) if part.strip()] or [normalise(header)]


def exporter(headers: list[str]) -> str:
    """Which tool wrote a file with these headers: ODK Central (its fixed columns), KoboToolbox with XML
    names or with labels (Kobo's own ``_uuid``, ``_submission_time``... columns; labels hold spaces or
    non-ASCII letters, which XML names cannot), or a plain spreadsheet."""
    raw = {_clean(h) for h in headers}
    if {"SubmissionDate", "KEY"} <= raw and len(raw & CENTRAL_FIXED) >= 4:
        return ODK_CENTRAL
    if len({normalise(h) for h in raw} & KOBO_OWN) >= 2:
        own = {h for h in raw if normalise(h) not in KOBO_OWN and normalise(h) not in KOBO_META}
        labelled = any(" " in h or not h.isascii() for h in own)
        return KOBO_LABELS if labelled else KOBO_XML
    return SPREADSHEET


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
    staff: list[str] = field(default_factory=list)                   # the enumerator: dropped with a notice
    exporter: str = SPREADSHEET                                      # which tool wrote the file (EXPORTERS)
    geopoint: str = ""                       # the geopoint used for the location, when not the kind's own
    geopoints: list[str] = field(default_factory=list)               # every geopoint found, in file order
    by_tag: dict[str, str] = field(default_factory=dict)             # header -> the HXL tag that placed it


def _looks_personal(name: str) -> bool:
    return any(word in name.split("_") or name.startswith(word) or name.endswith(word) for word in PII_WORDS)


def map_headers(headers: list[str], canonical: dict[str, tuple[str, ...]], multi: set[str], gps: set[str],
                drop: set[str], personal_allowed: set[str],
                choice_labels: dict[str, dict[str, str]] | None = None) -> Mapping:
    """Match ``headers`` to ``canonical`` columns (name -> accepted aliases, labels among them); ``multi``
    names the select-multiple columns, ``gps`` the location columns; ``drop`` headers the user chose to
    drop; ``choice_labels`` each select-multiple column's choice labels (normalised) -> code, for the 0/1
    columns of a labels export (``Services needed/Legal support``).

    A header is read as a whole first (``return-date`` is ``return_date``), then as a group path
    split at ``/``, ``.`` and ``-`` (``profile-sex`` is ``sex``)."""
    mapping = Mapping(exporter=exporter(headers))
    lookup = {alias: name for name, aliases in canonical.items() for alias in (name, *aliases)}
    choice_labels = choice_labels or {}
    dropped = {normalise(d) for d in drop}
    pairs: dict[str, list[str]] = {}  # geopoint name -> [lat header, lon header, other part headers...]
    for header in headers:
        whole = normalise(header).split("/")
        split = segments(header)
        if mapping.exporter == ODK_CENTRAL and _clean(header) in CENTRAL_FIXED:
            _central(mapping, header)
        elif any(p[-1] in dropped or "/".join(p) in dropped for p in (whole, split)):
            mapping.ignored.append(header)
        elif _clean(header) in STAFF or split[-1] in ("_submitted_by", "username"):
            mapping.staff.append(header)
        elif _labelled_choice(mapping, header, lookup, multi, choice_labels):
            continue
        elif not any(_match(mapping, header, parts, lookup, multi, gps, pairs) for parts in (whole, split)):
            last, full = whole[-1], "/".join(whole)
            if last in KOBO_META or full in KOBO_META or split[-1] in KOBO_META or last.startswith("_"):
                mapping.ignored.append(header)
            elif _looks_personal(last) and last not in personal_allowed:
                mapping.personal.append(header)
            else:
                mapping.unknown.append(header)
    _pick_geopoint(mapping, pairs, gps)
    return mapping


def _labelled_choice(mapping: Mapping, header: str, lookup: dict[str, str], multi: set[str],
                     choice_labels: dict[str, dict[str, str]]) -> bool:
    """Record a 0/1 choice column written as ``<question>/<choice>`` with labels for either part
    (``Services needed/Legal support``, ``প্রয়োজনীয় সেবা.আইনি সহায়তা``). Read whole, not split at
    separators: a label may hold one ("Female-headed household", "Police / Special Branch")."""
    name = normalise(header)
    for alias, column in lookup.items():
        if column not in multi or not name.startswith(alias) or name[len(alias):len(alias) + 1] not in ("/", "_"):
            continue
        code = choice_labels.get(column, {}).get(name[len(alias) + 1:])
        if code is not None:
            mapping.choices.setdefault(column, {})[code] = header
            return True
    return False


def _central(mapping: Mapping, header: str) -> None:
    name = _clean(header)
    if name in CENTRAL_PROVENANCE:
        mapping.provenance[CENTRAL_PROVENANCE[name]] = header
    elif name in STAFF:
        mapping.staff.append(header)
    else:
        mapping.ignored.append(header)


def _match(mapping: Mapping, header: str, parts: list[str], lookup: dict[str, str], multi: set[str], gps: set[str],
           pairs: dict[str, list[str]]) -> bool:
    """Record ``header`` if its path ``parts`` names a provenance column, a select-multiple choice,
    a location part or one of the kind's columns; False when it names none."""
    full, last = "/".join(parts), parts[-1]
    parent = parts[-2] if len(parts) > 1 else ""
    if full in PROVENANCE or last in PROVENANCE:
        mapping.provenance[PROVENANCE.get(full, PROVENANCE.get(last, last))] = header
    elif lookup.get(parent) in multi:
        mapping.choices.setdefault(lookup[parent], {})[last] = header
    elif (gps_column := _gps_part(parts, gps)) is not None:
        name, part = gps_column
        pair = mapping.gps_pairs.get(name, ("", ""))
        mapping.gps_pairs[name] = (header, pair[1]) if part == "lat" else (pair[0], header)
    elif (point := _geopoint_part(parts)) is not None:
        name, part = point
        found = pairs.setdefault(name, ["", ""])
        if part in ("latitude", "longitude"):
            found[0 if part == "latitude" else 1] = header
        else:
            found.append(header)
    elif last in lookup and lookup[last] not in mapping.columns:
        mapping.columns[lookup[last]] = header
    else:
        return False
    return True


def _geopoint_part(parts: list[str]) -> tuple[str, str] | None:
    """(geopoint, part) for Kobo's ``_home_location_latitude`` (any group before it) or Central's
    ``home_location-Latitude``; parts are latitude, longitude, altitude, precision/accuracy."""
    found = _KOBO_GEOPOINT.match(parts[-1])
    if found:
        return found.group(1), found.group(2)
    if len(parts) > 1 and parts[-1] in GEOPOINT_PARTS:
        return parts[-2], parts[-1]
    return None


def _pick_geopoint(mapping: Mapping, pairs: dict[str, list[str]], gps: set[str]) -> None:
    """Without a location column of the kind's own, the first complete geopoint in the file is used
    (``mapping.geopoint`` says which); the others' columns are ignored."""
    complete = [name for name, headers in pairs.items() if headers[0] and headers[1]]
    mapping.geopoints = complete
    column = next(iter(sorted(gps)), None)
    has_own = column is not None and (column in mapping.columns or column in mapping.gps_pairs)
    for name, headers in pairs.items():
        if column is not None and not has_own and complete and name == complete[0]:
            mapping.gps_pairs[column] = (headers[0], headers[1])
            mapping.geopoint = name
            mapping.ignored += headers[2:]
        else:
            mapping.ignored += [h for h in headers if h]
    # A geopoint's own "lat lon altitude accuracy" column, when the file has it, says what its parts say.
    same = [h for h in mapping.unknown if segments(h)[-1] in pairs]
    mapping.unknown = [h for h in mapping.unknown if h not in same]
    mapping.ignored += same


def _gps_part(parts: list[str], gps: set[str]) -> tuple[str, str] | None:
    """("gps", "lat") for "_gps_latitude", "gps_latitude", Central's "gps-Latitude", or a column
    "latitude" or "lat" on its own (not inside a group: that is another geopoint's)."""
    name, parent = parts[-1], parts[-2] if len(parts) > 1 else ""
    for column in gps:
        for suffix, part in (("latitude", "lat"), ("longitude", "lon"), ("lat", "lat"), ("lon", "lon"),
                             ("lng", "lon")):
            if name in (f"_{column}_{suffix}", f"{column}_{suffix}") or (name == suffix and parent in ("", column)):
                return column, part
    return None
