"""Reusable widgets: the activation chart, parameter controls, probe readout."""
