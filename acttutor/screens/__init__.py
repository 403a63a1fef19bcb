"""One module per screen of the tutor."""
