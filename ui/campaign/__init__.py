"""The campaign (issue 17): the board of a plan (:mod:`ui.campaign.board`), what its inspections found
(:mod:`ui.campaign.analytics`) and the charts both the screen and the documents draw (:mod:`ui.campaign.charts`)."""
