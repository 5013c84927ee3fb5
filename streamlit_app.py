"""Entry point: `streamlit run streamlit_app.py`. The frame (page config, language, filters in the URL, dataset,
navigation) is dashboard/ui/app.py; the pages are dashboard/ui/pages/*.py."""

from dashboard.ui.app import main

main()
