"""Who may use which webhook: the bridges need the internal token; REST is local-only unless it has a token."""

from __future__ import annotations

from bot.channels.access import bearer_token, internal_refusal, is_loopback, rest_refusal


def test_the_bridges_need_exactly_the_internal_token():
    assert internal_refusal("Bearer s3cret", "s3cret") is None
    assert internal_refusal("bearer s3cret", "s3cret") is None
    for header in (None, "", "Bearer", "Bearer wrong", "s3cret", "Basic s3cret"):
        assert "internal token" in internal_refusal(header, "s3cret")
    assert "TRUSTCOACH_RASA_TOKEN" in internal_refusal("Bearer ", "")  # no token configured: closed


def test_rest_without_a_token_is_for_this_machine_only():
    assert rest_refusal("127.0.0.1", None, "") is None
    assert rest_refusal("::1", None, "") is None
    refusal = rest_refusal("192.0.2.7", None, "")
    assert "this machine only" in refusal and "TRUSTCOACH_REST_TOKEN" in refusal
    assert rest_refusal(None, None, "") is not None


def test_rest_with_a_token_needs_it_from_everyone():
    assert rest_refusal("192.0.2.7", "Bearer rest-token", "rest-token") is None
    assert "needs its token" in rest_refusal("127.0.0.1", None, "rest-token")
    assert rest_refusal("127.0.0.1", "Bearer other", "rest-token") is not None


def test_header_parsing():
    assert bearer_token("Bearer  abc ") == "abc"
    assert bearer_token("Token abc") is None
    assert is_loopback("127.0.0.53") and not is_loopback("10.0.0.1") and not is_loopback("nonsense")
