"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 13:47:13.527890
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_areas',
    sa.Column('pcode', sa.String(length=12), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('parent_pcode', sa.String(length=12), nullable=True),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('name_bn', sa.String(length=80), nullable=True),
    sa.Column('area_sqkm', sa.Double(), nullable=False),
    sa.Column('center_lat', sa.Double(), nullable=False),
    sa.Column('center_lon', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['parent_pcode'], ['admin_areas.pcode'], name=op.f('fk_admin_areas_parent_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('pcode', name=op.f('pk_admin_areas'))
    )
    with op.batch_alter_table('admin_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_areas_level'), ['level'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('area_pcode', sa.String(length=12), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('indicator', 'area_pcode', name='indicator_area')
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_area_pcode'), ['area_pcode'], unique=False)

    op.create_table('awareness_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ipt_show', 'video_show', 'school_quiz', 'umf_meeting', 'workshop', 'tea_stall_meeting', name='awarenesskind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('upazila_pcode', sa.String(length=12), nullable=False),
    sa.Column('people_reached', sa.Integer(), nullable=False),
    sa.CheckConstraint('people_reached >= 0', name=op.f('ck_awareness_activities_reach_not_negative')),
    sa.CheckConstraint('substr(upazila_pcode, 1, 6) = district_pcode', name=op.f('ck_awareness_activities_upazila_in_district')),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_awareness_activities_district_pcode_admin_areas')),
    sa.ForeignKeyConstraint(['upazila_pcode'], ['admin_areas.pcode'], name=op.f('fk_awareness_activities_upazila_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_awareness_activities'))
    )
    with op.batch_alter_table('awareness_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awareness_activities_district_pcode'), ['district_pcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_awareness_activities_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_awareness_activities_upazila_pcode'), ['upazila_pcode'], unique=False)
        batch_op.create_index('ix_awareness_kind_held', ['kind', 'held_on'], unique=False)

    op.create_table('dccs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('formed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_dccs_district_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dccs'))
    )
    with op.batch_alter_table('dccs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dccs_district_pcode'), ['district_pcode'], unique=True)

    op.create_table('hotline_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=True),
    sa.Column('topic', sa.Enum('safe_migration', 'reintegration', 'legal', 'referral', 'remigration', 'other', name='hotlinetopic', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_hotline_calls_district_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_calls'))
    )
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotline_calls_called_at'), ['called_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hotline_calls_district_pcode'), ['district_pcode'], unique=False)

    op.create_table('migration_fairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('upazila_pcode', sa.String(length=12), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    sa.Column('referrals_made', sa.Integer(), nullable=False),
    sa.CheckConstraint('substr(upazila_pcode, 1, 6) = district_pcode', name=op.f('ck_migration_fairs_upazila_in_district')),
    sa.CheckConstraint('visitors >= 0 AND referrals_made >= 0', name=op.f('ck_migration_fairs_counts_not_negative')),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_migration_fairs_district_pcode_admin_areas')),
    sa.ForeignKeyConstraint(['upazila_pcode'], ['admin_areas.pcode'], name=op.f('fk_migration_fairs_upazila_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_migration_fairs'))
    )
    with op.batch_alter_table('migration_fairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_migration_fairs_district_pcode'), ['district_pcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_migration_fairs_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_migration_fairs_upazila_pcode'), ['upazila_pcode'], unique=False)

    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('provider_type', sa.Enum('government', 'ngo', 'private', 'financial', 'training', name='providertype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('upazila_pcode', sa.String(length=12), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('capacity_per_month', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity_per_month IS NULL OR capacity_per_month >= 0', name=op.f('ck_providers_capacity_not_negative')),
    sa.CheckConstraint('substr(upazila_pcode, 1, 6) = district_pcode', name=op.f('ck_providers_upazila_in_district')),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_providers_district_pcode_admin_areas')),
    sa.ForeignKeyConstraint(['upazila_pcode'], ['admin_areas.pcode'], name=op.f('fk_providers_upazila_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers'))
    )
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_providers_district_pcode'), ['district_pcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_providers_upazila_pcode'), ['upazila_pcode'], unique=False)

    op.create_table('returnees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('sex', sa.Enum('male', 'female', 'other', name='sex', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('age_band', sa.Enum('under_18', '18_24', '25_34', '35_44', '45_54', '55_plus', name='ageband', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('return_date', sa.Date(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('return_group', sa.Enum('eu', 'transit', name='returngroup', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('district_pcode', sa.String(length=12), nullable=False),
    sa.Column('upazila_pcode', sa.String(length=12), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('profiled_on', sa.Date(), nullable=False),
    sa.Column('plan_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('profiled', 'plan_agreed', 'receiving_support', 'reintegrated', 'discontinued', name='returneestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.CheckConstraint('lat IS NULL OR (lat BETWEEN 20 AND 27)', name=op.f('ck_returnees_lat_in_bangladesh')),
    sa.CheckConstraint('lon IS NULL OR (lon BETWEEN 88 AND 93)', name=op.f('ck_returnees_lon_in_bangladesh')),
    sa.CheckConstraint('substr(upazila_pcode, 1, 6) = district_pcode', name=op.f('ck_returnees_upazila_in_district')),
    sa.ForeignKeyConstraint(['district_pcode'], ['admin_areas.pcode'], name=op.f('fk_returnees_district_pcode_admin_areas')),
    sa.ForeignKeyConstraint(['upazila_pcode'], ['admin_areas.pcode'], name=op.f('fk_returnees_upazila_pcode_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_returnees')),
    sa.UniqueConstraint('code', name=op.f('uq_returnees_code'))
    )
    with op.batch_alter_table('returnees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_returnees_district_pcode'), ['district_pcode'], unique=False)
        batch_op.create_index('ix_returnees_district_profiled', ['district_pcode', 'profiled_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_returnees_profiled_on'), ['profiled_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_returnees_upazila_pcode'), ['upazila_pcode'], unique=False)
        batch_op.create_index('ix_returnees_upazila_profiled', ['upazila_pcode', 'profiled_on'], unique=False)

    op.create_table('assistance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('returnee_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.Enum('immediate_assistance', 'psychosocial_counselling', 'medical_treatment', 'social_safety_net', 'legal_support', 'education', 'inkind_support', 'skills_training', 'job_placement', 'financial_services', 'entrepreneurship', 'financial_literacy', name='service', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('pending', 'received', 'declined', 'not_available', name='assistanceoutcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.CheckConstraint('completed_on IS NULL OR completed_on >= referred_on', name=op.f('ck_assistance_completed_after_referral')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_assistance_provider_id_providers')),
    sa.ForeignKeyConstraint(['returnee_id'], ['returnees.id'], name=op.f('fk_assistance_returnee_id_returnees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance'))
    )
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_returnee_id'), ['returnee_id'], unique=False)
        batch_op.create_index('ix_assistance_service_referred', ['service', 'referred_on'], unique=False)

    op.create_table('dcc_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dcc_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dcc_id'], ['dccs.id'], name=op.f('fk_dcc_meetings_dcc_id_dccs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dcc_meetings'))
    )
    with op.batch_alter_table('dcc_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dcc_meetings_dcc_id'), ['dcc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dcc_meetings_held_on'), ['held_on'], unique=False)

    op.create_table('fair_providers',
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['migration_fairs.id'], name=op.f('fk_fair_providers_fair_id_migration_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_fair_providers_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('fair_id', 'provider_id', name=op.f('pk_fair_providers'))
    )
    op.create_table('provider_services',
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.Enum('immediate_assistance', 'psychosocial_counselling', 'medical_treatment', 'social_safety_net', 'legal_support', 'education', 'inkind_support', 'skills_training', 'job_placement', 'financial_services', 'entrepreneurship', 'financial_literacy', name='service', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_provider_services_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('provider_id', 'service', name=op.f('pk_provider_services'))
    )
    with op.batch_alter_table('provider_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_services_service'), ['service'], unique=False)

    op.create_table('returnee_needs',
    sa.Column('returnee_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.Enum('immediate_assistance', 'psychosocial_counselling', 'medical_treatment', 'social_safety_net', 'legal_support', 'education', 'inkind_support', 'skills_training', 'job_placement', 'financial_services', 'entrepreneurship', 'financial_literacy', name='service', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['returnee_id'], ['returnees.id'], name=op.f('fk_returnee_needs_returnee_id_returnees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('returnee_id', 'service', name=op.f('pk_returnee_needs'))
    )
    with op.batch_alter_table('returnee_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_returnee_needs_service'), ['service'], unique=False)

    op.create_table('returnee_vulnerabilities',
    sa.Column('returnee_id', sa.Integer(), nullable=False),
    sa.Column('flag', sa.Enum('physical_illness', 'mental_distress', 'disability', 'heavy_debt', 'trafficking_survivor', 'female_headed_household', 'no_income', name='vulnerability', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['returnee_id'], ['returnees.id'], name=op.f('fk_returnee_vulnerabilities_returnee_id_returnees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('returnee_id', 'flag', name=op.f('pk_returnee_vulnerabilities'))
    )
    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'dropped', name='actionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['dcc_meetings.id'], name=op.f('fk_action_items_meeting_id_dcc_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=80), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['dcc_meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_dcc_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'department', name=op.f('pk_meeting_attendance'))
    )
    op.create_table('meeting_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['dcc_meetings.id'], name=op.f('fk_meeting_decisions_meeting_id_dcc_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decisions'))
    )
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_decisions_meeting_id'), ['meeting_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_decisions_meeting_id'))

    op.drop_table('meeting_decisions')
    op.drop_table('meeting_attendance')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_meeting_id'))

    op.drop_table('action_items')
    op.drop_table('returnee_vulnerabilities')
    with op.batch_alter_table('returnee_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_returnee_needs_service'))

    op.drop_table('returnee_needs')
    with op.batch_alter_table('provider_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_services_service'))

    op.drop_table('provider_services')
    op.drop_table('fair_providers')
    with op.batch_alter_table('dcc_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dcc_meetings_held_on'))
        batch_op.drop_index(batch_op.f('ix_dcc_meetings_dcc_id'))

    op.drop_table('dcc_meetings')
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.drop_index('ix_assistance_service_referred')
        batch_op.drop_index(batch_op.f('ix_assistance_returnee_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_provider_id'))

    op.drop_table('assistance')
    with op.batch_alter_table('returnees', schema=None) as batch_op:
        batch_op.drop_index('ix_returnees_upazila_profiled')
        batch_op.drop_index(batch_op.f('ix_returnees_upazila_pcode'))
        batch_op.drop_index(batch_op.f('ix_returnees_profiled_on'))
        batch_op.drop_index('ix_returnees_district_profiled')
        batch_op.drop_index(batch_op.f('ix_returnees_district_pcode'))

    op.drop_table('returnees')
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_providers_upazila_pcode'))
        batch_op.drop_index(batch_op.f('ix_providers_district_pcode'))

    op.drop_table('providers')
    with op.batch_alter_table('migration_fairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_migration_fairs_upazila_pcode'))
        batch_op.drop_index(batch_op.f('ix_migration_fairs_held_on'))
        batch_op.drop_index(batch_op.f('ix_migration_fairs_district_pcode'))

    op.drop_table('migration_fairs')
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hotline_calls_district_pcode'))
        batch_op.drop_index(batch_op.f('ix_hotline_calls_called_at'))

    op.drop_table('hotline_calls')
    with op.batch_alter_table('dccs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dccs_district_pcode'))

    op.drop_table('dccs')
    with op.batch_alter_table('awareness_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_awareness_kind_held')
        batch_op.drop_index(batch_op.f('ix_awareness_activities_upazila_pcode'))
        batch_op.drop_index(batch_op.f('ix_awareness_activities_held_on'))
        batch_op.drop_index(batch_op.f('ix_awareness_activities_district_pcode'))

    op.drop_table('awareness_activities')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_area_pcode'))

    op.drop_table('targets')
    with op.batch_alter_table('admin_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_areas_level'))

    op.drop_table('admin_areas')
