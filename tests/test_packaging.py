"Pins live in settings.ini; environment.yml and constraints.txt must agree with them."
import configparser, shlex
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]

def settings():
    c = configparser.ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini')
    return c['DEFAULT']

def test_environment_yml_mirrors_settings_ini():
    s = settings()
    pinned = shlex.split(s['requirements']) + shlex.split(s['dev_requirements'])
    env = yaml.safe_load((ROOT/'environment.yml').read_text())
    pip = next(d['pip'] for d in env['dependencies'] if isinstance(d, dict))
    assert pip == pinned
    assert 'python=' + s['min_python'] in env['dependencies']

def test_every_requirement_is_pinned_and_torch_is_the_constraint():
    s = settings()
    for r in shlex.split(s['requirements']) + shlex.split(s['gpu_requirements']): assert '==' in r, r
    assert 'torch==2.13.0' in (ROOT/'constraints.txt').read_text().split()
    assert 'torch==2.13.0' in shlex.split(s['requirements'])

def test_every_run_config_parses_and_names_real_stages():
    from llmtwin.config import load_config
    from llmtwin.run import plan
    for f in sorted((ROOT/'configs').glob('*.yaml')):
        cfg = load_config(f)
        assert [s.name for s, _ in plan(cfg)] == list(cfg.stages), f
