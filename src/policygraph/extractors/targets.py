def find_targets(text, *, doc_year=None):
    return []
