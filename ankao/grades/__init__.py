"""Grades and their consequences (五（三）2): the grade files of a repository read as years of results."""
