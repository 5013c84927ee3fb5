// esbuild with plotly.js's own settings (its esbuild-config.js) minus the WebGL shader plugin (no WebGL trace here):
// an IIFE that defines window.Plotly, minified, the licences of everything bundled kept at the end of the file.
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

const out = process.argv[2] || `plotly-ogp-${version}.min.js`;
esbuild
  .build({
    entryPoints: ['./entry.js'],
    outfile: out,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    banner: { js: `/*! plotly.js v${version} (bar, heatmap, scatter; scripts/plotly_bundle), MIT licence */` },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
  })
  .then(() => console.log(out))
  .catch(() => process.exit(1));
