/** Fixed identities and versions the emulator presents as (clearml-server 2.3.0, open-source defaults). */

/** The open-source server's built-in company. */
export const CLEARML_COMPANY_ID = 'd1bd92a3b039400cbafc60a7a5b1e52b';
export const CLEARML_COMPANY_NAME = 'clearml';

/** `apiserver/version.py` of the emulated server. */
export const SERVER_VERSION = '2.3.0';
export const SERVER_BUILD = '1';
export const SERVER_COMMIT = '0b769d48db8e20d5edb0e4bf2546a60f8709221a';
/** `server.info` `uid`: a fixed id so runs are reproducible. */
export const SERVER_UID = 'f3b0c5b2a6e94c1f8d7e2a9b4c6d8e01';

/** Who every accepted credential pair authenticates as. */
export interface ClearMLIdentity {
  readonly user: string;
  readonly company: string;
  readonly role: string;
  readonly user_name: string;
  readonly company_name: string;
}

/** The demo user (md5 of "switchyard:clearml:user:demo"). */
export const DEMO_IDENTITY: ClearMLIdentity = {
  user: '1a35708c4a712cd3d3135913b445b069',
  company: CLEARML_COMPANY_ID,
  role: 'user',
  user_name: 'Demo User',
  company_name: CLEARML_COMPANY_NAME,
};

/**
 * The demo key pair: a 30-character `[A-Z0-9]` access key and a 67-character url-safe secret, the
 * shapes `auth.create_credentials` issues (`secrets.token_urlsafe(50)`).
 */
export const CLEARML_DEMO_CREDENTIALS: { readonly accessKey: string; readonly secretKey: string } = {
  accessKey: 'SWITCHYARDCLEARMLDEMO000000001',
  secretKey: '_43VJIw7RWQLGYlY6KTB-RI-pml6Aa0o24gZLt3KcuR1PM_BoGLk1X1hbxTbe7Qo9Hs',
};

/** Default HS256 secret for `auth.login` tokens when none is configured. */
export const DEFAULT_TOKEN_SECRET = 'switchyard-clearml-emulator-token-secret';

/** `apiserver.auth.default_expiration_sec` / `max_expiration_sec`. */
export const DEFAULT_TOKEN_EXPIRATION_SEC = 2_592_000;
export const MAX_TOKEN_EXPIRATION_SEC = 31_536_000;
