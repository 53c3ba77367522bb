"""The review page: the article with every claim's evidence highlighted by status (issue 13)."""
