"""Map overlay layers, one module each; importing this package registers them all.

The map composes whatever is in ``REGISTRY``, drawn in each layer's ``order``.
"""

from layers import (  # noqa: F401  (registers each)
    awareness,
    dcc_activity,
    fairs,
    hotline,
    providers,
    referral_flows,
    returnees,
)
from layers.base import REGISTRY, LayerView, MapLayer, ordered_layers, register

__all__ = ["REGISTRY", "LayerView", "MapLayer", "ordered_layers", "register"]
