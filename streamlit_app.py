"""Entry point: `streamlit run streamlit_app.py`. The frame (page config, language, filters in the URL, dataset,
navigation) is dashboard/app_frame.py; the pages are dashboard/pages/*.py."""

from dashboard.app_frame import main

main()
