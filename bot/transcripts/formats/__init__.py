"""Readers for transcript formats other than plain labelled text: captions, podcast JSON, HTML, PDF, DOCX."""
