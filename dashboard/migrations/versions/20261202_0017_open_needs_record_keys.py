"""open needs carry their returnee's record key

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

PLACES = ['district_pcode', 'service', 'profiled_on', 'upazila_pcode', 'lat', 'lon']


def upgrade() -> None:
    """The gap page below headquarters counts open needs per place with their key sums; without
    the key in the summary each open need was joined back to its returnee. The places index
    carries the key so the count and its key sum are read from the index alone."""
    with op.batch_alter_table('summary_open_needs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE summary_open_needs SET record_key = "
               "(SELECT record_key FROM returnees WHERE returnees.id = summary_open_needs.returnee_id)")
    with op.batch_alter_table('summary_open_needs', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_open_needs_places')
        batch_op.create_index('ix_summary_open_needs_places', [*PLACES, 'record_key'], unique=False)


def downgrade() -> None:
    """Drop the key (keyed reads then join the returnees again)."""
    with op.batch_alter_table('summary_open_needs', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_open_needs_places')
        batch_op.create_index('ix_summary_open_needs_places', PLACES, unique=False)
    with op.batch_alter_table('summary_open_needs', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('record_key')
