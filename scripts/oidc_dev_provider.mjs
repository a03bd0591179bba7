// A real OpenID Connect provider (npm's oidc-provider, OpenID Certified) for tests and development, in the
// shape of ID-porten or of Entra ID. Never for production: it lets anyone log in as a demo identity.
//
//   node scripts/oidc_dev_provider.mjs --shape idporten --port 0 --rp http://127.0.0.1:8000 \
//        --client-id idv-dev --client-secret dev-secret [--tenant-id TID] [--test-controls]
//
// It prints one JSON line {"issuer": ..., "port": ...} on stdout once it listens (port 0 picks a free one).
//
// ID-porten shape: PKCE required, acr values idporten-loa-substantial and idporten-loa-high (MinID or BankID
// on the login page), a `pid` claim (the national identity number) in the ID token, pairwise `sub`,
// end-session endpoint and back-channel logout. No name and no email, as in ID-porten.
// Entra shape: `oid` (stable per person), `tid` (the tenant), `roles` (app roles), name, email and
// preferred_username; `sub` is pairwise per client as in Entra, so accounts must be keyed on `oid`.
//
// --test-controls adds POST /__test/sign: it signs the JSON claims in the body with the provider's own key,
// so that tests can hand our client an ID token that is correctly signed but expired, for another audience
// or with a wrong nonce.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    shape: { type: 'string', default: 'idporten' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    rp: { type: 'string', default: 'http://127.0.0.1:8000' },
    'client-id': { type: 'string', default: 'ideverkstedet-dev' },
    'client-secret': { type: 'string', default: 'dev-secret-not-for-production' },
    'tenant-id': { type: 'string', default: '8b0a4a0e-4c43-4c2b-9d1e-d3f0e1e3a5b1' },
    'test-controls': { type: 'boolean', default: false },
  },
});

const shape = args.shape;
if (!['idporten', 'entra'].includes(shape)) {
  console.error(`unknown --shape ${shape}: idporten or entra`);
  process.exit(2);
}
const rp = args.rp.replace(/\/$/, '');
const tenantId = args['tenant-id'];

// Demo identities. ID-porten: synthetic national identity numbers (month + 80, as Norway's test population).
const IDPORTEN_PEOPLE = {
  '05818099963': 'Testperson Kari',
  '12817099921': 'Testperson Ola',
  '24829099972': 'Testperson Nora',
};
const ENTRA_PEOPLE = {
  'ansatt@demo.kommune.no': { oid: '4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a01', name: 'Anne Ansatt', roles: [] },
  'radgiver@demo.kommune.no': {
    oid: '4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a02', name: 'Rita Rådgiver', roles: ['Ideverkstedet.Radgiver'],
  },
  'ny.radgiver@demo.kommune.no': {
    oid: '4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a03', name: 'Nils Ny-Rådgiver', roles: ['Ideverkstedet.Radgiver'],
  },
  'ny.ansatt@demo.kommune.no': { oid: '4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a04', name: 'Nina Nyansatt', roles: [] },
};
const ACR_METHODS = {
  'idporten-loa-substantial': 'MinID (betydelig)',
  'idporten-loa-high': 'BankID (høy)',
};

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p><strong>Testtjener for utvikling (${shape === 'idporten' ? 'ID-porten' : 'Entra ID'}).</strong></p>
${body}</main></body></html>`;
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const kid = randomBytes(8).toString('hex');
const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(args.port), args.host, resolve));
const { port } = server.address();
const issuer = `http://${args.host}:${port}`;

const pairwiseSalt = randomBytes(16).toString('hex');

