"""The Turtle prefixes of the hand-written graphs in the view tests (docs/rdf-model.md)."""

PREFIXES = """
@prefix kg: <https://w3id.org/kg-builder/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix entity: <https://example.org/kg/entity/> .
@prefix rel: <https://example.org/kg/relation/> .
@prefix stmt: <https://example.org/kg/statement/> .
@prefix sent: <https://example.org/kg/sentence/> .
@prefix doc: <https://example.org/kg/document/> .
"""
