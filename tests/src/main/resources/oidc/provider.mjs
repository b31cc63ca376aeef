// A real OpenID Connect provider for the tests (panva's oidc-provider from npm): Parley's OAuth login runs the
// authorization-code flow with PKCE against it, and Prosody checks the tokens through its introspection endpoint.
// Started by im.parley.testkit.OidcAuthority with: PORT, REDIRECT_URIS (JSON array), INTROSPECTION_SECRET.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const shortTtl = 2; // seconds: the tokens of the client "machine-short" expire almost at once
const accessShortTtl = 5; // seconds: the access tokens of "parley-short"

const provider = new Provider(issuer, {
  clients: [
    {
      // Parley, a public client in the browser: no secret, PKCE required.
      client_id: 'parley',
      token_endpoint_auth_method: 'none',
      redirect_uris: JSON.parse(process.env.REDIRECT_URIS || '[]'),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      // Parley again, with refresh tokens and access tokens that expire after a few seconds: the worker must
      // refresh them for reconnects to log in.
      client_id: 'parley-short',
      token_endpoint_auth_method: 'none',
      redirect_uris: JSON.parse(process.env.REDIRECT_URIS || '[]'),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      // Parley with refresh tokens that last (access tokens of an hour): "stay logged in" keeps the refresh token.
      client_id: 'parley-keep',
      token_endpoint_auth_method: 'none',
      redirect_uris: JSON.parse(process.env.REDIRECT_URIS || '[]'),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      // Prosody (through the tests' introspection adapter): may only introspect.
      client_id: 'prosody',
      client_secret: process.env.INTROSPECTION_SECRET,
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'machine',
      client_secret: 'machine-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'machine-short',
      client_secret: 'machine-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  features: {
    devInteractions: { enabled: true }, // a plain login and consent page (any login name)
    introspection: { enabled: true, allowedPolicy: async () => true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
  },
  pkce: { required: () => true },
  // A refresh token for every client allowed the grant (not only with the offline_access scope).
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: {
    AccessToken: (ctx, token, client) => (client && client.clientId === 'parley-short' ? accessShortTtl : 3600),
    ClientCredentials: (ctx, token, client) => (client.clientId === 'machine-short' ? shortTtl : 3600),
    Grant: 3600,
    Interaction: 600,
    Session: 3600,
  },
  clientBasedCORS: () => true,
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  cookies: { keys: ['parley-tests-only'] },
});
provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
