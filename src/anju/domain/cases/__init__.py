"""Cases (办件): the lifecycle table, the intake rule, deadlines, notices, 好差评 and the audit chain.

Pure: no I/O, dates are parameters, the working-day calendar is injected. The services in
:mod:`anju.services.cases` store what these functions return, one transaction per move.
"""
