"""standgen: turns a trade-fair stand kept as YAML into print- and screen-ready PDFs."""

__version__ = "0.1.0"
