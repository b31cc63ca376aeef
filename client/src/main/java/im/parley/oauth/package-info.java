/**
 * OAuth 2.0 for Converse's {@code authentication: 'oauth'}: the authorization-code flow with PKCE (RFC 6749,
 * RFC 7636) against an OpenID Connect provider found by its discovery document, run from the worker
 * ({@link im.parley.oauth.OAuthFlow}): the worker makes the verifier and exchanges the code, so the token never
 * reaches the frame or the page; the frame only opens the provider's page and passes the code back. The token then
 * logs in with SASL OAUTHBEARER ({@link im.parley.sasl.OAuthBearerMechanism}).
 */
package im.parley.oauth;
