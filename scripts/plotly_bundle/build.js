/* Builds the dashboard's Plotly.js (`make plotly`, docs/performance.md): Plotly's core, which
   holds the scatter trace, and only the other traces the dashboard draws, minified with the
   options plotly.js builds its own dist bundles with (its esbuild-config.js, less the WebGL
   shader plugin: none of these traces has shaders). dcc.Graph uses it instead of the full
   plotly.min.js (dashboard/web/plotly_bundle.py). A trace missing here fails silently in the
   browser, so tests/web/test_plotly_bundle.py checks that every trace type the app's figures can
   hold is registered in the built files.

   The output is ES modules, not one script, so MapLibre's code crosses a slow line once.
   MapLibre 6 ships as three modules: the map (maplibre-gl.mjs), its web worker
   (maplibre-gl-worker.mjs) and the code both import (maplibre-gl-shared.mjs, 513 kB). plotly.js
   bundles the map and shared code into its own file, and the worker again, shared code
   included, as a string it starts the worker from: 0.5 MB (about 140 kB compressed) of the
   first visit twice over. Here MapLibre's modules stay as MapLibre ships them, next to
   plotly.mjs; plotly.mjs imports the map from ./maplibre-gl.mjs, and the string Plotly starts
   its worker from only imports ./maplibre-gl-worker.mjs (a module worker, as MapLibre starts
   one itself), so the worker takes the shared code from the browser's cache.

   Every module is also written compressed at Brotli's highest quality (name.br): too slow to do
   per request (about 7 s for 3 MB), a fifth smaller than the fast levels the app compresses
   other responses with. The server sends it to browsers that accept Brotli.

       node build.js OUTDIR    writes OUTDIR/{plotly,maplibre-gl,maplibre-gl-shared,maplibre-gl-worker}.mjs,
                               each with .br beside it, and the licences */
'use strict';
var esbuild = require('esbuild');
var InlineCSSPlugin = require('esbuild-plugin-inline-css');
var fs = require('fs');
var path = require('path');
var zlib = require('zlib');

// Two builds of the same Plotly. Without online tiles (the default, offline) the maps are drawn
// by Plotly's own SVG maps (choropleth, scattergeo, with d3-geo), not MapLibre (252 kB over the
// line, a quarter of a first visit): plotly-svg.mjs, 340 kB over the line against 350 + 252. With tiles configured,
// MapLibre draws them: plotly.mjs and MapLibre's three modules. The server names one set to
// the page (dashboard/web/plotly_bundle.py); the figures are the same either way until the
// last step (dashboard/figures/svg_map.py).
var BUILDS = [
    {file: 'plotly.mjs', traces: ['bar', 'choroplethmap', 'scattermap']},
    // Plotly's SVG maps draw a world map beneath the traces from a topojson file fetched from
    // its CDN (config.topojsonURL) whenever the first trace names a locationmode, as a
    // choropleth of our boundaries does ("geojson-id"), even with every base layer hidden. An
    // empty topology stands in for it, so no map ever asks an outside host.
    {file: 'plotly-svg.mjs', traces: ['bar', 'choropleth', 'scattergeo'],
     withoutMaplibre: true,
     after: "window.PlotlyGeoAssets.topojson['world_110m'] = {type: 'Topology', objects: {}, arcs: []};\n"}
];
var MAPLIBRE = ['maplibre-gl.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl-worker.mjs'];
var outdir = process.argv[2];
if(!outdir) { console.error('usage: node build.js OUTDIR'); process.exit(2); }

function entry(build) {
    return "var Plotly = require('plotly.js/lib/core');\nPlotly.register([\n" +
        build.traces.map(function(name) { return "    require('plotly.js/lib/" + name + "')"; }).join(',\n') +
        '\n]);\n' + (build.after || '') + 'export default Plotly;\n';
}

