"""action items counted by district, meeting day, status and due date

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('summary_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'dropped', name='actionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('open_due', sa.Date(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_action_items'))
    )
    with op.batch_alter_table('summary_action_items', schema=None) as batch_op:
        batch_op.create_index('ix_summary_action_items_district', ['district_pcode', 'held_on'], unique=False)

    # An existing database's items: count them once (later writes keep the counts in step
    # through dashboard.commands.summaries, with the same rules as below).
    op.execute("""
        INSERT INTO summary_action_items (district_pcode, held_on, status, open_due, on_time, items)
        SELECT dccs.district_pcode, dcc_meetings.held_on, action_items.status,
               CASE WHEN action_items.status = 'open' THEN action_items.due_on END,
               CASE WHEN action_items.status = 'done' AND action_items.completed_on <= action_items.due_on
                    THEN TRUE ELSE FALSE END,
               COUNT(*)
        FROM action_items
        JOIN dcc_meetings ON dcc_meetings.id = action_items.meeting_id
        JOIN dccs ON dccs.id = dcc_meetings.dcc_id
        GROUP BY 1, 2, 3, 4, 5""")
    # Statistics for the planner (SQLite never gathers them by itself).
    op.execute("ANALYZE summary_action_items")


def downgrade() -> None:
    with op.batch_alter_table('summary_action_items', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_action_items_district')

    op.drop_table('summary_action_items')
