"""follow-up surveys of returnees and their reintegration scores

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One row per returnee and survey round (months after return): the coded answers, and the
    dimension and composite scores computed from them (issue 29)."""
    op.create_table(
        'followups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('returnee_id', sa.Integer(), nullable=False),
        sa.Column('round_months', sa.Integer(), nullable=False),
        sa.Column('surveyed_on', sa.Date(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('economic', sa.Float(), nullable=True),
        sa.Column('social', sa.Float(), nullable=True),
        sa.Column('psychosocial', sa.Float(), nullable=True),
        sa.Column('composite', sa.Float(), nullable=True),
        sa.Column('scored_with', sa.String(length=16), nullable=False),
        sa.CheckConstraint('round_months BETWEEN 0 AND 120', name=op.f('ck_followups_round_in_range')),
        *(sa.CheckConstraint(f'{d} IS NULL OR ({d} BETWEEN 0 AND 1)', name=op.f(f'ck_followups_{d}_0_to_1'))
          for d in ('economic', 'social', 'psychosocial', 'composite')),
        sa.ForeignKeyConstraint(['returnee_id'], ['returnees.id'], name=op.f('fk_followups_returnee_id_returnees'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_followups')),
        sa.UniqueConstraint('returnee_id', 'round_months', name='uq_followups_returnee_round'),
    )
    op.create_index('ix_followups_round_returnee', 'followups', ['round_months', 'returnee_id'], unique=False)


def downgrade() -> None:
    """Drop the follow-up surveys."""
    op.drop_index('ix_followups_round_returnee', table_name='followups')
    op.drop_table('followups')
