"""The course's questions with their answers, for other tools: plain records, JSON, Anki decks."""
