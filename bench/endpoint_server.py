"""rdflib-endpoint serving an N-Quads dump, for the HTTP comparison (run by ``bench.http_bench``).

python -m bench.endpoint_server --data store.nq --port 8123
"""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.endpoint_server")
    parser.add_argument("--data", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(args.data, format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/", public_url=f"http://127.0.0.1:{args.port}/")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
