"""A reference app for the browser section: the empty app (one selectbox) plus one small plotly chart. Its first
render shows what any page with a chart pays in a new browser for Streamlit's plotly.js front-end code, apart from
what the dashboard itself draws (informative; the targets compare with the empty app)."""

import plotly.graph_objects as go
import streamlit as st

choice = st.selectbox("Choice", ["one", "two", "three"], key="choice")
st.write(f"Chosen: {choice}")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
