"""hotline calls as the programme records them: caller type, referred, upazila, record key

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 02:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# dashboard.core.disclosure.KEY_RANGE, frozen here as migrations freeze what they write.
KEY_RANGE = 2520


def upgrade() -> None:
    """Who called (returnee, family, aspirant migrant), whether they were referred, the caller's
    upazila where known (issue 32); and a record key, so that counts of calls below headquarters
    are published through the disclosure layer like counts of returnees."""
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upazila_pcode', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('caller_type', sa.Enum('returnee', 'family', 'aspirant_migrant',
                                                             name='hotlinecaller', native_enum=False,
                                                             create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('referred', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_hotline_calls_upazila_pcode'), ['upazila_pcode'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_hotline_calls_upazila_pcode_admin_areas'), 'admin_areas',
                                    ['upazila_pcode'], ['pcode'])
        batch_op.create_check_constraint(
            'caller_upazila_in_district', "upazila_pcode IS NULL OR substr(upazila_pcode, 1, 6) = district_pcode")
    # Calls stored before this migration draw their key now, one per row, in the database.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"UPDATE hotline_calls SET record_key = floor(random() * {KEY_RANGE})::int")
        op.execute(f"ALTER TABLE hotline_calls ALTER COLUMN record_key SET DEFAULT floor(random() * {KEY_RANGE})::int")
    else:
        op.execute(f"UPDATE hotline_calls SET record_key = abs(random()) % {KEY_RANGE}")


def downgrade() -> None:
    """Drop the new fields (calls are then counted exactly and per district only)."""
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_hotline_calls_caller_upazila_in_district'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hotline_calls_hotlinecaller'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_hotline_calls_upazila_pcode_admin_areas'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_hotline_calls_upazila_pcode'))
        batch_op.drop_column('record_key')
        batch_op.drop_column('referred')
        batch_op.drop_column('caller_type')
        batch_op.drop_column('upazila_pcode')