// plotly.js's map code requires MapLibre's map module and the worker's source (a string, passed
// to MapLibre as a blob URL). Both are answered here: the map from the module beside this one,
// the worker by a one-line module importing the worker beside this one (a blob cannot name a
// relative address, so it is made absolute from this module's own).
var separateMaplibre = {
    name: 'separate-maplibre',
    setup: function(build) {
        build.onResolve({filter: /^maplibre-gl\/dist\/maplibre-gl\.mjs$/}, function() {
            return {path: 'maplibre-gl', namespace: 'separate-maplibre'};
        });
        build.onLoad({filter: /^maplibre-gl$/, namespace: 'separate-maplibre'}, function() {
            return {contents: "export * from './maplibre-gl.mjs';", loader: 'js', resolveDir: __dirname};
        });
        build.onResolve({filter: /^\.\/maplibre-gl\.mjs$/}, function() {
            return {path: './maplibre-gl.mjs', external: true};
        });
        build.onResolve({filter: /\/build\/maplibre_worker$/}, function() {
            return {path: 'worker-source', namespace: 'separate-maplibre'};
        });
        build.onLoad({filter: /^worker-source$/, namespace: 'separate-maplibre'}, function() {
            return {contents: "module.exports = 'import ' + JSON.stringify(require('worker-address').default) + ';';",
                    loader: 'js', resolveDir: __dirname};
        });
        build.onResolve({filter: /^worker-address$/}, function() {
            return {path: 'worker-address', namespace: 'separate-maplibre'};
        });
        build.onLoad({filter: /^worker-address$/, namespace: 'separate-maplibre'}, function() {
            return {contents: "export default new URL('./maplibre-gl-worker.mjs', import.meta.url).href;", loader: 'js'};
        });
    }
};

// Parts of Plotly that no figure here uses, each replaced by a module that adds nothing (about
// 190 kB of the entry before compression). tests/web/test_plotly_bundle.py checks that no figure
// the app makes asks for one of them.
var UNUSED = [
    // Components Plotly's core registers: layout.updatemenus, .sliders, .images, .grid, range
    // sliders and selectors, error bars, 3-D annotations. Plotly asks for a component's methods
    // through its registry, which gives a no-op for a component it does not have, and ignores an
    // attribute of one; the replacement registers a private API method no one calls, the one kind
    // of module Plotly registers without adding anything a figure can use.
    {filter: /^\.\/components\/(annotations3d|images|updatemenus|sliders|rangeslider|rangeselector|errorbars|grid)$/,
     importer: /[\\/]plotly\.js[\\/]src[\\/]core\.js$/,
     contents: function(request) {
         return 'module.exports = {moduleType: "apiMethod", name: "_unused_' + request.split('/').pop() +
             '", fn: function() {}};';
     }},
    // The world's country names (67 kB), for locationmode "country names": the maps here join
    // their areas to the boundaries' feature ids. A name would be reported unrecognised.
    {filter: /^country-iso-search$/,
     contents: function() {
         return 'module.exports = {COUNTRIES: [], createLookup: function() {' +
             ' return {lookupAlpha3: function() { return undefined; }}; }};';
     }},
    // The ArcGIS satellite styles (online tiles, 39 kB): the maps here are "white-bg", with
    // raster tiles only from a configured address (dashboard/figures/choropleth.py). Blank.
    {filter: /^\.\/styles\/arcgis-sat(-hybrid)?$/,
     importer: /[\\/]plots[\\/]map[\\/]constants\.js$/,
     contents: function() { return 'module.exports = {version: 8, sources: {}, layers: []};'; }}
];

// Without MapLibre, its style sheet too (83 kB before compression): Plotly's registry requires
// it whatever the build and adds it to the page only when a map trace registers. And the SVG
// maps draw in Mercator (dashboard/figures/svg_map.py), which d3-geo has: d3-geo-projection's
// other projections (71 kB) are left out; a figure asking for one would fail to draw
// (tests/figures/test_svg_map.py checks the maps ask for Mercator, and
// tests/web/test_plotly_bundle.py that this build draws it).
var SVG_UNUSED = UNUSED.concat([
    {filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/,
     importer: /[\\/]plotly\.js[\\/]src[\\/]registry\.js$/,
     contents: function() { return ''; }},
    {filter: /^d3-geo-projection$/,
     importer: /[\\/]plotly\.js[\\/]src[\\/]plots[\\/]geo[\\/]geo\.js$/,
     contents: function() { return 'module.exports = {};'; }}
]);

