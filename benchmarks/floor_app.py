"""Minimal reference app: the UI-latency floor that the real app is compared to.

One slider and one small Altair line chart whose data depend on the slider.
Anything Streamlit itself costs per rerun shows up here; whatever the real app
adds on top is the part we own.
"""

import altair as alt
import pandas as pd
import streamlit as st

k = st.slider("Nilai k", min_value=0, max_value=100, value=50)

xs = list(range(50))
data = pd.DataFrame({"x": xs, "y": [k * x / 50 for x in xs]})
chart = alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q").properties(height=200)
st.altair_chart(chart, width="stretch")
