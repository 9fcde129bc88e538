"""A physiological athlete model that turns planned sessions into realistic activities."""
