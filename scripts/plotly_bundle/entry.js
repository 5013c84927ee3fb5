// plotly.js's core (which holds the scatter trace, used for lines, markers and the map's filled shapes) with the
// only other trace types the dashboard draws. Keep in line with TRACE_TYPES in dashboard/ui/plotly_view.py.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);

module.exports = Plotly;
