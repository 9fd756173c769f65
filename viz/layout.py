"""vis-network options: physics that stabilises within bounded iterations, then stops (page script)."""

from __future__ import annotations

BIG_NETWORK = 300  # nodes: above this, fewer iterations, straight edges, no hover
IMPROVED_LAYOUT_MAX = 100  # vis-network's improvedLayout (Kamada-Kawai clustering) only below this
FIXED_LAYOUT_MAX = 800  # nodes: up to this the page lays the network out itself before the first drawing


def layout_mode(nodes: int) -> str:
    """``fixed``: the page script places the nodes (community-aware force layout, a few hundred ms at 800
    nodes) before vis-network draws them, physics off, so nothing moves and there is no layout wait;
    ``physics``: vis-network's bounded Barnes-Hut stabilisation (bigger networks)."""
    return "fixed" if nodes <= FIXED_LAYOUT_MAX else "physics"


def stabilization_iterations(nodes: int) -> int:
    """Bounded layout work: each iteration costs more with more nodes (about 75 ms at 1,500 nodes)."""
    for limit, iterations in ((100, 1000), (300, 500), (800, 200)):
        if nodes <= limit:
            return iterations
    return 100


def vis_options(nodes: int, edges: int) -> dict[str, object]:
    """Options for a network of ``nodes`` nodes and ``edges`` edges; big ones stay responsive."""
    big = nodes > BIG_NETWORK or edges > 3 * BIG_NETWORK
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "DejaVu Sans, Arial, sans-serif", "color": "#212121"},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9e9e9e", "highlight": "#263238", "hover": "#455a64", "inherit": False},
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "scaling": {"min": 1, "max": 8},
            "selectionWidth": 2,
        },
        "layout": {"improvedLayout": nodes <= IMPROVED_LAYOUT_MAX, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -3000 if big else -6000,
                "centralGravity": 0.3,
                "springLength": 110 if big else 150,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0 if big else 0.3,
            },
            "maxVelocity": 50,
            "minVelocity": 1,
            "timestep": 0.5,
            "stabilization": {
                "enabled": True,
                "iterations": stabilization_iterations(nodes),
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
    }
