"""audit events: UTC times set by the database, and the request's address

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """``at`` becomes a time with its zone, defaulting to the database's clock (UTC), so no
    worker's local clock or zone decides when something happened; ``address`` is where the
    request came from (none for the command line). Rows written before keep the naive local
    time they had, read as UTC: they cannot be told apart after the fact."""
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=45), nullable=True))
        batch_op.alter_column('at', existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True),
                              server_default=sa.func.now(), existing_nullable=False,
                              postgresql_using="at AT TIME ZONE 'UTC'")


def downgrade() -> None:
    """Back to a naive time written by the app, without the address."""
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('at', existing_type=sa.DateTime(timezone=True), type_=sa.DateTime(),
                              server_default=None, existing_nullable=False)
        batch_op.drop_column('address')
