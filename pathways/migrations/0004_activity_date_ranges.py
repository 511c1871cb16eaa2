"""An updating activity covers a run of days (issue 14): ``end_date`` joins ``date`` (now the first day),
and ``hours`` are the hours on each day. Every entry logged before this covered one day, so its last day
is its first."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models
from django.db.models import F

import pathways.models


def one_day_each(apps, schema_editor):
    UpdatingActivity = apps.get_model("pathways", "UpdatingActivity")
    UpdatingActivity.objects.filter(end_date__isnull=True).update(end_date=F("date"))


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0003_nation_support_by_pathway"),
    ]

    operations = [
        migrations.AddField(
            model_name="updatingactivity",
            name="end_date",
            field=models.DateField(null=True, validators=[pathways.models.validate_not_future], verbose_name="last day"),
        ),
        migrations.RunPython(one_day_each, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="updatingactivity",
            name="end_date",
            field=models.DateField(validators=[pathways.models.validate_not_future], verbose_name="last day"),
        ),
        migrations.AlterField(
            model_name="updatingactivity",
            name="date",
            field=models.DateField(validators=[pathways.models.validate_not_future], verbose_name="first day"),
        ),
        migrations.AlterField(
            model_name="updatingactivity",
            name="hours",
            field=models.DecimalField(
                decimal_places=2,
                max_digits=4,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0.25")),
                    django.core.validators.MaxValueValidator(Decimal("24")),
                ],
                verbose_name="hours each day",
            ),
        ),
        migrations.AddConstraint(
            model_name="updatingactivity",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__gte", F("date"))), name="activity_ends_on_or_after_it_starts"
            ),
        ),
    ]
