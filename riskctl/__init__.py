"""riskctl: risk and policy registers as YAML files in git."""

__version__ = "0.1.0"
