"""A county page finds its county among the units read once per data version: no query of its own on a
busy morning, a change to a county seen on the next request, and other counties' pages still do not exist
for county staff."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from counties.models import County
from dashboards import drilldown
from targets import freshness

pytestmark = pytest.mark.django_db


def test_the_second_request_for_a_county_or_an_unknown_code_reads_no_table_of_counties(leader):
    version = freshness.data_version()
    drilldown.county_for(leader, "411403", version=version)

    with CaptureQueriesContext(connection) as queries:
        county = drilldown.county_for(leader, "411403", version=version)
        with pytest.raises(Http404):
            drilldown.county_for(leader, "NOPE", version=version)

    assert county.name == "睢阳区"
    assert not [q for q in queries if "counties_county" in q["sql"]]


def test_a_renamed_county_is_shown_by_its_new_name_on_the_next_request(client, leader):
    client.force_login(leader)
    assert client.get("/counties/411402/").context["county"].name_en != "Liangyuan District (renamed)"
    county = County.objects.get(code="411402")
    county.name_en = "Liangyuan District (renamed)"
    county.save()

    assert client.get("/counties/411402/").context["county"].name_en == "Liangyuan District (renamed)"


def test_county_staff_meet_no_page_of_another_county(client, liangyuan_officer):
    client.force_login(liangyuan_officer)

    assert client.get("/counties/411402/").status_code == 200
    assert client.get("/counties/411403/").status_code == 404
    assert client.get("/counties/NOPE/").status_code == 404


def test_a_leader_opens_every_unit_and_no_unknown_one(client, leader):
    client.force_login(leader)

    assert client.get("/counties/411403/").status_code == 200
    assert client.get("/counties/411400/").status_code == 404  # the city as a whole is not a county page
