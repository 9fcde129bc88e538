"""Every page renders for its owner, with the athlete's units and real numbers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/athletes/{a}/today",
        "/athletes/{a}/fitness",
        "/athletes/{a}/fitness?days=90",
        "/athletes/{a}/fitness?days=0",
        "/athletes/{a}/calendar",
        "/athletes/{a}/activities",
        "/athletes/{a}/upload",
        "/athletes/{a}/settings",
        "/activities/{act}",
        "/squad",
    ],
)
def test_pages_render_for_their_owner(world, make_client, path):
    client = make_client(user="ann")
    response = client.get(path.format(a=world.a, act=world.a_activity))
    assert response.status_code == 200, response.text[:500]
    assert "text/html" in response.headers["content-type"]
    assert "ann" in response.text
