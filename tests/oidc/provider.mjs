// A real OpenID Connect provider (the certified `oidc-provider` package) for the single
// sign-on tests, shaped like Microsoft Entra ID: one provider per tenant at
// /<tenant id>/v2.0, every tenant signing with the same keys and putting its id in `tid`.
//
//   node tests/oidc/provider.mjs <port> [redirect URI...]   prints "ready" once it listens
//
// Tenants: ALLOWED and OTHER are honest; LIAR is a tenant whose tokens claim ALLOWED's tid.
// Besides each tenant's own discovery document, /<tid>/v2.0/<variant>/.well-known/... serves
// Entra's multi-tenant ("organizations") shape, whose issuer is the template
// <base>/{tenantid}/v2.0, and for the variants expired, audience and signature sends the
// token request through a step here that spoils the ID token in that one way.
//
// The sign-in page (GET /<tid>/v2.0/interaction/<uid>) asks for an email address and
// whether the person used a second factor (then the token's amr holds "mfa").
import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2] || 9400);
const base = `http://127.0.0.1:${port}`;
export const TENANTS = {
  allowed: "11111111-1111-4111-8111-111111111111",
  other: "22222222-2222-4222-8222-222222222222",
  liar: "33333333-3333-4333-8333-333333333333",
};
const CLIENT = {
  client_id: "nvaphub",
  client_secret: "local-test-secret",
  redirect_uris: [
    "http://testserver/accounts/sso/entra/callback/",
    "http://testserver/accounts/sso/oidc/callback/",
    ...process.argv.slice(3),
  ],
  grant_types: ["authorization_code"],
  response_types: ["code"],
  token_endpoint_auth_method: "client_secret_basic",
};

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "local-key-1", alg: "RS256", use: "sig" };

function b64url(value) {
  return Buffer.from(value).toString("base64url");
}

function resign(idToken, change) {
  const [header, payload] = idToken.split(".");
  const claims = change(JSON.parse(Buffer.from(payload, "base64url").toString()));
  const signingInput = `${header}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("RSA-SHA256", Buffer.from(signingInput), createPrivateKey({ key: jwk, format: "jwk" }));
  return `${signingInput}.${signature.toString("base64url")}`;
}

const SPOIL = {
  expired: (t) => resign(t, (c) => ({ ...c, iat: c.iat - 3600, exp: Math.floor(Date.now() / 1000) - 1800 })),
  audience: (t) => resign(t, (c) => ({ ...c, aud: "another-application" })),
  signature: (t) => {
    const [h, p, s] = t.split(".");
    const flipped = (s[5] === "A" ? "B" : "A");
    return `${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`;
  },
};

function providerFor(tid, claimedTid) {
  const provider = new Provider(`${base}/${tid}/v2.0`, {
    clients: [CLIENT],
    jwks: { keys: [jwk] },
    cookies: { keys: ["local-test-cookie-key"] },
    claims: { openid: ["sub", "tid", "amr"], email: ["email"], profile: ["name"], acr: null, sid: null, auth_time: null },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (ctx, interaction) => `/${tid}/v2.0/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: createHash("sha256").update(`${tid}:${id}`).digest("hex").slice(0, 32),
            email: id,
            name: id.split("@")[0],
            tid: claimedTid,
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      // A first-party application: no consent screen.
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  return provider;
}

const providers = {
  [TENANTS.allowed]: providerFor(TENANTS.allowed, TENANTS.allowed),
  [TENANTS.other]: providerFor(TENANTS.other, TENANTS.other),
  [TENANTS.liar]: providerFor(TENANTS.liar, TENANTS.allowed),
};

function body(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
  });
}

function send(res, status, type, text) {
  res.writeHead(status, { "content-type": type });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, base);
  const match = url.pathname.match(/^\/([0-9a-f-]{36})\/v2\.0(\/.*)?$/);
  const provider = match && providers[match[1]];
  if (!provider) return send(res, 404, "text/plain", "no such tenant");
  const tid = match[1];
  const rest = match[2] || "/";

  const variant = rest.match(/^\/(common|expired|audience|signature)(\/.*)$/);
  if (variant) {
    const [, kind, tail] = variant;
    if (tail === "/.well-known/openid-configuration") {
      const own = await (await fetch(`${base}/${tid}/v2.0/.well-known/openid-configuration`)).json();
      const doc = { ...own, issuer: `${base}/{tenantid}/v2.0` };
      if (kind !== "common") doc.token_endpoint = `${base}/${tid}/v2.0/${kind}/token`;
      return send(res, 200, "application/json", JSON.stringify(doc));
    }
    if (tail === "/token" && req.method === "POST" && SPOIL[kind]) {
      const answer = await fetch(`${base}/${tid}/v2.0/token`, {
        method: "POST",
        headers: { "content-type": req.headers["content-type"], authorization: req.headers.authorization || "" },
        body: await body(req),
      });
      const tokens = await answer.json();
      if (tokens.id_token) tokens.id_token = SPOIL[kind](tokens.id_token);
      return send(res, answer.status, "application/json", JSON.stringify(tokens));
    }
    return send(res, 404, "text/plain", "no such page");
  }

  const interaction = rest.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (interaction) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "GET") {
      return send(
        res,
        200,
        "text/html",
        `<!doctype html><title>Sign in</title><form method="post" action="/${tid}/v2.0/interaction/${details.uid}/login">` +
          `<label>Email <input name="login"></label><label><input type="checkbox" name="mfa" value="1"> Used a second factor</label>` +
          `<button>Sign in</button></form>`,
      );
    }
    const form = new URLSearchParams(await body(req));
    const amr = form.get("mfa") ? ["pwd", "mfa"] : ["pwd"];
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: form.get("login"), amr } },
      { mergeWithLastSubmission: false },
    );
  }

  req.originalUrl = req.url;
  req.url = req.url.slice(`/${tid}/v2.0`.length) || "/";
  return provider.callback()(req, res);
});

server.listen(port, "127.0.0.1", () => console.log("ready"));
