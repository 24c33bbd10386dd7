"""Staff forms of triage: one per transition and reassignment
(``transitions``), a commissioner's assessment and possible duplicates
(``assessment``), and the correction of one answer (``corrections``). The
forms only collect; each calls a service of ``eoi.triage``."""
