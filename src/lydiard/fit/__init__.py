"""The FIT protocol shared by the reader and the writers: profile, base types, CRC."""
