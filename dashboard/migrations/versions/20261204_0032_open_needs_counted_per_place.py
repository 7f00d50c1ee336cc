"""open needs counted per district, service and place over the whole time

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-04 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('summary_open_need_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('service', sa.Enum('immediate_assistance', 'psychosocial_counselling', 'medical_treatment', 'social_safety_net', 'legal_support', 'education', 'inkind_support', 'skills_training', 'job_placement', 'financial_services', 'entrepreneurship', 'financial_literacy', name='service', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('upazila_pcode', sa.String(length=12), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('key_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_open_need_places'))
    )
    with op.batch_alter_table('summary_open_need_places', schema=None) as batch_op:
        batch_op.create_index('ix_summary_open_need_places_district', ['district_pcode', 'service'], unique=False)

    # An existing database's open needs are current: count them once (later writes keep the
    # counts in step through dashboard.commands.summaries, whose query this is).
    op.execute("""
        INSERT INTO summary_open_need_places (district_pcode, service, upazila_pcode, lat, lon, people, key_sum)
        SELECT district_pcode, service, upazila_pcode, lat, lon, COUNT(*), SUM(record_key)
        FROM summary_open_needs
        WHERE profiled_on IS NOT NULL
        GROUP BY district_pcode, service, upazila_pcode, lat, lon
        ORDER BY district_pcode, service""")
    # Statistics for the planner (SQLite never gathers them by itself).
    op.execute("ANALYZE summary_open_need_places")


def downgrade() -> None:
    with op.batch_alter_table('summary_open_need_places', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_open_need_places_district')

    op.drop_table('summary_open_need_places')
