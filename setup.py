from configparser import ConfigParser
import setuptools, shlex

# note: all settings are in settings.ini; edit there, not here
config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

expected = 'version description keywords author author_email license min_python lib_name git_url'.split()
for o in expected: assert o in cfg, f"missing expected setting: {o}"

def reqs(key): return shlex.split(cfg.get(key, ''))

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    license='Apache Software License 2.0', author=cfg['author'], author_email=cfg['author_email'],
    keywords=cfg['keywords'], url=cfg['git_url'], packages=setuptools.find_packages(include=['llmtwin', 'llmtwin.*']),
    include_package_data=True, install_requires=reqs('requirements'),
    extras_require={'dev': reqs('dev_requirements'), 'gpu': reqs('gpu_requirements')},
    python_requires='>=' + cfg['min_python'], zip_safe=False,
    long_description=open('README.md', encoding='utf-8').read() if __import__('os').path.exists('README.md') else '',
    long_description_content_type='text/markdown',
    entry_points={'console_scripts': cfg.get('console_scripts', '').split(), 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]})
