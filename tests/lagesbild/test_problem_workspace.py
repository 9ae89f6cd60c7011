"""Problems in the workspace: focus areas with their cause analyses, confidential ones hidden from
the board, and a query count that does not grow with the rows."""

import pytest

from tests.lagesbild.factories import CauseAnalysisFactory, PlaceFactory, ProblemFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_problem_list_shows_cause_analyses_and_hides_confidential_from_board(board_client):
    focus = ProblemFactory(prioritised=True, priority=1, title="Torget kvällstid")
    CauseAnalysisFactory(problem=focus, offender_motivation="Unga utan sysselsättning.")
    ProblemFactory(prioritised=True, priority=2, title="Saknar analys")
    ProblemFactory(visibility=Visibility.CONFIDENTIAL, title="Sekretessbelagt problem")
    response = board_client.get("/arbete/problem/")
    html = response.content.decode()
    assert [p.title for p in response.context["problems"]] == ["Torget kvällstid", "Saknar analys"]
    assert "Unga utan sysselsättning." in html
    assert "Orsaksanalys saknas för det här fokusområdet." in html
    assert "Sekretessbelagt problem" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_problem_list_query_count_is_constant(coordinator_client, count, django_assert_num_queries):
    for _ in range(count):
        CauseAnalysisFactory().problem.places.add(PlaceFactory())
    coordinator_client.get("/arbete/problem/")  # warm the session and the settings cache
    with django_assert_num_queries(12):
        response = coordinator_client.get("/arbete/problem/")
    assert len(response.context["problems"]) == count
