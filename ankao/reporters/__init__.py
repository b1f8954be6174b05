"""Reporters at the edge: findings as text, JSON or GitHub annotations, and tables of many rows."""
