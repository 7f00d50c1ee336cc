"""action items found by the upazila they are about

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_upazila_pcode'), ['upazila_pcode'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_upazila_pcode'))
