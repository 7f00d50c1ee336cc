"""an upazila's figures by its district and itself

Since ``in_area`` asks for an upazila's rows with their district too (every upazila lies in
its district; tables without an upazila index then use their district's), PostgreSQL took the
district index for these two summaries as well, estimating the two conditions as independent,
and walked every month of the district (summary_returnees, 6-10 ms per query at scale 1000)
or joined both indexes' bitmaps (summary_assistance). Led by district and upazila, one index
answers both conditions.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('summary_assistance', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_assistance_upazila')
        batch_op.create_index('ix_summary_assistance_upazila', ['district_pcode', 'upazila_pcode', 'figure'],
                              unique=False)
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_returnees_upazila')
        batch_op.create_index('ix_summary_returnees_upazila', ['district_pcode', 'upazila_pcode', 'profiled_month'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_returnees_upazila')
        batch_op.create_index('ix_summary_returnees_upazila', ['upazila_pcode', 'profiled_month'], unique=False)
    with op.batch_alter_table('summary_assistance', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_assistance_upazila')
        batch_op.create_index('ix_summary_assistance_upazila', ['upazila_pcode', 'figure'], unique=False)
