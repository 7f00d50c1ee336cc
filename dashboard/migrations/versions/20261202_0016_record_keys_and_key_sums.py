"""record keys and key sums (the cell key method)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# dashboard.core.disclosure.KEY_RANGE, frozen here as migrations freeze what they write.
KEY_RANGE = 2520
SUMMED = ('summary_returnees', 'summary_returnees_district', 'summary_returnees_upazila', 'summary_assistance',
          'summary_assistance_district', 'summary_referral_places')


def upgrade() -> None:
    """Every returnee gets a random record key; every summary of people carries the sum of its
    people's keys (0 until init-db rebuilds the summaries, which it does when it finds them so)."""
    with op.batch_alter_table('returnees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=False, server_default='0'))
    # Rows stored before this migration draw their key now, one per row, in the database.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"UPDATE returnees SET record_key = floor(random() * {KEY_RANGE})::int")
        # A bulk load that names no key (COPY) still gets a random one.
        op.execute(f"ALTER TABLE returnees ALTER COLUMN record_key SET DEFAULT floor(random() * {KEY_RANGE})::int")
    else:
        op.execute(f"UPDATE returnees SET record_key = abs(random()) % {KEY_RANGE}")
    for table in SUMMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('key_sum', sa.BigInteger(), nullable=False, server_default='0'))
    # The district map's covering index carries the key sums too, or every perturbed count
    # would leave the index for the table.
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_returnees_district_map')
        batch_op.create_index('ix_summary_returnees_district_map', ['district_pcode', 'profiled_month', 'upazila_pcode',
                                                                    'plan_month', 'unmet_need', 'returnees', 'key_sum'],
                              unique=False)


def downgrade() -> None:
    """Drop the keys and key sums (every count is then exact again)."""
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_returnees_district_map')
        batch_op.create_index('ix_summary_returnees_district_map', ['district_pcode', 'profiled_month', 'upazila_pcode',
                                                                    'plan_month', 'unmet_need', 'returnees'],
                              unique=False)
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+): a batch copy of returnees would drop
    # the old table, and with foreign keys on that deletes every need and assistance row by cascade.
    for table in SUMMED:
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.drop_column('key_sum')
    with op.batch_alter_table('returnees', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('record_key')
