"""Exporters: FIT workouts and activities, ICS calendars, intervals.icu text, GPX."""
