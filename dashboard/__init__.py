"""The supervisors' dashboard (Streamlit)."""
