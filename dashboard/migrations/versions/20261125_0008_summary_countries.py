"""index the returnee summary by country, for the country filter's options

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 05:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_summary_returnees_country', 'summary_returnees', ['country_code', 'district_pcode'])


def downgrade() -> None:
    op.drop_index('ix_summary_returnees_country', table_name='summary_returnees')
