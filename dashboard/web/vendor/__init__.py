"""Browser files from the npm registry, committed so the app needs neither npm nor the internet:
Plotly's modules (``dashboard.web.plotly_bundle``), Workbox (``dashboard.web.offline``) and
regenerator-runtime (``dashboard.web.dash_scripts``), each with its licence."""

# Dash names the files it serves from a package with the package's version and the file's time
# (``_dash-component-suites/dashboard.web.vendor/<path>.v<version>m<time>.js``): regenerator-runtime's.
__version__ = "0.14.1"
