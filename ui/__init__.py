"""Streamlit-facing helpers: language, number formats, charts, sidebar levers, cached model runs."""
