__version__ = "0.1.0"
# offline and telemetry-off defaults must be in place before huggingface_hub, wandb or gradio are imported
from .core import set_offline_defaults as _set_offline_defaults
_set_offline_defaults()
