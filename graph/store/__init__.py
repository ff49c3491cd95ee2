"""Graphs held outside Python: the on-disk Oxigraph store that grows document by document
(`kgstore`), a read-only Oxigraph view of a graph file for reading big graphs fast
(`oxigraph_view`), and a SPARQL server a graph is pushed to (`push`).
"""