function replaceUnused(rules) {
    return {
        name: 'replace-unused',
        setup: function(build) {
            rules.forEach(function(rule, index) {
                build.onResolve({filter: rule.filter}, function(args) {
                    if(rule.importer && !rule.importer.test(args.importer)) return undefined;
                    return {path: index + ':' + args.path, namespace: 'replace-unused'};
                });
            });
            build.onLoad({filter: /.*/, namespace: 'replace-unused'}, function(args) {
                var split = args.path.indexOf(':');
                return {contents: rules[+args.path.slice(0, split)].contents(args.path.slice(split + 1)), loader: 'js'};
            });
        }
    };
}

function licenceOf(name) {
    var folder = path.join(__dirname, 'node_modules', name);
    var meta = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    var file = fs.readdirSync(folder).filter(function(f) { return /^(licen[cs]e|copying)/i.test(f); })[0];
    var text = file ? fs.readFileSync(path.join(folder, file), 'utf8').trim() : '(licence: ' + meta.license + ')';
    return '== ' + name + ' ' + meta.version + ' (' + meta.license + ') ==\n\n' + text + '\n';
}

// The licence of every package whose code is served (the minified files keep none).
function licences(metafile) {
    var seen = {'maplibre-gl': true};
    Object.keys(metafile.inputs).forEach(function(input) {
        var match = input.match(/^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//);
        if(match) seen[match[1]] = true;
    });
    return Object.keys(seen).sort().map(licenceOf).join('\n');
}

function brotli(file) {
    fs.writeFileSync(file + '.br', zlib.brotliCompressSync(fs.readFileSync(file), {params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(file).size}}));
}

function bundle(build) {
    var outfile = path.resolve(outdir, build.file);
    return esbuild.build({
        stdin: {contents: entry(build), resolveDir: __dirname, sourcefile: 'plotly-dashboard.js'},
        outfile: outfile,
        format: 'esm',
        bundle: true,
        minify: true,
        legalComments: 'none',
        metafile: true,
        plugins: [separateMaplibre, replaceUnused(build.withoutMaplibre ? SVG_UNUSED : UNUSED), InlineCSSPlugin()],
        define: {global: 'window', 'define.amd': 'false'},
        // import.meta and module workers: every browser that has them reads ES2020.
        target: 'es2020',
        logLevel: 'warning'
    }).then(function(result) {
        var plotly = require('plotly.js/package.json').version;
        fs.writeFileSync(outfile, '/* plotly.js v' + plotly + ' (MIT), traces: scatter, ' + build.traces.join(', ') +
            '; without layout components it does not use, country names or satellite styles' +
            '. Built by scripts/plotly_bundle (make plotly); licences in THIRD-PARTY-LICENSES.txt. */\n' +
            fs.readFileSync(outfile, 'utf8'));
        brotli(outfile);
        return result.metafile;
    });
}

Promise.all(BUILDS.map(bundle)).then(function(metafiles) {
    MAPLIBRE.forEach(function(name) {
        fs.copyFileSync(path.join(__dirname, 'node_modules', 'maplibre-gl', 'dist', name), path.resolve(outdir, name));
        brotli(path.resolve(outdir, name));
    });
    var inputs = {};
    metafiles.forEach(function(metafile) { Object.assign(inputs, metafile.inputs); });
    fs.writeFileSync(path.resolve(outdir, 'THIRD-PARTY-LICENSES.txt'), licences({inputs: inputs}));
}).catch(function(error) { console.error(error); process.exit(1); });
