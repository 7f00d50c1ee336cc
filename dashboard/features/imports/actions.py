"""What the import page asks for, on behalf of the signed-in actor: check an upload, apply it,
list batches, undo one. Permissions are checked here, on the server, for every call."""

from __future__ import annotations

from flask import current_app

from dashboard.core.access import Action, current_actor
from dashboard.core.audit import record
from dashboard.core.guard import NotPermitted, require
from dashboard.features.imports import ImportReport, Limits, Who, run_import
from dashboard.features.imports.jobs import Job, JobRegistry, Progress
from dashboard.features.imports.queries import BatchSummary, import_batches
from dashboard.features.imports.undo import rollback
from dashboard.features.imports.uploads import discard, uploaded
from dashboard.runtime import runtime


def _who() -> Who:
    """The signed-in actor as an importer: its role and districts decide what it may write
    (``Who.reach``, ``commands.import_reach.in_reach``)."""
    actor = require(Action.IMPORT)
    return Who(actor.name, actor.role.value, None if actor.scope.is_national else frozenset(actor.districts))


def check(upload_id: str, kind: str, mode: str, drop: set[str]) -> tuple[str, ImportReport]:
    """(file name, dry-run report) for an upload."""
    who = _who()
    found = uploaded(upload_id)
    if found is None:
        raise NotPermitted("upload")
    name, data = found
    return name, run_import(runtime().database, data, name, kind, who, mode, dry_run=True, drop=drop,
                            limits=Limits.from_settings(runtime().settings))


def _jobs() -> JobRegistry:
    """This app's registry of background checks (one per app and process), sharing job state
    through the app's cache so that any worker process can answer a poll."""
    registry = current_app.extensions.get("import-jobs")
    if registry is None:
        registry = current_app.extensions.setdefault("import-jobs", JobRegistry(runtime().cache))
    return registry


def start_check(upload_id: str, kind: str, mode: str, drop: set[str]) -> str:
    """Start the dry-run check of an upload in a background thread; returns the job's id at once.

    Permission and the upload's owner are checked here, on the request thread; the thread gets
    only what it needs (the file, the importer, the database), never the request."""
    who = _who()
    found = uploaded(upload_id)
    if found is None:
        raise NotPermitted("upload")
    name, data = found
    database, limits = runtime().database, Limits.from_settings(runtime().settings)

    def work(progress: Progress) -> tuple[str, ImportReport]:
        return name, run_import(database, data, name, kind, who, mode, dry_run=True, drop=drop, limits=limits,
                                progress=progress)

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _jobs().start(who.name, work, context=app.app_context)


def check_status(job_id: str | None) -> Job | None:
    """The actor's check job (state, progress, and the (file name, report) when done), or None
    when there is none by that id for this actor (unknown, expired, someone else's, or held by
    another process without a shared cache)."""
    actor = require(Action.IMPORT)
    return _jobs().get(job_id, actor.name)


def apply(upload_id: str, kind: str, mode: str, drop: set[str]) -> ImportReport:
    """Import an upload for real; the upload is removed once applied."""
    who = _who()
    found = uploaded(upload_id)
    if found is None:
        raise NotPermitted("upload")
    name, data = found
    report = run_import(runtime().database, data, name, kind, who, mode, drop=drop,
                        limits=Limits.from_settings(runtime().settings))
    if report.batch_id is not None:
        discard(upload_id)
    return report


def history() -> list[BatchSummary]:
    """Every batch for headquarters; one's own batches below it."""
    actor = require(Action.IMPORT)
    with runtime().database.session() as session:
        # Those who may undo any batch see every batch; others their own.
        return import_batches(session, actor.scope, None if actor.may(Action.UNDO_IMPORT) else actor.name)


def undo(batch_id: int) -> int:
    """Undo a batch (headquarters administrators only); returns rows restored."""
    actor = require(Action.UNDO_IMPORT)
    with runtime().database.session() as session:
        restored = rollback(session, batch_id, actor.name)
        record(session, actor, "undo_import", f"batch {batch_id}", {"restored": restored})
    return restored


def require_undo() -> None:
    """Refuse (``NotPermitted``) an actor who may not undo batches."""
    require(Action.UNDO_IMPORT)


def may_undo() -> bool:
    """Whether the actor may undo batches (to show the buttons; the server checks again)."""
    return current_actor().may(Action.UNDO_IMPORT)
