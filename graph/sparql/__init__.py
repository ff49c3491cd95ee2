"""SPARQL over a graph: what a request may do, read from its parse tree (`query`), its answer
as a table, CSV, TSV or JSON (`query`, `result_formats`), evaluated in a child process that a
timeout or a signal can stop (`child`).
"""
