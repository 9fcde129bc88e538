"""Planning: Lydiard periodised plans toward a goal race, and their adaptation."""
