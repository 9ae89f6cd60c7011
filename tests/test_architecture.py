"""The project's shape, read from its source with `ast` (tests/architecture.py), the apps, bench and the
tests themselves: no import cycles, imports only downwards (trygg ← actors ← lagesbild ← cycles), no
private names across modules, no file over 600 lines, no `models_x.py` beside `models.py`, no import
hiding at the bottom of a module. The last tests check the checker itself on a small tree with known
faults."""

import functools
import textwrap

import pytest

from tests import architecture as arch

project = functools.cache(arch.load)


def _check(check, title):
    """Fail with one line per finding (file and line), without a traceback."""
    if problems := check(project()):
        pytest.fail(f"{title} ({len(problems)}):\n  " + "\n  ".join(problems), pytrace=False)


def test_no_import_cycles():
    _check(arch.import_cycles, "Import cycles")


def test_imports_go_one_way_trygg_actors_lagesbild_cycles():
    _check(arch.import_direction, "Imports against trygg ← actors ← lagesbild ← cycles")


def test_no_private_name_imported_from_another_module():
    _check(arch.private_imports, "Private names imported from another module")


def test_no_file_over_600_lines():
    _check(arch.long_files, f"Files over {arch.MAX_LINES} lines (outside migrations)")


def test_no_sibling_modules_named_for_their_layer():
    _check(arch.layer_suffix_modules, "Modules named <layer>_<x>.py (make the layer a package)")


def test_no_import_below_the_first_def_or_class():
    _check(arch.late_imports, "Imports below the first top-level def/class")


def test_the_checker_reads_the_whole_project():
    names = set(project())
    assert {"trygg.settings", "actors.models", "lagesbild.views.public", "cycles.urls", "bench.run"} <= names
    assert {"tests.conftest", "tests.cycles.factories", "tests.browser.session"} <= names
    assert not any(".migrations" in name for name in names)


# The checker itself, on a tree with known faults.

FAULTY = {
    "trygg/__init__.py": "",
    "trygg/settings.py": "from cycles import models\n",  # settings may name every app
    "trygg/urls.py": "import cycles.urls\n",  # so may the root URLconf
    "trygg/util.py": '"""Too long."""\n' + "X = 1\n" * 601,
    "trygg/forms_auth.py": "from .util import X, __version__\n",
    "actors/__init__.py": "",
    "actors/models.py": """
        from trygg.util import X

        def f():
            from lagesbild import views  # upwards, inside a function
            return views
    """,
    "lagesbild/__init__.py": "",
    "lagesbild/views/__init__.py": "from . import public, work  # a package re-exporting its submodules\n",
    "lagesbild/views/public.py": "from lagesbild.views.work import helper\n",  # no edge to the parent
    "lagesbild/views/work.py": """
        from ..charts import _draw

        def helper():
            return _draw

        from .. import charts  # a bottom-of-file import
    """,
    "lagesbild/charts.py": """
        from typing import TYPE_CHECKING

        def _draw():
            from .views import work
            return work

        if TYPE_CHECKING:
            from trygg.util import X
    """,
    "lagesbild/migrations/0001_initial.py": "from cycles.models import _anything\n" + "X = 1\n" * 700,
    "cycles/__init__.py": "",
    "cycles/models.py": """
        from trygg import util
        from . import services as s

        class Plan:
            pass

        from .models_followup import FollowUp  # noqa: E402
    """,
    "cycles/models_followup.py": "from .models import Plan\n",
    "cycles/services.py": "import cycles.models\n",
    "cycles/urls.py": "from . import _helpers\n",  # a private module is a private name too
    "cycles/_helpers.py": "",
    "bench/run.py": "import cycles.models\nimport lagesbild.charts\n",
    "tests/cycles/test_plan.py": "from cycles.models import Plan, _draft\n" + "X = 1\n" * 600,  # tests too
}


@pytest.fixture
def faulty(tmp_path):
    return _tree(tmp_path, FAULTY)


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return arch.load(root)


def test_checker_finds_each_cycle_with_its_files(faulty):
    assert arch.import_cycles(faulty) == [
        "cycles.models (cycles/models.py:7) -> cycles.models_followup (cycles/models_followup.py:1) "
        "-> cycles.models",
        "cycles.models (cycles/models.py:2) -> cycles.services (cycles/services.py:1) -> cycles.models",
        "lagesbild.charts (lagesbild/charts.py:4) -> lagesbild.views.work (lagesbild/views/work.py:1) "
        "-> lagesbild.charts",
    ]


def test_checker_finds_upward_imports_but_lets_settings_urls_and_bench_name_every_app(faulty):
    assert arch.import_direction(faulty) == [
        "actors/models.py:4: actors.models imports lagesbild.views",
    ]


def test_checker_finds_private_names_but_not_dunders(faulty):
    assert arch.private_imports(faulty) == [
        "lagesbild/views/work.py:1: imports _draw from lagesbild.charts",
        "cycles/urls.py:1: imports _helpers from cycles",
        "tests/cycles/test_plan.py:1: imports _draft from cycles.models",
    ]


def test_checker_finds_long_files_outside_migrations(faulty):
    assert arch.long_files(faulty) == ["trygg/util.py: 602 lines", "tests/cycles/test_plan.py: 601 lines"]


def test_checker_finds_modules_named_for_their_layer(faulty):
    assert arch.layer_suffix_modules(faulty) == [
        "trygg/forms_auth.py: forms_auth is named for its layer; make the layer a package",
        "cycles/models_followup.py: models_followup is named for its layer; make the layer a package",
    ]


def test_checker_finds_imports_below_the_first_definition_but_not_type_checking_ones(faulty):
    assert arch.late_imports(faulty) == [
        "lagesbild/views/work.py:6: import below the first def/class",
        "cycles/models.py:7: import below the first def/class",
    ]


def test_checker_passes_a_sound_tree(tmp_path):
    sound = {name: text for name, text in FAULTY.items() if name.startswith(("trygg/__", "lagesbild/"))}
    sound |= {
        "lagesbild/views/work.py": "from ..charts import draw\n\ndef helper():\n    return draw\n",
        "lagesbild/charts.py": "def draw():\n    from trygg import dates\n    return dates\n",
        "trygg/dates.py": "",
    }
    modules = _tree(tmp_path, sound)
    assert "lagesbild.views.public" in modules
    for check in (
        arch.import_cycles,
        arch.import_direction,
        arch.private_imports,
        arch.long_files,
        arch.layer_suffix_modules,
        arch.late_imports,
    ):
        assert check(modules) == [], check.__name__
