"""Physiology: load, fitness and fatigue, risk guards, HRV, lactate, races and paces."""
