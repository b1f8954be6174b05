"""Word documents and text templates: the writers behind `render`, `comments merge -o`, notices."""
