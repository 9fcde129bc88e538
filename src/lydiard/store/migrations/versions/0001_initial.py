"""Initial schema.

Athletes and thresholds, activities with samples, laps and sessions, imported files,
wellness, lactate tests, plans and planned sessions, users and coach links.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("units", sa.String(length=8), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_athletes")),
        sa.UniqueConstraint("name", name=op.f("uq_athletes_name")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("utc_offset_s", sa.Double(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("sport", sa.String(length=32), nullable=False),
        sa.Column("sub_sport", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=True),
        sa.Column("file_hash", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("elapsed_s", sa.Double(), nullable=True),
        sa.Column("moving_s", sa.Double(), nullable=True),
        sa.Column("timer_s", sa.Double(), nullable=True),
        sa.Column("ascent_m", sa.Double(), nullable=True),
        sa.Column("descent_m", sa.Double(), nullable=True),
        sa.Column("avg_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("max_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("avg_speed_mps", sa.Double(), nullable=True),
        sa.Column("avg_power_w", sa.Double(), nullable=True),
        sa.Column("calories_kcal", sa.Double(), nullable=True),
        sa.Column("n_samples", sa.Integer(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("rpe", sa.Double(), nullable=True),
        sa.Column("trimp", sa.Double(), nullable=True),
        sa.Column("hr_load", sa.Double(), nullable=True),
        sa.Column("pace_load", sa.Double(), nullable=True),
        sa.Column("power_load", sa.Double(), nullable=True),
        sa.Column("load", sa.Double(), nullable=True),
        sa.Column("load_method", sa.String(length=32), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("issues", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_activities_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint(
            "athlete_id", "start_time", name=op.f("uq_activities_athlete_id_start_time")
        ),
    )
    op.create_index(
        "ix_activities_athlete_local_date", "activities", ["athlete_id", "local_date"], unique=False
    )
    op.create_index(op.f("ix_activities_file_hash"), "activities", ["file_hash"], unique=False)
    op.create_index(op.f("ix_activities_sport"), "activities", ["sport"], unique=False)
    op.create_table(
        "lactate_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sport", sa.String(length=32), nullable=False),
        sa.Column("intensity_kind", sa.String(length=16), nullable=False),
        sa.Column("protocol", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_lactate_tests_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lactate_tests")),
    )
    op.create_index(
        op.f("ix_lactate_tests_athlete_id"), "lactate_tests", ["athlete_id"], unique=False
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("race_date", sa.Date(), nullable=True),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_plans_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_athlete_id"), "plans", ["athlete_id"], unique=False)
    op.create_table(
        "thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_thresholds_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thresholds")),
        sa.UniqueConstraint(
            "athlete_id",
            "kind",
            "effective_from",
            name=op.f("uq_thresholds_athlete_id_kind_effective_from"),
        ),
    )
    op.create_index(op.f("ix_thresholds_athlete_id"), "thresholds", ["athlete_id"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_users_athlete_id_athletes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "wellness",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=48), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_wellness_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellness")),
        sa.UniqueConstraint(
            "athlete_id", "day", "metric", name=op.f("uq_wellness_athlete_id_day_metric")
        ),
    )
    op.create_table(
        "activity_samples",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("codec_version", sa.Integer(), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("raw_bytes", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("rr_data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_samples_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_activity_samples")),
    )
    op.create_table(
        "activity_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sport", sa.String(length=32), nullable=False),
        sa.Column("sub_sport", sa.String(length=64), nullable=True),
        sa.Column("start_s", sa.Double(), nullable=False),
        sa.Column("end_s", sa.Double(), nullable=False),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("timer_s", sa.Double(), nullable=True),
        sa.Column("ascent_m", sa.Double(), nullable=True),
        sa.Column("descent_m", sa.Double(), nullable=True),
        sa.Column("avg_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("max_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("calories_kcal", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_sessions_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_sessions")),
        sa.UniqueConstraint(
            "activity_id", "position", name=op.f("uq_activity_sessions_activity_id_position")
        ),
    )
    op.create_table(
        "coach_athletes",
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_coach_athletes_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["users.id"],
            name=op.f("fk_coach_athletes_coach_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coach_id", "athlete_id", name=op.f("pk_coach_athletes")),
    )
    op.create_table(
        "imported_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_imported_files_activity_id_activities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_imported_files_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_files")),
        sa.UniqueConstraint(
            "athlete_id", "sha256", name=op.f("uq_imported_files_athlete_id_sha256")
        ),
    )
    op.create_table(
        "lactate_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("intensity", sa.Double(), nullable=False),
        sa.Column("lactate_mmol_l", sa.Double(), nullable=False),
        sa.Column("heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("rpe", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["lactate_tests.id"],
            name=op.f("fk_lactate_steps_test_id_lactate_tests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lactate_steps")),
        sa.UniqueConstraint("test_id", "position", name=op.f("uq_lactate_steps_test_id_position")),
    )
    op.create_table(
        "laps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_s", sa.Double(), nullable=False),
        sa.Column("end_s", sa.Double(), nullable=False),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("timer_s", sa.Double(), nullable=True),
        sa.Column("trigger", sa.String(length=32), nullable=True),
        sa.Column("intensity", sa.String(length=32), nullable=True),
        sa.Column("sport", sa.String(length=32), nullable=True),
        sa.Column("avg_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("max_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("ascent_m", sa.Double(), nullable=True),
        sa.Column("descent_m", sa.Double(), nullable=True),
        sa.Column("avg_power_w", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_laps_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_laps")),
        sa.UniqueConstraint("activity_id", "position", name=op.f("uq_laps_activity_id_position")),
    )
    op.create_table(
        "planned_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sport", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("workout", sa.Text(), nullable=True),
        sa.Column("planned_distance_m", sa.Double(), nullable=True),
        sa.Column("planned_duration_s", sa.Double(), nullable=True),
        sa.Column("planned_ascent_m", sa.Double(), nullable=True),
        sa.Column("planned_load", sa.Double(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_planned_sessions_activity_id_activities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_planned_sessions_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_sessions")),
    )
    op.create_index(
        op.f("ix_planned_sessions_activity_id"), "planned_sessions", ["activity_id"], unique=False
    )
    op.create_index(
        "ix_planned_sessions_plan_day", "planned_sessions", ["plan_id", "day"], unique=False
    )


def downgrade() -> None:
    """Drop every table."""
    op.drop_index("ix_planned_sessions_plan_day", table_name="planned_sessions")
    op.drop_index(op.f("ix_planned_sessions_activity_id"), table_name="planned_sessions")
    op.drop_table("planned_sessions")
    op.drop_table("laps")
    op.drop_table("lactate_steps")
    op.drop_table("imported_files")
    op.drop_table("coach_athletes")
    op.drop_table("activity_sessions")
    op.drop_table("activity_samples")
    op.drop_table("wellness")
    op.drop_table("users")
    op.drop_index(op.f("ix_thresholds_athlete_id"), table_name="thresholds")
    op.drop_table("thresholds")
    op.drop_index(op.f("ix_plans_athlete_id"), table_name="plans")
    op.drop_table("plans")
    op.drop_index(op.f("ix_lactate_tests_athlete_id"), table_name="lactate_tests")
    op.drop_table("lactate_tests")
    op.drop_index(op.f("ix_activities_sport"), table_name="activities")
    op.drop_index(op.f("ix_activities_file_hash"), table_name="activities")
    op.drop_index("ix_activities_athlete_local_date", table_name="activities")
    op.drop_table("activities")
    op.drop_table("athletes")
