"""targets per programme year; summary measures for headquarters' rates

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 23:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_constraint('indicator_area', type_='unique')
        batch_op.create_unique_constraint('indicator_area_due', ['indicator', 'area_pcode', 'due_on'])
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('needs_met', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('assisted_30d', sa.Integer(), server_default='0', nullable=False))
    # The new measures are filled by the next rebuild; init-db rebuilds when they are all zero.


def downgrade() -> None:
    with op.batch_alter_table('summary_returnees', schema=None) as batch_op:
        batch_op.drop_column('assisted_30d')
        batch_op.drop_column('needs_met')
        batch_op.drop_column('needs')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_constraint('indicator_area_due', type_='unique')
        batch_op.create_unique_constraint('indicator_area', ['indicator', 'area_pcode'])
