"""Demo data for Tingsryd, one module per concept: the six areas and a dozen places, the municipality's,
the police's, the joint and the § 4 lägesbild (adopted by KS § 23), three focus areas with cause
analyses, two trygghetsvandringar, the statistics, and three residents' reports of unsafe places.

Idempotent: every object is looked up by its natural key and validated with full_clean(); status moves
and imports go through lagesbild.services, so the demo data passes the same rules as real data.
"""

from ..models import Area, Dialogue, Place, Problem, SituationReport
from . import dialogue, place, problem, report, statistics, unsafe_place


def load(*, stdout) -> None:
    areas, places = place.load()
    reports = report.load()
    problem.load(areas, places, reports)
    dialogue.load(areas, places)
    unsafe_place.load(places)
    statistics.load(stdout=stdout)
    stdout.write(
        f"Lägesbild: {Area.objects.count()} områden, {Place.objects.count()} platser, "
        f"{SituationReport.objects.count()} lägesbilder, {Problem.objects.count()} problem, "
        f"{Dialogue.objects.count()} dialoger"
    )
