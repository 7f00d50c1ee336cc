"""Map overlay layers, one module each (returnees, providers, fairs, DCC activity).

Filled by the map issue; layers turn query results into traces and never touch HTTP.
"""
