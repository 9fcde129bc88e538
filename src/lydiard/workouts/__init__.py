"""The workout language: sessions written the way coaches write them."""
