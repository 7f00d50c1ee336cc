/* Builds the dashboard's Plotly.js bundle (`make plotly`, docs/performance.md): Plotly's core,
   which holds the scatter trace, and only the other traces the dashboard draws, minified with
   the options plotly.js builds its own dist bundles with (its esbuild-config.js, less the WebGL
   shader plugin: none of these traces has shaders). dcc.Graph loads it instead of the full
   plotly.min.js (dashboard/web/plotly_bundle.py). A trace missing here fails silently in the
   browser, so tests/web/test_plotly_bundle.py checks that every trace type the app's figures can
   hold is registered in the built file.

       node build.js OUTDIR    writes OUTDIR/plotly-dashboard.min.js and its licences */
'use strict';
var esbuild = require('esbuild');
var InlineCSSPlugin = require('esbuild-plugin-inline-css');
var fs = require('fs');
var path = require('path');

var TRACES = ['bar', 'choroplethmap', 'scattermap'];
var outdir = process.argv[2];
if(!outdir) { console.error('usage: node build.js OUTDIR'); process.exit(2); }
var outfile = path.resolve(outdir, 'plotly-dashboard.min.js');

var entry = "var Plotly = require('plotly.js/lib/core');\nPlotly.register([\n" +
    TRACES.map(function(name) { return "    require('plotly.js/lib/" + name + "')"; }).join(',\n') +
    '\n]);\nmodule.exports = Plotly;\n';

// The licence of every package whose code is in the bundle (the minified file keeps none).
function licences(metafile) {
    var seen = {};
    Object.keys(metafile.inputs).forEach(function(input) {
        var match = input.match(/^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//);
        if(match) seen[match[1]] = true;
    });
    return Object.keys(seen).sort().map(function(name) {
        var folder = path.join(__dirname, 'node_modules', name);
        var meta = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
        var file = fs.readdirSync(folder).filter(function(f) { return /^(licen[cs]e|copying)/i.test(f); })[0];
        var text = file ? fs.readFileSync(path.join(folder, file), 'utf8').trim() : '(licence: ' + meta.license + ')';
        return '== ' + name + ' ' + meta.version + ' (' + meta.license + ') ==\n\n' + text + '\n';
    }).join('\n');
}

esbuild.build({
    stdin: {contents: entry, resolveDir: __dirname, sourcefile: 'plotly-dashboard.js'},
    outfile: outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'none',
    metafile: true,
    plugins: [InlineCSSPlugin()],
    define: {global: 'window', 'define.amd': 'false'},
    target: 'es2016',
    logLevel: 'warning'
}).then(function(result) {
    var plotly = require('plotly.js/package.json').version;
    fs.writeFileSync(outfile, '/* plotly.js v' + plotly + ' (MIT), traces: scatter, ' + TRACES.join(', ') +
        '. Built by scripts/plotly_bundle (make plotly); licences in THIRD-PARTY-LICENSES.txt. */\n' +
        fs.readFileSync(outfile, 'utf8'));
    fs.writeFileSync(path.resolve(outdir, 'THIRD-PARTY-LICENSES.txt'), licences(result.metafile));
}).catch(function() { process.exit(1); });
