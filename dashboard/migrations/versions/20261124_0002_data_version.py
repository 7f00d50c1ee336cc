"""data version counter, for cache keys that survive several workers and CLI imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 20:40:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0, 'changed_at': datetime(2026, 11, 24)}])


def downgrade() -> None:
    op.drop_table('data_version')
