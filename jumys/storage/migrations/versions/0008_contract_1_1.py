"""data contract 1.1: labour disputes, training, compatriots, and the occupation a job seeker seeks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("job_seekers", sa.Column("nkz", sa.String(length=4), nullable=True))
    op.create_table(
        "labour_disputes",
        sa.Column("dispute_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=18), nullable=False),
        sa.Column("workers", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('strike', 'collective_dispute', 'complaint')",
            name=op.f("ck_labour_disputes_kind_allowed"),
        ),
        sa.CheckConstraint("workers >= 0", name=op.f("ck_labour_disputes_workers_range")),
        sa.CheckConstraint(
            "ended_on IS NULL OR started_on <= ended_on",
            name=op.f("ck_labour_disputes_started_on_ended_on_order"),
        ),
        sa.ForeignKeyConstraint(
            ["bin"], ["employers.bin"], name=op.f("fk_labour_disputes_bin_employers")
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("dispute_id", name=op.f("pk_labour_disputes")).ddl_if(dialect=PG),
        comment="Labour disputes: strikes, collective disputes and complaints, with the workers involved.",
    )
    op.create_table(
        "training",
        sa.Column("training_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("paid_by", sa.String(length=8), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=True),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "paid_by IN ('employer', 'state', 'self')",
            name=op.f("ck_training_paid_by_allowed"),
        ),
        sa.CheckConstraint("hours >= 0", name=op.f("ck_training_hours_range")),
        sa.CheckConstraint(
            "finished_on IS NULL OR started_on <= finished_on",
            name=op.f("ck_training_started_on_finished_on_order"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_training_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_training_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.PrimaryKeyConstraint("training_id", name=op.f("pk_training")).ddl_if(dialect=PG),
        comment="Training of workers: where, for which occupation, how long and who paid.",
    )
    op.create_table(
        "compatriots",
        sa.Column("record_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("kato_of_interest", sa.String(length=9), nullable=True),
        sa.Column("nkz", sa.String(length=4), nullable=True),
        sa.Column("education", sa.String(length=10), nullable=False),
        sa.Column("intends_return_year", sa.BigInteger(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "education IN ('general', 'vocational', 'higher')",
            name=op.f("ck_compatriots_education_allowed"),
        ),
        sa.CheckConstraint(
            "intends_return_year IS NULL OR intends_return_year >= 1991 AND intends_return_year <= 2100",
            name=op.f("ck_compatriots_intends_return_year_range"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_compatriots_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_compatriots")).ddl_if(dialect=PG),
        comment="Compatriots abroad who registered an interest in returning: where to, for which work.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("compatriots")
    op.drop_table("training")
    op.drop_table("labour_disputes")
    op.drop_column("job_seekers", "nkz")
