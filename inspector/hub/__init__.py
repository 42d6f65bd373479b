"""The office hub on PostgreSQL (issue 20): connection profiles (:mod:`.connection`), the hub itself (:mod:`.store`)."""
