"""Data tables of the demo data set: names, organisations, topics and text fragments.

Everything here is fictional except what the reference press release P 309/2017 names (the
Städtetag Baden-Württemberg, its clerk, advisor and Dezernent, Minister Manne Lucha) and the
public institutions themselves; the persons at municipalities, associations and newspapers are
invented.
"""
