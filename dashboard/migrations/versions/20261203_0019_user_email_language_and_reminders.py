"""users' e-mail and language, and the weekly reminders sent

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A user may have an e-mail address and a language for the weekly digest of action
    items; ``reminders_sent`` remembers each user's week so a second run sends nothing."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default='en'))
    op.create_table(
        'reminders_sent',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('items', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminders_sent_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'week_of', name=op.f('pk_reminders_sent')),
    )


def downgrade() -> None:
    """Drop the reminders sent and the two columns."""
    op.drop_table('reminders_sent')
    # In place (SQLite 3.35+): a batch copy would drop the users table, and its API tokens by cascade.
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('email')
