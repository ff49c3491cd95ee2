"""What kg writes besides RDF: atomic file writes (`atomic`, `tmpfiles`), plain-text tables and a
progress line for the terminal (`table`, `progress`), rdflib's log messages told once (`rdflib_log`).
"""
