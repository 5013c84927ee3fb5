// One chart: a plotly figure drawn by our plotly.js build (see dashboard/ui/plotly_view.py and
// scripts/plotly_bundle). The bundle and the locale are fetched once per page (one <script> each, shared by every
// chart); each chart keeps its <div> between reruns and is redrawn with Plotly.react. Data arrive as JSON and go to
// plotly.js as data: nothing from them is ever inserted as HTML by this code.

const loads = (window.__ogpPlotlyLoads = window.__ogpPlotlyLoads || {});

function load(src) {
  if (!loads[src]) {
    loads[src] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => {
        delete loads[src];
        reject(new Error("not loaded: " + src));
      };
      document.head.appendChild(script);
    });
  }
  return loads[src];
}

function plotly(data) {
  // Without its locale a chart still draws (English month names): only the bundle is required.
  const locale = () => (data.locale ? load(data.locale).catch(() => null) : null);
  return load(data.bundle).then(locale).then(() => window.Plotly);
}

export default function (component) {
  const { data, parentElement } = component;
  if (!data.figure) {  // preload (plotly_view.preload): fetch and run plotly.js, draw nothing
    plotly(data).catch(() => null);
    return undefined;
  }
  let box = parentElement.querySelector(":scope > .ogp-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "ogp-chart";
    box.setAttribute("role", "figure");
    box.dataset.testid = "ogpChart";
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.label);
  const figure = JSON.parse(data.figure);
  const draw = (box.ogpDraw = (box.ogpDraw || 0) + 1);
  plotly(data)
    .then((Plotly) => {
      if (draw !== box.ogpDraw) return null;  // a newer rerun's figure is on its way
      box.querySelector(":scope > .ogp-chart-failed")?.remove();
      return Plotly.react(box, figure.data || [], figure.layout || {}, data.config).then(() => {
        box.ogpDrawn = true;
      });
    })
    .catch(() => {
      if (box.querySelector(":scope > .ogp-chart-failed")) return;
      const note = document.createElement("p");
      note.className = "ogp-chart-failed";
      note.textContent = data.failed;
      box.appendChild(note);
    });
  // Follow the column's width (sidebar opened or closed, window resized) without plotly's window listener.
  const observer = new ResizeObserver(() => {
    if (box.ogpDrawn) window.Plotly.Plots.resize(box);
  });
  observer.observe(box);
  return () => {
    observer.disconnect();
    // Called before the next render too: free plotly's state only when the chart has left the page.
    setTimeout(() => {
      if (!box.isConnected && window.Plotly) window.Plotly.purge(box);
    }, 0);
  };
}
