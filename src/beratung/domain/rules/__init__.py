"""Pure rules of the domain: letters, validation, search folding, dates, press numbering, templates.

Everything here is a plain function over plain values: no database, no Qt, no file or network
I/O. That keeps the rules fast to test exhaustively (hypothesis) and lets the services, the
documents and the importers share exactly one definition of each rule.
"""
