"""Learning Commons core: reads every page and the git history once and builds the wiki's model.

Nothing in this package imports MkDocs. The adapter ``hooks/mkdocs_adapter.py`` translates MkDocs
events into calls on this package and its results back into MkDocs objects, so the core can move to
another site generator when Material for MkDocs reaches end of life.
"""
