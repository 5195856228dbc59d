"""model/paths.py: every shipped file the model reads is where the paths say, inside the repository."""

from __future__ import annotations

from model import paths


def test_every_path_is_inside_the_project_and_exists():
    named = {name: getattr(paths, name) for name in dir(paths) if name.isupper()}
    assert {"REGIONS_CSV", "OBSERVATIONS_CSV", "TARGETS_CSV", "ASSUMPTIONS_CSV", "LOCALES_DIR"} <= set(named)
    for name, path in named.items():
        assert path.exists(), name
        assert path == paths.PROJECT_ROOT or paths.PROJECT_ROOT in path.parents, name


def test_the_root_is_the_repository():
    assert (paths.PROJECT_ROOT / "model" / "paths.py").is_file()
    assert paths.NATIONAL_CSV.parent == paths.SOURCES_DIR
