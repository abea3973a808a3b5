"""The population evaluator: the policy pack's rules run column-wise over Polars frames.

One rule set, two evaluators. The per-person engine (:mod:`anju.domain.policy`) explains one
decision; this package compiles the *same* expression sources to Polars expressions
(:mod:`.compile`), derives every catalogue fact for a whole population from the depositor
tables (:mod:`.facts`) and decides every business for every row (:mod:`.decide`) with the
per-person engine's logic. The parity tests hold the two to identical outcomes, amounts and
failed rule ids. See docs/screening.md.
"""
