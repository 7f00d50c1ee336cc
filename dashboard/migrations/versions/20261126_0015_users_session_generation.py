"""users session generation

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Each session remembers the generation it was signed in under; sign-out, a password
    change and deactivation raise it, which refuses every older session on the server."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    """Drop the column (every session then lives until its idle limit again)."""
    # In place (SQLite 3.35+): a batch copy would drop the users table, and its API tokens by cascade.
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('session_generation')
