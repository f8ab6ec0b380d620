"""Budget disclosure pipeline: PDF → Document → tables/records → findings → output/.

`pipeline.open(path)` and `pipeline.run(paths, out=...)` are the Python API (see `pipeline.api`);
they are loaded on first use so that importing one stage does not import them all.
"""


def __getattr__(name: str):
    if name in ("open", "run"):
        from pipeline import api
        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
