"""Every read-side query of the store, in one place: the CLI verbs, the analyses, the report
and the dashboard call these functions and hold no SQL themselves, so changing a query means
editing one module here.

* :mod:`~flashpoint.store.queries.common`: SQL pieces shared by the others (dates, date
  windows, stories, topic relevance) and rows as dicts.
* :mod:`~flashpoint.store.queries.events`: event rows and their filters; the event and stance
  frames of the analyses.
* :mod:`~flashpoint.store.queries.actors`: the one count of actors, names, example mentions,
  the store's pack.
* :mod:`~flashpoint.store.queries.items`: sentences, mentions, recommendations, archive
  references, frames, the overview's counts, the discourse verbs' lists.
* :mod:`~flashpoint.store.queries.search`: the full-text ranking query.
* :mod:`~flashpoint.store.queries.report`: document views and the report's sections.
* :mod:`~flashpoint.store.queries.dashboard`: the dashboard's page indexes and lists.
* :mod:`~flashpoint.store.queries.runs`: runs, a run's summary, stored texts for folding.

Each function takes a DuckDB connection (or cursor) of a store opened by
:func:`flashpoint.store.open_store` and returns plain rows or a DataFrame. These modules import
nothing from the CLI, the analyses, the report or the dashboard; filters come in as objects
with the attributes a query reads (``Window``, ``events.Filters``). What writes the store
(``duckdb_store``, ``search_index``, ``schema.sql``) keeps its SQL beside the store.
"""
