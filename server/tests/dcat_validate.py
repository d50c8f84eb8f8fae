"""Validates a DCAT-AP.de catalogue (JSON-LD) against the SHACL shapes of DCAT-AP.de 2.0, profile
"Spezifikation" (server/tests/dcat-ap-de/, from GovDataOfficial/DCAT-AP.de, CC BY 4.0).

The profile's dcat-ap-de-imports.ttl only imports vocabularies from the internet, which the
build machine cannot reach; vocabulary-excerpt.ttl holds the statements of those vocabularies
about the terms the catalogue uses. Prints every result; exits 1 on any violation and on any
warning except the one the shapes themselves say may be ignored (a dct:Location given as a
geocoding address instead of a geometry)."""
import pathlib
import sys

import pyshacl
import rdflib

here = pathlib.Path(__file__).parent / "dcat-ap-de"
data = rdflib.Graph().parse(sys.argv[1], format="json-ld")
data.parse(here / "vocabulary-excerpt.ttl", format="turtle")
shapes = rdflib.Graph()
for name in [
    "dcat-ap-spec-german-messages.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-deprecated.ttl",
    "dcat-ap_2.1.1_shacl_shapes.ttl",
]:
    shapes.parse(here / name, format="turtle")

_, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
IGNORABLE = "können Sie den Fehler ignorieren"
failures = []
for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
    severity = results.value(result, SH.resultSeverity)
    message = str(results.value(result, SH.resultMessage))
    focus = results.value(result, SH.focusNode)
    if severity == SH.Warning and IGNORABLE in message:
        print(f"ignored warning at {focus}: {message}")
        continue
    failures.append(f"{severity.split('#')[-1]} at {focus}: {message}")
datasets = len(list(data.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset"))))
print(f"{len(data)} triples, {datasets} datasets, {len(failures)} violations or warnings")
for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