const configuration = {
  clients: [
    {
      client_id: args['client-id'],
      client_secret: args['client-secret'],
      redirect_uris: [`${rp}/konto/oidc/${shape}/login/callback/`],
      post_logout_redirect_uris: [`${rp}/`, `${rp}/konto/logg-inn/`],
      backchannel_logout_uri: `${rp}/konto/oidc/${shape}/backchannel-logout/`,
      backchannel_logout_session_required: true,
      subject_type: 'pairwise',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: {
    keys: [randomBytes(32).toString('hex')],
    names: { session: `_${shape}_session`, interaction: `_${shape}_interaction`, resume: `_${shape}_resume` },
  },
  jwks: { keys: [privateJwk] },
  subjectTypes: ['public', 'pairwise'],
  async pairwiseIdentifier(ctx, accountId, client) {
    return createHash('sha256').update(`${client.sectorIdentifier}|${accountId}|${pairwiseSalt}`).digest('hex');
  },
  // Claims go into the ID token too (as ID-porten's pid and Entra's oid/tid/roles do), not only userinfo.
  conformIdTokenClaims: false,
  claims:
    shape === 'idporten'
      ? { openid: ['sub', 'pid', 'locale'] }
      : {
        openid: ['sub', 'oid', 'tid', 'roles'],
        profile: ['name', 'preferred_username'],
        email: ['email'],
      },
  scopes: shape === 'idporten' ? ['openid'] : ['openid', 'profile', 'email'],
  acrValues: shape === 'idporten' ? Object.keys(ACR_METHODS) : [],
  pkce: { required: () => shape === 'idporten' },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page('Logg ut', `<p>Vil du logge ut av ${shape === 'idporten' ? 'ID-porten' : 'jobbkontoen'}?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logg ut</button>
<button type="submit" form="op.logoutForm">Nei, bli innlogget</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Du er logget ut', '<p>Du er logget ut.</p>');
      },
    },
    claimsParameter: { enabled: false },
  },
  // The provider refuses outgoing requests to loopback addresses (SSRF protection); this one exists to call
  // our site on this machine (back-channel logout), so it drops that guard. Never a production set-up.
  fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
  ttl: { IdToken: 3600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  async findAccount(ctx, accountId) {
    if (shape === 'idporten') {
      if (!/^\d{11}$/.test(accountId)) return undefined;
      return { accountId, claims: async () => ({ sub: accountId, pid: accountId, locale: 'nb' }) };
    }
    const person = ENTRA_PEOPLE[accountId];
    if (!person) return undefined;
    return {
      accountId,
      claims: async () => ({
        sub: accountId,
        oid: person.oid,
        tid: tenantId,
        roles: person.roles,
        name: person.name,
        preferred_username: accountId,
        email: accountId,
      }),
    };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Noe gikk galt', `<p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description || '')}</p>`);
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;
provider.on('backchannel.error', (ctx, error, client) => console.error(`back-channel logout to ${client.clientId} failed: ${error.message}`));
provider.on('backchannel.success', (ctx, client) => console.error(`back-channel logout to ${client.clientId}: ok`));
const handleOidc = provider.callback();

function loginForm(uid, params, error) {
  if (shape === 'idporten') {
    const wanted = String(params.acr_values || 'idporten-loa-substantial').split(' ')[0];
    const people = Object.entries(IDPORTEN_PEOPLE)
      .map(([pid, label]) => `<li>${escapeHtml(label)}: <code>${pid}</code></li>`).join('');
    const methods = Object.entries(ACR_METHODS)
      .map(([acr, label]) => `<p><label><input type="radio" name="acr" value="${acr}"${acr === wanted ? ' checked' : ''}> ${escapeHtml(label)}</label></p>`)
      .join('');
    return page('Logg inn med ID-porten', `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<p><label for="pid">Fødselsnummer (testperson)</label><br><input id="pid" name="pid" inputmode="numeric" autocomplete="off" required></p>
<fieldset><legend>Innloggingsmetode</legend>${methods}</fieldset>
<p><button type="submit">Logg inn</button></p></form>
<p>Testpersoner: </p><ul>${people}</ul>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Avbryt</button></form>`);
  }
  const people = Object.keys(ENTRA_PEOPLE).map((u) => `<li><code>${escapeHtml(u)}</code></li>`).join('');
  return page('Logg inn på jobbkontoen', `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<p><label for="username">Brukernavn</label><br><input id="username" name="username" autocomplete="off" required></p>
<p><label for="password">Passord</label><br><input id="password" name="password" type="password" required></p>
<p><button type="submit">Logg inn</button></p></form>
<p>Testbrukere (passord: <code>demo</code>):</p><ul>${people}</ul>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Avbryt</button></form>`);
}

function consentForm(uid, details) {
  const scopes = details.prompt.details.missingOIDCScope || [];
  return page('Samtykke', `<p>Ideverkstedet ber om å få vite hvem du er (${escapeHtml(scopes.join(', ') || 'openid')}).</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Godta</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Avbryt</button></form>`);
}

async function interaction(req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Ugyldig forespørsel', '<p>Feil økt.</p>'));
  if (req.method === 'GET') {
    if (details.prompt.name === 'login') return send(res, 200, loginForm(uid, details.params, ''));
    return send(res, 200, consentForm(uid, details));
  }
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }
  if (action === 'login') {
    const form = await readForm(req);
    let accountId;
    let acr;
    if (shape === 'idporten') {
      accountId = (form.get('pid') || '').trim();
      acr = form.get('acr') || 'idporten-loa-substantial';
      if (!/^\d{11}$/.test(accountId) || !ACR_METHODS[acr]) {
        return send(res, 400, loginForm(uid, details.params, 'Skriv et fødselsnummer med 11 siffer.'));
      }
    } else {
      accountId = (form.get('username') || '').trim().toLowerCase();
      if (!ENTRA_PEOPLE[accountId] || form.get('password') !== 'demo') {
        return send(res, 400, loginForm(uid, details.params, 'Feil brukernavn eller passord.'));
      }
    }
    return provider.interactionFinished(req, res, {
      login: { accountId, ...(acr ? { acr, amr: [acr === 'idporten-loa-high' ? 'BankID' : 'Minid-PIN'] } : {}) },
    }, { mergeWithLastSubmission: false });
  }
  if (action === 'confirm') {
    const { prompt: { details: missing }, params, session: { accountId }, grantId } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
      mergeWithLastSubmission: true,
    });
  }
  return send(res, 404, page('Fant ikke siden', ''));
}

async function testSign(req, res) {
  const claims = await readJson(req);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid, typ: claims.events ? 'logout+jwt' : 'JWT' })
    .sign(privateKey);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token }));
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res, url);
    if (args['test-controls'] && url.pathname === '/__test/sign' && req.method === 'POST') {
      return await testSign(req, res);
    }
    return handleOidc(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 400, page('Noe gikk galt', `<p>${escapeHtml(error.message)}</p>`));
  }
});

void publicKey;
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ issuer, port, shape })}\n`);
