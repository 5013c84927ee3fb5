"""Chart builders: pure functions from a metric query's DataFrame and a language to a plotly Figure.

No Streamlit here. Each chart records in its figure's layout.meta the catalog key of its "how computed" caption
(`common.caption_key(fig)`) and its table alternative (`common.table_alternative(fig, lang)`). The title and subtitle
are laid out and read back as plain text in one place (charts/titles.py: `figure_title(fig)`, `set_subtitle`).
"""

from dashboard.charts.common import caption, caption_key, is_empty, table_alternative
from dashboard.charts.comparison import comparison_chart
from dashboard.charts.completion import completion_chart
from dashboard.charts.heatmap import jurisdiction_theme_heatmap
from dashboard.charts.map import municipality_map
from dashboard.charts.slippage import slip_distribution_chart, slippage_summary_chart
from dashboard.charts.timeline import commitment_timeline, milestone_timeline, shown
from dashboard.charts.titles import figure_subtitle, figure_title, set_subtitle

__all__ = [
    "caption", "caption_key", "is_empty", "table_alternative",
    "comparison_chart", "completion_chart", "jurisdiction_theme_heatmap", "municipality_map",
    "slip_distribution_chart", "slippage_summary_chart",
    "commitment_timeline", "milestone_timeline", "shown",
    "figure_subtitle", "figure_title", "set_subtitle",
]
