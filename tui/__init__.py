"""timedialog: inbox, message and standard texts for patients' messages about appointments."""

__version__ = "0.1.0"
