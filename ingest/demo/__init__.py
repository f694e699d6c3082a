"""Synthetic self-evaluation reports in the real formats, with planted anomalies and their truth."""
