"""pytest settings: the `slow` marker (skipped by `make test`, run by `make test FLAGS=slow` and CI), like the notebooks' `slow` cells;
and one workspace with a real run (models, etl, features: the sample corpus embedded) shared by the endpoint and app tests."""
import pytest

def pytest_configure(config):
    config.addinivalue_line('markers', 'slow: crash tests and multi-run cache checks; run with `make test FLAGS=slow`')

@pytest.fixture(scope='session')
def embedded_home(tmp_path_factory):
    "A workspace after `llmtwin run --to features --run-id first-run`: the sample corpus imported and embedded, one run with its report"
    from test_cli import llmtwin
    home = tmp_path_factory.mktemp('embedded')
    r = llmtwin('run', '--to', 'features', '--run-id', 'first-run', '--no-wandb', '--json', home=home)
    assert r.returncode == 0, r.stderr[-2000:]
    return home
