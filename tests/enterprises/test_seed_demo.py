"""Demo data is labelled, reproducible, and never touches the plan or users' records."""

import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
from targets.models import Target
from tests import builders

pytestmark = pytest.mark.django_db


def test_seed_demo_labels_every_record_and_leaves_targets_and_real_records_alone():
    real = builders.enterprise("411402", name="真实企业")
    targets_before = list(Target.objects.values_list("pk", "minimum"))
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # a second run replaces, never duplicates
    demo = Enterprise.objects.filter(is_demo_data=True)
    assert demo.count() > 100
    assert all(name.startswith("【演示】") for name in demo.values_list("name", flat=True))
    assert Enterprise.objects.filter(pk=real.pk).exists()
    assert list(Target.objects.values_list("pk", "minimum")) == targets_before


def test_clearing_demo_data_removes_only_demo_records():
    real = builders.enterprise("411402")
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", "--clear", verbosity=0)
    assert list(Enterprise.objects.all()) == [real]
