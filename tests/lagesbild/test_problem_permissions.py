"""Who may see problems and dialogues: visible_to() (shared by the two) checked against their
view rules over every persona, so that lists and single objects agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lagesbild.models import Dialogue, Problem
from tests.lagesbild.factories import DialogueFactory, ProblemFactory
from tests.personas import ALL_PERSONAS
from trygg.visibility import Visibility


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_problem_and_dialogue_visible_to_match_the_view_rules(request, world, persona):
    for visibility in Visibility.values:
        ProblemFactory(visibility=visibility)
        DialogueFactory(visibility=visibility)
    client = request.getfixturevalue(persona)
    user = getattr(client, "user", AnonymousUser())
    for model, perm in ((Problem, "lagesbild.view_problem"), (Dialogue, "lagesbild.view_dialogue")):
        listed = set(model.objects.visible_to(user))
        assert listed == {o for o in model.objects.all() if user.has_perm(perm, o)}
