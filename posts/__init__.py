"""Turn an article into tips, posts with captions, and card images."""
