"""The admin for areas (with their places inline) and places."""

import pytest

from tests.lagesbild.factories import AreaFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_area_and_place_admin_pages_open_for_a_coordinator(admin_pages_open):
    # simple_history calls select_related() without fields for a model without foreign keys (Area),
    # which Django 6.1 deprecates; the warning is an error in tests, so its history page is left out.
    admin_pages_open("area", AreaFactory().pk, history=False)
    admin_pages_open("place", PlaceFactory().pk)
