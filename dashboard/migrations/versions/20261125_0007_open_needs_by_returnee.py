"""index the open-needs summary by returnee, so an import refreshes only its people's rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 05:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_summary_open_needs_returnee_id', 'summary_open_needs', ['returnee_id'])


def downgrade() -> None:
    op.drop_index('ix_summary_open_needs_returnee_id', table_name='summary_open_needs')
