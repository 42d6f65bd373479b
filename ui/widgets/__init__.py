"""Shared widgets: the page base, the table model base and configure_table, the palette, form fields, labels, evidence, the document preview."""
