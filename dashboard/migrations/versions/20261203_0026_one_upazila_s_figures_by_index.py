"""one upazila's figures found by index

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 16:45:00
"""

from __future__ import annotations

from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('summary_assistance', schema=None) as batch_op:
        batch_op.create_index('ix_summary_assistance_upazila', ['upazila_pcode', 'figure'], unique=False)
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.create_index('ix_summary_returnees_upazila', ['upazila_pcode', 'profiled_month'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_returnees_upazila')
    with op.batch_alter_table('summary_assistance', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_assistance_upazila')
