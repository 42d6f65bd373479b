"""The campaign (issue 17): the board of a plan (:mod:`ui.campaign.board`) and its charts (:mod:`ui.campaign.charts`)."""
