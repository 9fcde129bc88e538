"""What each page shows, built from the store and the core.

The same values feed the HTML pages and the JSON API.
"""
