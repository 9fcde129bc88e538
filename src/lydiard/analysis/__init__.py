"""Analysis of one activity: splits, reps, grade-adjusted pace, best efforts, climbing, zones."""
