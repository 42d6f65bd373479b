"""公文: the letters of a record (检查通知 of a plan's department; 整改复查意见书, 督办通知 and the art. 33 letters of a
rectification notice), drafted, issued and exported from :class:`ui.letters.dialog.LetterDialog`."""
