"""The quarterly bulletin (季度通报): one content, built from the progress engine, rendered to DOCX and PDF.

``content.bulletin_content`` builds a ``document.Document`` (headings, paragraphs, tables, figures) in the
active language; ``charts`` draws its figures with matplotlib; ``docx`` and ``pdf`` lay the same blocks
out, so the two files cannot say different things. ``services`` generates, stores and sends them.
"""
