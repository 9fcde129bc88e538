"""Importers: FIT, GPX, TCX and Strava exports into the canonical Activity."""
