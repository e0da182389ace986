"""The demo shows key projects with realistic progress, and never touches what the city recorded."""

import pytest
from django.core.management import call_command

from milestones.demo import clear_progress, seed_progress
from milestones.models import Attachment, ProgressEntry
from milestones.services import progress_record
from targets.models import Milestone, MilestoneStatus
from tests.milestones.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_the_demo_gives_a_few_projects_dated_progress_with_a_file():
    seed_progress()
    entries = ProgressEntry.objects.filter(is_demo_data=True)
    assert entries.values("milestone").distinct().count() >= 4
    assert Attachment.objects.filter(entry__is_demo_data=True, original_name__endswith=".docx").exists()
    assert all(e.note.startswith("【演示】") and e.recorded_at.year <= 2018 for e in entries)
    bonded = Milestone.objects.get(code="bonded_logistics_centre")
    assert bonded.status == MilestoneStatus.DONE and str(bonded.reached_on) == "2016-12-16"


def test_reseeding_replaces_the_demo_progress_instead_of_adding_to_it():
    call_command("seed_demo", verbosity=0)
    first = ProgressEntry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert ProgressEntry.objects.count() == first


def test_clearing_the_demo_puts_each_project_back_as_it_was():
    seed_progress()
    clear_progress()
    assert not ProgressEntry.objects.exists()
    assert Milestone.objects.get(code="bonded_logistics_centre").status == MilestoneStatus.NOT_STARTED


def test_a_project_the_city_recorded_gets_no_demo_progress(city_admin):
    bonded = Milestone.objects.get(code="bonded_logistics_centre")
    progress_record(milestone=bonded, by=city_admin, status="in_progress", note="真实进展")
    seed_progress()
    clear_progress()
    assert list(bonded.progress_entries.values_list("note", flat=True)) == ["真实进展"]
    bonded.refresh_from_db()
    assert (bonded.status, bonded.evidence) == ("in_progress", "真实进展")


def test_clearing_the_demo_removes_its_files_from_disk(media, django_capture_on_commit_callbacks):
    seed_progress()
    assert stored_files(media)
    with django_capture_on_commit_callbacks(execute=True):
        clear_progress()
    assert stored_files(media) == []
