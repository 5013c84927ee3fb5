"""The bare-stack baseline: an empty Streamlit app with one selectbox (benchmarks compare every page with it)."""

import streamlit as st

choice = st.selectbox("Choice", ["one", "two", "three"], key="choice")
st.write(f"Chosen: {choice}")
