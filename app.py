"""Simulasi UCJ — placeholder entry: the shipped baseline table (the workshop pages come next)."""

import streamlit as st

from model import load_baseline

st.set_page_config(page_title="Simulasi UCJ", layout="wide")
st.title("Simulasi UCJ — data dasar")
st.dataframe(load_baseline().frame, hide_index=True)
